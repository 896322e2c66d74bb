using System.Globalization;
using System.Text;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Formats.Tests;

/// <summary>
/// The Curtois-Qu importer: the twelve instances in problems/curtois-qu, spot checks of Instance1 against its text, agreement with
/// the independent parser of the test utilities, and one test per kind of malformed input.
/// </summary>
public sealed class CurtoisQuFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-curtois-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<int> Instances() => new(Enumerable.Range(1, 12));

    private static string PathOf(int instance) => Path.Combine(TestData.CurtoisQu, $"Instance{instance}.txt");

    private static string Instance1Text => File.ReadAllText(PathOf(1));

    private static Problem Parse(string text, string name = "Instance1.txt") => CurtoisQuFile.Parse(new StringReader(text), name);

    /// <summary>Instance1's text with 1-based line <paramref name="line"/> replaced (a replacement may hold several lines).</summary>
    private static string Edit(int line, string replacement)
    {
        var lines = Instance1Text.Split("\r\n");
        lines[line - 1] = replacement;
        return string.Join("\r\n", lines);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Read_SharedInstance_ValidatesAndMatchesBestKnownSizes(int instance)
    {
        var row = File.ReadAllLines(Path.Combine(TestData.CurtoisQu, "best_known.csv"))
            .Select(l => l.Split(','))
            .Single(f => f[0] == $"Instance{instance}");
        var (days, employees, types) = (int.Parse(row[1], CultureInfo.InvariantCulture), int.Parse(row[2], CultureInfo.InvariantCulture), int.Parse(row[3], CultureInfo.InvariantCulture));

        var problem = CurtoisQuFile.Read(PathOf(instance));

        Assert.Empty(ProblemValidator.Validate(problem));
        Assert.Equal($"Instance{instance}", problem.Name);
        Assert.Equal(DayOfWeek.Monday, problem.StartDate.DayOfWeek);
        Assert.Equal(days, problem.HorizonDays);
        Assert.Equal(employees, problem.People.Count);
        Assert.Equal(types, problem.Activities.Count);
        Assert.Equal(days * types, problem.Shifts.Count);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Read_SharedInstance_AgreesWithIndependentParse(int instance)
    {
        var problem = CurtoisQuFile.Read(PathOf(instance));
        var expected = CurtoisQuInstance.Load(PathOf(instance));

        Assert.Equal(expected.Types, problem.Activities.Select(a => a.Id));
        foreach (var shift in problem.Shifts)
        {
            var day = shift.Start / 1440;
            var type = expected.TypeOf(shift.ActivityId);
            Assert.Equal(CurtoisQuFile.ShiftId(shift.ActivityId, day), shift.Id);
            Assert.Equal(day * 1440, shift.Start);
            Assert.Equal(expected.Lengths[type], shift.End - shift.Start);
            var cover = expected.Cover[(day, type)];
            Assert.Equal(new Requirement(cover.Requirement, cover.Requirement, Eligibility.Anyone, false, new CoverPenalty(cover.Under, cover.Over)), shift.Requirement);
        }

        Assert.Equal(
            expected.Forbidden.Select(f => (expected.Types[f.From], expected.Types[f.To])).Order(),
            problem.Rules.ForbiddenSuccessions.Select(s => (s.FromActivityId, s.ToActivityId)).Order());

        Assert.Equal(expected.Employees, problem.People.Select(p => p.Id));
        for (var e = 0; e < expected.Employees.Count; e++)
        {
            var person = problem.People[e];
            var limits = expected.Limits[e];
            Assert.Equal((Role.Faculty, 0), (person.Role, person.Pgy));
            var roster = person.Roster!;
            Assert.Equal(
                (limits.MaxMinutes, limits.MinMinutes, limits.MaxConsecutive, limits.MinConsecutive, limits.MinDaysOff, limits.MaxWeekends),
                (roster.MaxTotalMinutes, roster.MinTotalMinutes, roster.MaxConsecutiveDays, roster.MinConsecutiveDays, roster.MinConsecutiveDaysOff, roster.MaxWeekends));
            Assert.Equal(
                expected.MaxShifts[e].Select((max, t) => (expected.Types[t], max)).Where(m => m.max != int.MaxValue),
                roster.MaxShifts.Select(m => (m.ActivityId, m.Max)));
        }

        var daysOff = expected.DaysOff.Select(d => new Absence(expected.Employees[d.Employee], AbsenceKind.Leave, d.Day * 1440, (d.Day + 1) * 1440)).ToHashSet();
        Assert.True(daysOff.SetEquals(problem.Absences));
        Assert.Equal(daysOff.Count, problem.Absences.Count);

        Request RequestOf((int Employee, int Day, int Type, int Weight) r, RequestKind kind) =>
            new(expected.Employees[r.Employee], kind, CurtoisQuFile.ShiftId(expected.Types[r.Type], r.Day), null, r.Weight);
        Assert.Equal(
            expected.OnRequests.Select(r => RequestOf(r, RequestKind.Want)).Concat(expected.OffRequests.Select(r => RequestOf(r, RequestKind.Avoid))),
            problem.Requests);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Read_RandomSchedules_SoftTermsAndBreachesOfTheModelMatchTheScorer(int instance)
    {
        var problem = CurtoisQuFile.Read(PathOf(instance));
        var benchmark = CurtoisQuInstance.Load(PathOf(instance));
        var random = new Random(instance);
        for (var round = 0; round < 20; round++)
        {
            // Each person works a random shift type, or nothing, each day.
            var assignments = new List<Assignment>();
            foreach (var person in problem.People)
            {
                for (var day = 0; day < problem.HorizonDays; day++)
                {
                    var pick = random.Next(problem.Activities.Count + 1);
                    if (pick < problem.Activities.Count)
                    {
                        assignments.Add(new Assignment(person.Id, CurtoisQuFile.ShiftId(problem.Activities[pick].Id, day)));
                    }
                }
            }

            var score = CurtoisQuScorer.Score(benchmark, CurtoisQuScorer.Roster(benchmark, new Schedule(problem.Name, assignments)));

            // The benchmark's soft terms, counted on the model: requests at their weights, cover at the shift's prices.
            var worked = assignments.ToHashSet();
            var shifts = problem.Shifts.ToDictionary(s => s.Id);
            var requests = problem.Requests.Where(r => worked.Contains(new(r.PersonId, r.ShiftId!)) == (r.Kind == RequestKind.Avoid)).Sum(r => r.Weight);
            var cover = problem.Shifts.Sum(s =>
            {
                var count = assignments.Count(a => a.ShiftId == s.Id);
                var (min, max, penalty) = (s.Requirement.MinPeople, s.Requirement.MaxPeople, s.Requirement.Penalty!);
                return (Math.Max(0, min - count) * penalty.Under) + (Math.Max(0, count - max) * penalty.Over);
            });
            Assert.Equal(score.Objective, requests + cover);

            // Hard constraints whose model form is plain to count: days off, successions, shifts per activity.
            var onLeave = assignments.Count(a => problem.Absences.Any(b => b.PersonId == a.PersonId && b.Start < shifts[a.ShiftId].End && shifts[a.ShiftId].Start < b.End));
            Assert.Equal(score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.DaysOff), onLeave);
            var forbidden = problem.Rules.ForbiddenSuccessions.Select(s => (s.FromActivityId, s.ToActivityId)).ToHashSet();
            var activityAt = assignments.ToDictionary(a => (a.PersonId, shifts[a.ShiftId].Start), a => shifts[a.ShiftId].ActivityId);
            var successions = assignments.Count(a =>
                activityAt.TryGetValue((a.PersonId, shifts[a.ShiftId].Start + 1440), out var next) && forbidden.Contains((shifts[a.ShiftId].ActivityId, next)));
            Assert.Equal(score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.Succession), successions);
            var overLimit = problem.People.Sum(p => p.Roster!.MaxShifts.Count(limit =>
                assignments.Count(a => a.PersonId == p.Id && shifts[a.ShiftId].ActivityId == limit.ActivityId) > limit.Max));
            Assert.Equal(score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.MaxShifts), overLimit);
        }
    }

    [Fact]
    public void Read_Instance1_MapsHorizonShiftsAndRules()
    {
        var problem = CurtoisQuFile.Read(PathOf(1));

        Assert.Equal(("Instance1", "Etc/UTC", new DateOnly(2024, 1, 1), 14, 0), (problem.Name, problem.TimeZone, problem.StartDate, problem.HorizonDays, problem.HistoryDays));
        Assert.Equal([new Activity("D", "D", ActivityKinds.Duty)], problem.Activities);
        Assert.Empty(problem.Rules.ForbiddenSuccessions);
        Assert.Equal(ProgramRules.Acgme, problem.Rules);
        Assert.Equal(ObjectiveWeights.Default, problem.Objective);
        Assert.Empty(problem.History);
        Assert.Equal(Enumerable.Range(0, 14).Select(d => $"D-{d}"), problem.Shifts.Select(s => s.Id));
    }

    [Fact]
    public void Read_Instance1_StaffLineBecomesFacultyWithRosterLimits()
    {
        // Line 13: A,D=14,4320,3360,5,2,2,1
        var a = CurtoisQuFile.Read(PathOf(1)).People[0];

        var expected = new RosterLimits
        {
            MaxShifts = [new ActivityLimit("D", 14)],
            MaxTotalMinutes = 4320,
            MinTotalMinutes = 3360,
            MaxConsecutiveDays = 5,
            MinConsecutiveDays = 2,
            MinConsecutiveDaysOff = 2,
            MaxWeekends = 1,
        };
        Assert.Equal(new Person("A", "A", Role.Faculty, 0, [], null, expected), a);
    }

    [Fact]
    public void Read_Instance1_CoverLineSetsBothBoundsAndPrices()
    {
        // Line 68: 1,D,7,100,1
        var shift = CurtoisQuFile.Read(PathOf(1)).Shifts.Single(s => s.Id == "D-1");

        Assert.Equal(new Shift("D-1", "D", 1440, 1440 + 480, new Requirement(7, 7, Eligibility.Anyone, false, new CoverPenalty(100, 1))), shift);
    }

    [Fact]
    public void Read_Instance1_RequestsAndDaysOff()
    {
        var problem = CurtoisQuFile.Read(PathOf(1));

        // 21 on-requests (B,0,D,3 among them), then 5 off-requests (F,8,D,3 among them).
        Assert.Equal(26, problem.Requests.Count);
        Assert.Equal(new Request("A", RequestKind.Want, "D-2", null, 2), problem.Requests[0]);
        Assert.Contains(new Request("B", RequestKind.Want, "D-0", null, 3), problem.Requests);
        Assert.Equal(21, problem.Requests.Count(r => r.Kind == RequestKind.Want));
        Assert.Contains(new Request("F", RequestKind.Avoid, "D-8", null, 3), problem.Requests);
        Assert.Equal(new Request("H", RequestKind.Avoid, "D-3", null, 3), problem.Requests[^1]);

        // A,0 ... H,7: one whole day each.
        Assert.Equal(8, problem.Absences.Count);
        Assert.Equal(new Absence("A", AbsenceKind.Leave, 0, 1440), problem.Absences[0]);
        Assert.Equal(new Absence("E", AbsenceKind.Leave, 9 * 1440, 10 * 1440), problem.Absences[4]);
    }

    [Fact]
    public void Read_Instance3_SuccessionsAndZeroLimitsAsGiven()
    {
        var problem = CurtoisQuFile.Read(PathOf(3));

        // E,480, / D,480,E / L,480,E|D
        Assert.Equal([new Succession("D", "E"), new Succession("L", "E"), new Succession("L", "D")], problem.Rules.ForbiddenSuccessions);

        // A,E=14|D=14|L=0,... and P,...,5,1,2,1 (a minimum of one shift in a row stays 1).
        Assert.Equal([new ActivityLimit("E", 14), new ActivityLimit("D", 14), new ActivityLimit("L", 0)], problem.People[0].Roster!.MaxShifts);
        Assert.Equal(1, problem.People.Single(p => p.Id == "P").Roster!.MinConsecutiveDays);
    }

    [Fact]
    public void Read_Instance9_NightShiftEndsAfterTenHours()
    {
        var night = CurtoisQuFile.Read(PathOf(9)).Shifts.Single(s => s.Id == "N-27");

        Assert.Equal((27 * 1440, (27 * 1440) + 600), (night.Start, night.End));
    }

    [Fact]
    public void Parse_ShiftWithoutCoverLineAndEmptyLists_NeedsNobodyAtNoPrice()
    {
        const string text = """
            SECTION_HORIZON
            2

            SECTION_SHIFTS
            L,480,
            E,480,L

            SECTION_STAFF
            A,,600,0,2,0,0,0
            B,E=1,600,0,2,1,1,1

            SECTION_DAYS_OFF
            A
            B,

            SECTION_COVER
            0,E,1,10,2
            """;

        var problem = Parse(text, "two-days.txt");

        Assert.Equal("two-days", problem.Name);
        Assert.Equal(new Requirement(0, 2, Eligibility.Anyone, false), problem.Shifts.Single(s => s.Id == "L-0").Requirement);
        Assert.Equal(new CoverPenalty(10, 2), problem.Shifts.Single(s => s.Id == "E-0").Requirement.Penalty);

        // A forbidden list may name a shift defined above or below it.
        Assert.Equal([new Succession("E", "L")], problem.Rules.ForbiddenSuccessions);

        // An empty max-shifts list, and minimums of 0, are no limits.
        var a = problem.People[0].Roster!;
        Assert.Empty(a.MaxShifts);
        Assert.Null(a.MinConsecutiveDays);
        Assert.Null(a.MinConsecutiveDaysOff);
        Assert.Equal(0, a.MinTotalMinutes);
        Assert.Empty(problem.Absences);
        Assert.Empty(problem.Requests);
    }

    [Fact]
    public void Parse_LfLineEndsByteOrderMarkAndSpaces_ReadSameProblem()
    {
        var expected = CurtoisQuFile.Read(PathOf(1));
        var text = "\uFEFF" + Instance1Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace(",", " , ", StringComparison.Ordinal);

        Assert.Equal(expected, Parse(text));
        Assert.Equal(expected, CurtoisQuFile.Read(Encoding.UTF8.GetPreamble().Concat(File.ReadAllBytes(PathOf(1))).ToArray(), "Instance1.txt"));
    }

    [Theory]
    [InlineData(13, "A,D=14,4320,3360,5", "13: SECTION_STAFF: expected 8 comma-separated fields (id, max shifts, max minutes, min minutes, max consecutive, min consecutive, min days off, max weekends), got 5")]
    [InlineData(35, "A,2,D", "35: SECTION_SHIFT_ON_REQUESTS: expected 4 comma-separated fields (employee, day, shift, weight), got 3")]
    [InlineData(67, "0,D,5,100", "67: SECTION_COVER: expected 5 comma-separated fields (day, shift, requirement, weight for under-cover, weight for over-cover), got 4")]
    [InlineData(9, "D,480", "9: SECTION_SHIFTS: expected 3 comma-separated fields (id, length in minutes, shifts that cannot follow it), got 2")]
    [InlineData(22, "SECTION_HOLIDAYS", "22: unknown section 'SECTION_HOLIDAYS' (expected one of SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER)")]
    [InlineData(65, "SECTION_STAFF", "65: SECTION_STAFF appears twice (also line 11)")]
    [InlineData(22, "Z,0", "22: expected a section header (SECTION_...), a comment or a blank line, got 'Z,0'")]
    [InlineData(9, "D,480,N", "9: SECTION_SHIFTS: shifts that cannot follow: unknown shift 'N'")]
    [InlineData(9, "D,480,D|D", "9: SECTION_SHIFTS: shifts that cannot follow: 'D' is listed twice")]
    [InlineData(9, "D|E,480,", "9: SECTION_SHIFTS: shift id: expected no '|' or '=' in an id, got 'D|E'")]
    [InlineData(9, ",480,", "9: SECTION_SHIFTS: shift id: expected an id, got nothing")]
    [InlineData(9, "D,0,", "9: SECTION_SHIFTS: length in minutes: expected 1..1440, got 0")]
    [InlineData(9, "D,1441,", "9: SECTION_SHIFTS: length in minutes: expected 1..1440, got 1441")]
    [InlineData(9, "D,480,\r\nD,600,", "10: SECTION_SHIFTS: duplicate shift id 'D' (also line 9)")]
    [InlineData(13, "A,X=14,4320,3360,5,2,2,1", "13: SECTION_STAFF: max shifts: unknown shift 'X'")]
    [InlineData(13, "A,D=14|D=3,4320,3360,5,2,2,1", "13: SECTION_STAFF: max shifts: shift 'D' is listed twice")]
    [InlineData(13, "A,D14,4320,3360,5,2,2,1", "13: SECTION_STAFF: max shifts: expected SHIFT=MAX items separated by '|', got 'D14'")]
    [InlineData(13, "A,D=-3,4320,3360,5,2,2,1", "13: SECTION_STAFF: max shifts of 'D': expected 0 or more, got -3")]
    [InlineData(13, "A,D=14,4320,abc,5,2,2,1", "13: SECTION_STAFF: min minutes: expected a whole number, got 'abc'")]
    [InlineData(13, "A,D=14,4320,3360,5,2,2,1.5", "13: SECTION_STAFF: max weekends: expected a whole number, got '1.5'")]
    [InlineData(13, "A,D=14,99999999999,3360,5,2,2,1", "13: SECTION_STAFF: max minutes: expected 0 or more, got '99999999999'")]
    [InlineData(13, "A,D=14,4320,3360,5,2,2,-1", "13: SECTION_STAFF: max weekends: expected 0 or more, got -1")]
    [InlineData(13, "A,D=14,4320,-60,5,2,2,1", "13: SECTION_STAFF: min minutes: expected 0 or more, got -60")]
    [InlineData(13, "A,D=14,4320,3360,0,0,2,1", "13: SECTION_STAFF: max consecutive: expected 1 or more, got 0")]
    [InlineData(13, "A,D=14,4320,3360,5,2,-2,1", "13: SECTION_STAFF: min days off: expected 0 or more, got -2")]
    [InlineData(13, "A,D=14,3000,3360,5,2,2,1", "13: SECTION_STAFF: min minutes (3360) is more than max minutes (3000)")]
    [InlineData(13, "A,D=14,4320,3360,5,6,2,1", "13: SECTION_STAFF: min consecutive (6) is more than max consecutive (5)")]
    [InlineData(14, "A,D=14,4320,3360,5,2,2,1", "14: SECTION_STAFF: duplicate employee id 'A' (also line 13)")]
    [InlineData(24, "Z,0", "24: SECTION_DAYS_OFF: unknown employee 'Z'")]
    [InlineData(24, "A,14", "24: SECTION_DAYS_OFF: day: expected 0..13, got 14")]
    [InlineData(24, "A,,3", "24: SECTION_DAYS_OFF: day: expected a whole number, got ''")]
    [InlineData(24, "A,0,0", "24: SECTION_DAYS_OFF: day 0 is listed twice")]
    [InlineData(25, "A,5", "25: SECTION_DAYS_OFF: employee 'A' is listed twice (also line 24)")]
    [InlineData(35, "Z,2,D,2", "35: SECTION_SHIFT_ON_REQUESTS: unknown employee 'Z'")]
    [InlineData(35, "A,2,X,2", "35: SECTION_SHIFT_ON_REQUESTS: shift: unknown shift 'X'")]
    [InlineData(35, "A,two,D,2", "35: SECTION_SHIFT_ON_REQUESTS: day: expected a whole number, got 'two'")]
    [InlineData(59, "C,-1,D,1", "59: SECTION_SHIFT_OFF_REQUESTS: day: expected 0..13, got -1")]
    [InlineData(59, "C,12,D,-1", "59: SECTION_SHIFT_OFF_REQUESTS: weight: expected 0..1000000, got -1")]
    [InlineData(67, "14,D,5,100,1", "67: SECTION_COVER: day: expected 0..13, got 14")]
    [InlineData(67, "0,X,5,100,1", "67: SECTION_COVER: shift: unknown shift 'X'")]
    [InlineData(67, "0,D,1001,100,1", "67: SECTION_COVER: requirement: expected 0..1000, got 1001")]
    [InlineData(67, "0,D,5,-100,1", "67: SECTION_COVER: weight for under-cover: expected 0..1000000, got -100")]
    [InlineData(68, "0,D,7,100,1", "68: SECTION_COVER: day 0, shift 'D' is covered twice (also line 67)")]
    [InlineData(5, "0", "5: SECTION_HORIZON: days: expected 1..3660, got 0")]
    [InlineData(5, "fourteen", "5: SECTION_HORIZON: days: expected a whole number, got 'fourteen'")]
    [InlineData(5, "14\r\n28", "6: SECTION_HORIZON: expected one line, the number of days")]
    [InlineData(5, "", "2: SECTION_HORIZON: expected the number of days on the next line")]
    public void Parse_MalformedLine_NamesFileLineAndWhatWasExpected(int line, string replacement, string expected)
    {
        var e = Assert.Throws<ModelException>(() => Parse(Edit(line, replacement)));

        Assert.Equal("Instance1.txt:" + expected, e.Message);
    }

    [Fact]
    public void Parse_NoHorizonSection_ThrowsMissingHorizon()
    {
        var withoutHorizon = string.Join("\r\n", Instance1Text.Split("\r\n").Skip(6));

        Assert.Equal("Instance1.txt: missing SECTION_HORIZON (the number of days)", Assert.Throws<ModelException>(() => Parse(withoutHorizon)).Message);
        Assert.Equal("empty.txt: missing SECTION_HORIZON (the number of days)", Assert.Throws<ModelException>(() => Parse("", "empty.txt")).Message);
    }

    [Fact]
    public void Parse_ReferenceWithoutItsSection_SaysTheSectionIsMissing()
    {
        const string text = "SECTION_HORIZON\n7\n\nSECTION_SHIFT_ON_REQUESTS\nA,0,D,1\n";

        Assert.Equal(
            "x.txt:5: SECTION_SHIFT_ON_REQUESTS: unknown employee 'A' (there is no SECTION_STAFF)",
            Assert.Throws<ModelException>(() => Parse(text, "x.txt")).Message);
    }

    [Fact]
    public void Parse_TooManyShiftsForSmallFile_ThrowsBeforeBuildingThem()
    {
        var text = "SECTION_HORIZON\n3660\n\nSECTION_SHIFTS\n" + string.Concat(Enumerable.Range(0, 300).Select(t => $"s{t},60,\n"));

        Assert.Equal(
            "x.txt:4: SECTION_SHIFTS: 300 shift types over 3660 days make more than 1000000 shifts",
            Assert.Throws<ModelException>(() => Parse(text, "x.txt")).Message);
    }

    [Fact]
    public void Parse_MoreCharactersThanTheLimit_ThrowsFileTooLarge()
    {
        var e = Assert.Throws<ModelException>(() => CurtoisQuFile.Parse(new StringReader(Instance1Text), "Instance1.txt", maxChars: 100));

        Assert.Equal("Instance1.txt: file too large: more than 100 characters", e.Message);
    }

    [Fact]
    public void Read_FileLargerThanTheLimit_ThrowsBeforeReadingIt()
    {
        var path = Path.Combine(_dir, "huge.txt");
        using (var stream = File.Create(path))
        {
            stream.SetLength(FormatLimits.MaxFileBytes + 1); // sparse: no disk space used
        }

        Assert.StartsWith("huge.txt: file too large: 536870913 bytes", Assert.Throws<ModelException>(() => CurtoisQuFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotUtf8OrMissing_ThrowsModelException()
    {
        var path = Path.Combine(_dir, "latin1.txt");
        File.WriteAllBytes(path, [.. "SECTION_HORIZON\n7\n\nSECTION_STAFF\n"u8, 0xC9, .. ",,1,1,1,1,1,1\n"u8]);

        Assert.StartsWith("latin1.txt: not UTF-8 text", Assert.Throws<ModelException>(() => CurtoisQuFile.Read(path)).Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot read '", Assert.Throws<ModelException>(() => CurtoisQuFile.Read(Path.Combine(_dir, "none.txt"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryPrefixOfInstance1_ReturnsOrThrowsModelException()
    {
        var text = Instance1Text;
        var parsed = 0;
        for (var length = 0; length <= text.Length; length++)
        {
            try
            {
                Parse(text[..length]);
                parsed++;
            }
            catch (ModelException e)
            {
                Assert.StartsWith("Instance1.txt", e.Message, StringComparison.Ordinal);
            }
        }

        // Cut within or after the cover lines, the file is whole (fewer cover lines, or a shorter last one).
        Assert.InRange(parsed, 1, text.Length);
    }

    [Fact]
    public void Parse_RandomEdits_ReturnOrThrowModelException()
    {
        var text = File.ReadAllText(PathOf(3));
        var random = new Random(3);
        const string alphabet = ",|=#-+ 0123456789\r\nDELABSECTION_";
        for (var round = 0; round < 3000; round++)
        {
            var edited = new StringBuilder(text);
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                var at = random.Next(edited.Length);
                switch (random.Next(3))
                {
                    case 0:
                        edited[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                    case 1:
                        edited.Remove(at, 1);
                        break;
                    default:
                        edited.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                }
            }

            try
            {
                Assert.Empty(ProblemValidator.Validate(Parse(edited.ToString(), "Instance3.txt")));
            }
            catch (ModelException e)
            {
                Assert.StartsWith("Instance3.txt", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Detect_CurtoisQuText_TrueAfterCommentsBlankLinesAndByteOrderMark()
    {
        for (var instance = 1; instance <= 12; instance++)
        {
            Assert.True(CurtoisQuFile.Detect(File.ReadAllBytes(PathOf(instance))));
        }

        Assert.True(CurtoisQuFile.Detect("\uFEFF\n  # comment\r\n\t\r\n SECTION_HORIZON \r\n"u8.ToArray()));
        Assert.True(CurtoisQuFile.Detect(Encoding.UTF8.GetPreamble().Concat("SECTION_HORIZON"u8.ToArray()).ToArray()));
    }

    [Fact]
    public void Detect_OtherContent_False()
    {
        Assert.False(CurtoisQuFile.Detect(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack)));
        Assert.False(CurtoisQuFile.Detect(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json)));
        Assert.False(CurtoisQuFile.Detect("# only a comment\n"u8));
        Assert.False(CurtoisQuFile.Detect("SECTION_SHIFTS\nD,480,\n"u8));
        Assert.False(CurtoisQuFile.Detect("SECTION_HORIZONS\n"u8));
        Assert.False(CurtoisQuFile.Detect([]));
    }

    [Fact]
    public void ShiftId_TypeHyphenDay() =>
        Assert.Equal(["D-0", "d1-27", "a-b-3"], [CurtoisQuFile.ShiftId("D", 0), CurtoisQuFile.ShiftId("d1", 27), CurtoisQuFile.ShiftId("a-b", 3)]);
}
