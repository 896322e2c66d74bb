using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Core.Time;
using Xunit;

namespace Scheduler.Core.Tests.Generation;

public sealed partial class InstanceGeneratorTests
{
    private static readonly GeneratorOptions FamilyMedicineYear = new() { Residents = 15, Faculty = 10, Weeks = 52, Seed = 7 };

    private static readonly Lazy<Problem> NewYorkYear = new(() => InstanceGenerator.Generate(FamilyMedicineYear));

    [Fact]
    public void Generate_SameOptions_ReturnsEqualProblems()
    {
        var options = new GeneratorOptions { Residents = 24, Faculty = 16, Weeks = 8, Seed = 42 };

        var first = InstanceGenerator.Generate(options);
        var second = InstanceGenerator.Generate(options with { });

        Assert.Equal(first, second);
        Assert.Equal(Dump(first), Dump(second));
    }

    [Fact]
    public void Generate_DifferentSeeds_ReturnsDifferentProblems()
    {
        var options = new GeneratorOptions { Residents = 24, Faculty = 16, Weeks = 8, Seed = 1 };

        var first = InstanceGenerator.Generate(options);
        var second = InstanceGenerator.Generate(options with { Seed = 2 });

        Assert.NotEqual(Dump(first), Dump(second));
        // The seed changes people, leave and requests, not the program's structure.
        Assert.Equal(first.Shifts.Count, second.Shifts.Count);
    }

    [Theory]
    [InlineData(3, 2, 1, "America/New_York")]
    [InlineData(12, 8, 4, "America/New_York")]
    [InlineData(19, 14, 52, "America/Chicago")]
    [InlineData(60, 40, 13, "Pacific/Honolulu")]
    [InlineData(150, 20, 4, "America/Los_Angeles")]
    [InlineData(300, 200, 52, "America/New_York")]
    public void Generate_VariousSizes_PassesValidator(int residents, int faculty, int weeks, string zone)
    {
        var problem = InstanceGenerator.Generate(new GeneratorOptions
        {
            Residents = residents, Faculty = faculty, Weeks = weeks, Seed = residents, TimeZone = zone,
        });

        Assert.Empty(ProblemValidator.Validate(problem));
        Assert.Equal(residents + faculty, problem.People.Count);
        Assert.Equal(7 * weeks, problem.HorizonDays);
        Assert.Equal(0, problem.HistoryDays);
        Assert.Empty(problem.History);
    }

    [Theory]
    [InlineData(2024, 4)]
    [InlineData(2025, 3)]
    [InlineData(2026, 2)]
    [InlineData(2027, 1)]
    [InlineData(2028, 6)]
    [InlineData(2030, 4)]
    public void Generate_AnyStartYear_StartsOnFirstThursdayOnOrAfterJulyFirst(int year, int day)
    {
        var problem = InstanceGenerator.Generate(GeneratorOptions.Default with { StartYear = year, Weeks = 1 });

        Assert.Equal(new DateOnly(year, 7, day), problem.StartDate);
        Assert.Equal(DayOfWeek.Thursday, problem.StartDate.DayOfWeek);
    }

    [Fact]
    public void Generate_YearLong_HoldsThirteenThursdayToWednesdayBlocks()
    {
        var problem = NewYorkYear.Value;

        Assert.Equal(13 * InstanceGenerator.BlockDays, problem.HorizonDays);
        for (var block = 0; block < 13; block++)
        {
            var first = problem.StartDate.AddDays(block * InstanceGenerator.BlockDays);
            Assert.Equal(DayOfWeek.Thursday, first.DayOfWeek);
            Assert.Equal(DayOfWeek.Wednesday, first.AddDays(InstanceGenerator.BlockDays - 1).DayOfWeek);
        }
    }

    [Fact]
    public void Generate_NewYorkYear_InHouseCallIs24HoursExceptAcrossDaylightSaving()
    {
        var calls = ShiftsOf(NewYorkYear.Value, GeneratedActivities.InHouseCall);

        Assert.Equal(364, calls.Count);
        Assert.All(calls, s => Assert.Equal(Math.Min(Expected(NewYorkYear.Value, s, 24 * 60), 24 * 60), s.End - s.Start));
        // 2026-11-01 falls back: the call ends at 06:00 after 24 elapsed hours; 2027-03-14 springs forward (23 h).
        Assert.Equal(24 * 60, Single(calls, "2026-10-31/call/24h").End - Single(calls, "2026-10-31/call/24h").Start);
        Assert.Equal(23 * 60, Single(calls, "2027-03-13/call/24h").End - Single(calls, "2027-03-13/call/24h").Start);
        Assert.Equal(363, calls.Count(s => s.End - s.Start == 24 * 60));
    }

    [Fact]
    public void Generate_NewYorkYear_NightFloatIs12HoursExceptAcrossDaylightSaving()
    {
        var nights = ShiftsOf(NewYorkYear.Value, GeneratedActivities.NightFloat);

        Assert.Equal(364, nights.Count);
        Assert.All(nights, s => Assert.Equal(Expected(NewYorkYear.Value, s, 12 * 60), s.End - s.Start));
        Assert.Equal(13 * 60, Length(Single(nights, "2026-10-31/night-float/night")));
        Assert.Equal(11 * 60, Length(Single(nights, "2027-03-13/night-float/night")));
        Assert.Equal(362, nights.Count(s => Length(s) == 12 * 60));
    }

    [Fact]
    public void Generate_HonoluluYear_ShiftLengthsNeverChange()
    {
        var problem = InstanceGenerator.Generate(FamilyMedicineYear with { TimeZone = "Pacific/Honolulu" });

        Assert.All(ShiftsOf(problem, GeneratedActivities.InHouseCall), s => Assert.Equal(24 * 60, Length(s)));
        Assert.All(ShiftsOf(problem, GeneratedActivities.NightFloat), s => Assert.Equal(12 * 60, Length(s)));
        Assert.All(ShiftsOf(problem, GeneratedActivities.HomeCall), s => Assert.Equal(15 * 60, Length(s)));
        // Every day starts 1440 minutes after the previous one.
        Assert.All(ShiftsOf(problem, GeneratedActivities.Ward), s => Assert.Equal(7 * 60, s.Start % 1440));
    }

    [Fact]
    public void Generate_ClinicSessions_AreFourHourWeekdayHalfDays()
    {
        var problem = NewYorkYear.Value;
        var calendar = ProgramCalendar.Create(problem.TimeZone, problem.StartDate);
        var clinics = ShiftsOf(problem, GeneratedActivities.Clinic);

        Assert.NotEmpty(clinics);
        Assert.All(clinics, s =>
        {
            var start = calendar.ToLocal(s.Start);
            var end = calendar.ToLocal(s.End);
            Assert.Equal(4 * 60, Length(s));
            Assert.Equal(start.Date, end.Date);
            Assert.True(start.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), s.Id);
            Assert.True(
                (start.Hour == 8 && s.Id.EndsWith("/am", StringComparison.Ordinal))
                || (start.Hour == 13 && s.Id.EndsWith("/pm", StringComparison.Ordinal)),
                s.Id);
            // Wednesday afternoon is didactics.
            Assert.False(start.DayOfWeek == DayOfWeek.Wednesday && start.Hour == 13, s.Id);
            Assert.True(s.Requirement.Supervised);
            Assert.True(s.Requirement.Eligibility.Faculty);
        });
    }

    [Fact]
    public void Generate_WardDays_RunElevenHoursEveryDayIncludingWeekends()
    {
        var problem = NewYorkYear.Value;
        var calendar = ProgramCalendar.Create(problem.TimeZone, problem.StartDate);
        var wards = ShiftsOf(problem, GeneratedActivities.Ward);

        Assert.All(wards, s =>
        {
            Assert.Equal(11 * 60, Length(s));
            Assert.Equal(7, calendar.ToLocal(s.Start).Hour);
            Assert.True(s.Requirement.Supervised);
        });
        var days = wards.Select(s => calendar.ToLocal(s.Start).Date).Distinct().ToList();
        Assert.Equal(problem.HorizonDays, days.Count);
        Assert.Contains(days, d => d.DayOfWeek == DayOfWeek.Saturday);
    }

    [Fact]
    public void Generate_PostCall_StartsWhenCallEndsAndEndsAtTen()
    {
        var problem = NewYorkYear.Value;
        var callEnds = ShiftsOf(problem, GeneratedActivities.InHouseCall).Select(s => s.End).ToHashSet();
        var postCalls = ShiftsOf(problem, GeneratedActivities.PostCall);

        Assert.Equal(problem.HorizonDays - 1, postCalls.Count);
        Assert.All(postCalls, s =>
        {
            Assert.Contains(s.Start, callEnds);
            Assert.Equal(s.Id == "2026-11-01/post-call/am" ? 4 * 60 : 3 * 60, Length(s));
        });
    }

    [Fact]
    public void Generate_Activities_HaveTheKindsTheRulesExpect()
    {
        var kinds = NewYorkYear.Value.Activities.ToDictionary(a => a.Id, a => a.Kinds);

        Assert.Equal(ActivityKinds.Duty | ActivityKinds.Clinic | ActivityKinds.Continuity, kinds[GeneratedActivities.Clinic]);
        Assert.Equal(ActivityKinds.Duty, kinds[GeneratedActivities.Ward]);
        Assert.Equal(ActivityKinds.Duty, kinds[GeneratedActivities.Icu]);
        Assert.Equal(ActivityKinds.Duty | ActivityKinds.InHouseCall, kinds[GeneratedActivities.InHouseCall]);
        Assert.Equal(ActivityKinds.Duty | ActivityKinds.Transition, kinds[GeneratedActivities.PostCall]);
        Assert.Equal(ActivityKinds.Duty | ActivityKinds.Night, kinds[GeneratedActivities.NightFloat]);
        Assert.Equal(ActivityKinds.HomeCall, kinds[GeneratedActivities.HomeCall]);
        Assert.Equal(ActivityKinds.Duty, kinds[GeneratedActivities.Conference]);
    }

    [Fact]
    public void Generate_FacultyOnlyAndQualifiedShifts_HaveEligiblePeople()
    {
        var problem = NewYorkYear.Value;
        var homeCall = ShiftsOf(problem, GeneratedActivities.HomeCall);
        var icu = ShiftsOf(problem, GeneratedActivities.Icu);

        Assert.Contains(homeCall, s => !s.Requirement.Eligibility.Residents && s.Requirement.Eligibility.Faculty);
        Assert.All(icu, s => Assert.Equal([GeneratedActivities.IcuQualification], s.Requirement.Eligibility.Qualifications));
        Assert.All(problem.Shifts, s => Assert.True(
            problem.People.Count(p => IsEligible(p, s.Requirement.Eligibility)) >= s.Requirement.MinPeople, s.Id));
        Assert.Contains(problem.People, p => p.Role == Role.Faculty && p.Qualifications.Contains(GeneratedActivities.IcuQualification));
    }

    [Fact]
    public void Generate_YearLong_EveryResidentHasAWeekOrTwoOfLeave()
    {
        var problem = NewYorkYear.Value;
        var calendar = ProgramCalendar.Create(problem.TimeZone, problem.StartDate);

        foreach (var resident in problem.People.Where(p => p.Role == Role.Resident))
        {
            var leave = problem.Absences.Where(a => a.PersonId == resident.Id && a.Kind == AbsenceKind.Leave).ToList();
            var days = leave.Sum(a => (calendar.ToLocal(a.End).Date - calendar.ToLocal(a.Start).Date).Days);
            Assert.InRange(days, 1, 14);
            if (resident.Pgy == 1)
            {
                // Interns do not leave during their first block (orientation).
                Assert.All(leave, a => Assert.True(a.Start >= calendar.DayStart(InstanceGenerator.BlockDays), resident.Id));
            }
        }
    }

    [Fact]
    public void Generate_Absences_LieInHorizonAndNeverOverlapPerPerson()
    {
        var problem = NewYorkYear.Value;
        var horizonEnd = ProgramCalendar.Create(problem.TimeZone, problem.StartDate).DayStart(problem.HorizonDays);

        Assert.Contains(problem.Absences, a => a.Kind == AbsenceKind.Conference);
        foreach (var group in problem.Absences.GroupBy(a => a.PersonId))
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                Assert.InRange(list[i].Start, 0, horizonEnd - 1);
                Assert.InRange(list[i].End, list[i].Start + 1, horizonEnd);
                Assert.True(i == 0 || list[i - 1].End <= list[i].Start, group.Key);
            }
        }
    }

    [Fact]
    public void Generate_Requests_HaveWeightsOneToTenAndTargetEligibleShifts()
    {
        var problem = NewYorkYear.Value;
        var people = problem.People.ToDictionary(p => p.Id);
        var shifts = problem.Shifts.ToDictionary(s => s.Id);

        Assert.NotEmpty(problem.Requests);
        Assert.Contains(problem.Requests, r => r.ShiftId is not null);
        Assert.Contains(problem.Requests, r => r.Day is not null);
        Assert.Contains(problem.Requests, r => r.Kind == RequestKind.Want);
        Assert.Contains(problem.Requests, r => r.Kind == RequestKind.Avoid);
        Assert.All(problem.Requests, r =>
        {
            Assert.InRange(r.Weight, 1, 10);
            if (r.ShiftId is not null)
            {
                Assert.True(IsEligible(people[r.PersonId], shifts[r.ShiftId].Requirement.Eligibility), r.ShiftId);
            }
        });
    }

    [Theory]
    [InlineData(12, 3)]
    [InlineData(19, 3)]
    [InlineData(60, 4)]
    [InlineData(300, 5)]
    public void Generate_PgyMix_IsEvenOverTheProgramsYears(int residents, int years)
    {
        var problem = InstanceGenerator.Generate(new GeneratorOptions { Residents = residents, Faculty = residents, Weeks = 1 });

        var counts = problem.People.Where(p => p.Role == Role.Resident).GroupBy(p => p.Pgy).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(1, years), counts.Keys.Order());
        Assert.InRange(counts.Values.Max() - counts.Values.Min(), 0, 1);
        Assert.Equal(residents, counts.Values.Sum());
    }

    [Theory]
    [InlineData(12, 8)]
    [InlineData(40, 28)]
    [InlineData(300, 200)]
    public void Generate_Coverage_BindsTheRulesButFitsTheResidents(int residents, int faculty)
    {
        var problem = InstanceGenerator.Generate(new GeneratorOptions { Residents = residents, Faculty = faculty, Weeks = 4 });
        var duty = problem.Activities.Where(a => a.Kinds.HasFlag(ActivityKinds.Duty)).Select(a => a.Id).ToHashSet();

        // Binding: every resident is eligible for far more than 320 h in the 28-day window.
        foreach (var resident in problem.People.Where(p => p.Role == Role.Resident))
        {
            var eligibleMinutes = problem.Shifts
                .Where(s => duty.Contains(s.ActivityId) && IsEligible(resident, s.Requirement.Eligibility))
                .Sum(s => (long)Length(s));
            Assert.True(eligibleMinutes > 2 * 320 * 60, resident.Id);
        }

        // Feasible in aggregate: the resident places the program plans (call and its hand-over, nights, ICU,
        // ward teams with one resident fewer at weekends, nine clinic sessions) average 40-62 h a week.
        var shape = ProgramShape.For(residents, faculty);
        var weekly = 7 * 27 * shape.CallSlots + 7 * 12 * shape.NightSlots + 7 * 12 * shape.IcuUnits.Sum()
            + 11 * (5 * shape.WardTeams.Sum() + 2 * shape.WardTeams.Sum(t => Math.Max(1, t - 1)))
            + 9 * 4 * shape.ClinicSites.Sum();
        Assert.InRange(weekly / (double)residents, 40, 62);
    }

    [Fact]
    public void Generate_FewFaculty_ShrinksSupervisedServicesToWhatTheyCanSupervise()
    {
        var many = InstanceGenerator.Generate(new GeneratorOptions { Residents = 90, Faculty = 90, Weeks = 1 });
        var few = InstanceGenerator.Generate(new GeneratorOptions { Residents = 90, Faculty = 20, Weeks = 1 });

        Assert.True(few.Shifts.Count(s => s.Requirement.Supervised) < many.Shifts.Count(s => s.Requirement.Supervised));
        Assert.Empty(ProblemValidator.Validate(few));
    }

    [Fact]
    public void Generate_ShiftIds_AreReadableDateServiceSlot()
    {
        var problem = NewYorkYear.Value;

        Assert.Contains(problem.Shifts, s => s.Id == "2026-07-02/clinic-a/am");
        Assert.Contains(problem.Shifts, s => s.Id == "2026-07-02/call/24h");
        Assert.All(problem.Shifts, s => Assert.Matches(ShiftIdPattern(), s.Id));
        Assert.Equal(problem.Shifts.Count, problem.Shifts.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generate_InvalidOptions_ThrowsModelExceptionNamingEachOption()
    {
        var options = new GeneratorOptions { Residents = 2, Faculty = 0, Weeks = 0, TimeZone = "Mars/Olympus" };

        var error = Assert.Throws<ModelException>(() => InstanceGenerator.Generate(options));

        Assert.Equal(["residents", "faculty", "weeks", "timeZone"], error.Errors.Select(e => e.Path));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}/[a-z0-9-]+/[a-z0-9]+$")]
    private static partial Regex ShiftIdPattern();

    private static List<Shift> ShiftsOf(Problem problem, string activity) =>
        problem.Shifts.Where(s => s.ActivityId == activity).ToList();

    private static Shift Single(List<Shift> shifts, string id) => shifts.Single(s => s.Id == id);

    private static int Length(Shift s) => s.End - s.Start;

    /// <summary>The nominal length corrected by the zone's UTC offset change between start and end.</summary>
    private static int Expected(Problem problem, Shift s, int nominal)
    {
        var calendar = ProgramCalendar.Create(problem.TimeZone, problem.StartDate);
        return nominal + (int)(calendar.OffsetAt(s.Start) - calendar.OffsetAt(s.End)).TotalMinutes;
    }

    private static bool IsEligible(Person p, Eligibility e) =>
        (p.Role == Role.Faculty ? e.Faculty : e.Residents && p.Pgy >= e.MinPgy && p.Pgy <= e.MaxPgy)
        && e.Qualifications.All(p.Qualifications.Contains);

    /// <summary>A canonical text form of every field, for byte-for-byte comparison.</summary>
    private static string Dump(Problem p)
    {
        var b = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        b.AppendLine(c, $"{p.Name}|{p.TimeZone}|{p.StartDate:O}|{p.HorizonDays}|{p.HistoryDays}|{p.Rules}");
        foreach (var x in p.People)
        {
            b.AppendLine(c, $"{x.Id}|{x.Name}|{x.Role}|{x.Pgy}|{string.Join(',', x.Qualifications)}|{x.Overrides}");
        }

        foreach (var x in p.Activities)
        {
            b.AppendLine(c, $"{x}");
        }

        foreach (var x in p.Shifts)
        {
            var r = x.Requirement;
            var e = r.Eligibility;
            b.AppendLine(c, $"{x.Id}|{x.ActivityId}|{x.Start}|{x.End}|{r.MinPeople}|{r.MaxPeople}|{r.Supervised}|{e.Residents}|{e.Faculty}|{e.MinPgy}|{e.MaxPgy}|{string.Join(',', e.Qualifications)}");
        }

        foreach (var x in p.Absences)
        {
            b.AppendLine(c, $"{x}");
        }

        foreach (var x in p.Requests)
        {
            b.AppendLine(c, $"{x}");
        }

        return b.ToString();
    }
}
