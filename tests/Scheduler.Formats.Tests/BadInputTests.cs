using System.Buffers;
using System.Text;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats.Tests;

/// <summary>One test per class of bad input: each is refused with a <see cref="ModelException"/> that says why.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void ProblemRead_EveryPrefixOfMessagePackFile_ThrowsModelException()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<ModelException>(() => ProblemFile.Read(bytes.AsSpan(0, length)));
            Assert.False(string.IsNullOrEmpty(e.Message));
        }
    }

    [Fact]
    public void ProblemRead_EveryPrefixOfJsonFile_ThrowsModelException()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json);

        // The last byte is the newline after the closing brace: without it the file is still whole.
        for (var length = 0; length < bytes.Length - 1; length++)
        {
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void ScheduleRead_EveryPrefixOfMessagePackFile_ThrowsModelException()
    {
        var bytes = ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.MessagePack);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<ModelException>(() => ScheduleFile.Read(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void ProblemRead_TruncatedFile_NamesMissingBytesAndField()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);

        // The file ends with history[1].end = -60, an int8 (0xd0 0xc4): drop its last byte.
        var e = Assert.Throws<ModelException>(() => ProblemFile.Read(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Equal("truncated file: expected 1 more byte at history[1].end", e.Message);

        // Cut two bytes into the last shift's id: its 5-field record no longer fits.
        var at = bytes.AsSpan().IndexOf("d1-am"u8);
        e = Assert.Throws<ModelException>(() => ProblemFile.Read(bytes.AsSpan(0, at + 2)));
        Assert.Equal("truncated file: expected at least 2 more bytes at shifts[2]", e.Message);
    }

    [Fact]
    public void ProblemRead_WrongMagic_ThrowsBadMagicHeader()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        bytes[0] = (byte)'X';
        var e = Assert.Throws<ModelException>(() => ProblemFile.Read(bytes));
        Assert.Equal("not a Scheduler problem file (bad magic header)", e.Message);
        Assert.Equal(e.Message, Assert.Throws<ModelException>(() => ProblemFile.Read("PK\u0003\u0004 a zip file"u8)).Message);
    }

    [Fact]
    public void ProblemRead_NewerFormatVersion_ThrowsNewerThanThisBuild()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        bytes[5] = 7;
        Assert.Equal(
            "version: format version 7 is newer than this build reads (1)",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);

        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"version\": 1", "\"version\": 7");
        AssertJsonError("version: format version 7 is newer than this build reads (1)", json);
    }

    [Fact]
    public void ProblemRead_StringWhereIntegerExpected_NamesFieldAndTypes()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"start\": 1920", "\"start\": \"08:00\"");
        var e = AssertJsonError("shifts[2].start: expected an integer, got a string", json);
        Assert.Equal("shifts[2].start", e.Errors[0].Path);
    }

    [Fact]
    public void ProblemRead_WrongTypeInMessagePack_NamesFieldAndTypes()
    {
        // Positional form, hand-built: horizonDays (the 4th field) holds a string.
        var bytes = Body('P', w =>
        {
            w.WriteArrayHeader(12);
            w.Write("x");
            w.Write("UTC");
            w.Write("2026-07-01");
            w.Write("seven");
        });
        Assert.Equal(
            "horizonDays: expected an integer, got a string",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
    }

    [Fact]
    public void ProblemRead_FractionOrHugeInteger_ThrowsExpectedInteger()
    {
        var fraction = Fixtures.EditedJson(Fixtures.Tiny, "\"start\": 1920", "\"start\": 1920.5");
        AssertJsonError("shifts[2].start: expected an integer, got 1920.5", fraction);

        var huge = Fixtures.EditedJson(Fixtures.Tiny, "\"start\": 1920", "\"start\": 99999999999");
        AssertJsonError("shifts[2].start: expected an integer in -2147483648..2147483647, got 99999999999", huge);
    }

    [Fact]
    public void ProblemRead_HugeArrayCountInTinyFile_ThrowsBeforeAllocating()
    {
        // A named problem whose "shifts" array header claims 2^31 elements, followed by nothing.
        var bytes = Body('P', w =>
        {
            w.WriteMapHeader(5);
            w.Write("name");
            w.Write("x");
            w.Write("timeZone");
            w.Write("UTC");
            w.Write("startDate");
            w.Write("2026-07-01");
            w.Write("horizonDays");
            w.Write(7);
            w.Write("shifts");
            w.WriteArrayHeader(uint.MaxValue / 2 + 1);
        });
        var e = Assert.Throws<ModelException>(() => ProblemFile.Read(bytes));
        Assert.Equal("shifts", e.Errors[0].Path);
        Assert.Contains("2147483648", e.Message, StringComparison.Ordinal);

        // A count under the limit but over the bytes left is refused as well.
        var lying = Body('S', w =>
        {
            w.WriteArrayHeader(2);
            w.Write("x");
            w.WriteArrayHeader(1_000_000);
            w.WriteArrayHeader(2);
        });
        var e2 = Assert.Throws<ModelException>(() => ScheduleFile.Read(lying));
        Assert.Equal(
            "assignments: truncated or corrupt file: the array claims 1000000 elements but only 1 bytes are left",
            e2.Message);
    }

    [Fact]
    public void ProblemRead_ShiftWithUnknownActivity_ThrowsUnknownReference()
    {
        var problem = Fixtures.Tiny with
        {
            Shifts = [.. Fixtures.Tiny.Shifts, new("x", "surgery", 0, 60, new Requirement(0, 1, Eligibility.Anyone, false))],
        };
        var bytes = ProblemFile.Encode(problem, FileFormat.MessagePack);
        var e = Assert.Throws<ModelException>(() => ProblemFile.Read(bytes));
        Assert.Contains(new ModelError("shifts[3].activity", "unknown activity 'surgery'"), e.Errors);
    }

    [Fact]
    public void ProblemRead_OverlappingHistory_ThrowsOverlap()
    {
        var problem = Fixtures.Tiny with
        {
            History = [new("r1", "clinic", -600, -300), new("r1", "call", -400, -100)],
        };
        AssertJsonError("history[1]: overlaps history[0] of the same person", ProblemFile.Encode(problem, FileFormat.Json));
    }

    [Fact]
    public void ProblemRead_NonExistentTimeZone_ThrowsUnknownZone()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "America/New_York", "Mars/Olympus_Mons");
        AssertJsonError("timeZone: unknown IANA time zone 'Mars/Olympus_Mons'", json);

        // Zone ids are looked up as files of the system's zone database: odd ones must fail the same clean way.
        foreach (var id in new[] { "", "../../../etc/passwd", "/etc/localtime", "America", "UTC\\u0000", "posixrules/..", new string('x', 4000) })
        {
            var odd = Fixtures.EditedJson(Fixtures.Tiny, "America/New_York", id);
            Assert.StartsWith("timeZone: ", Assert.Throws<ModelException>(() => ProblemFile.Read(odd)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ProblemRead_InvalidJson_NamesLineAndPosition()
    {
        var json = "{\n  \"format\": \"scheduler-problem\",\n  \"version\" 1\n}"u8.ToArray();
        var e = Assert.Throws<ModelException>(() => ProblemFile.Read(json));
        Assert.StartsWith("invalid JSON at line 3, position 13:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemRead_ScheduleFile_SaysItIsAScheduleFile()
    {
        const string expected = "this is a Scheduler schedule file, not a problem file";
        var binary = ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.MessagePack);
        Assert.Equal(expected, Assert.Throws<ModelException>(() => ProblemFile.Read(binary)).Message);
        var json = ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.Json);
        Assert.Equal(expected, Assert.Throws<ModelException>(() => ProblemFile.Read(json)).Message);
    }

    [Fact]
    public void ScheduleRead_ProblemFile_SaysItIsAProblemFile()
    {
        var binary = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        Assert.Equal(
            "this is a Scheduler problem file, not a schedule file",
            Assert.Throws<ModelException>(() => ScheduleFile.Read(binary)).Message);
    }

    [Fact]
    public void ProblemRead_UnknownField_NamesIt()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"supervised\": false", "\"supervised\": false,\n\"colour\": \"red\"");
        AssertJsonError(
            "shifts[1].requirement.colour: unknown field (the fields of a requirement are minPeople, maxPeople, supervised, eligibility, penalty)",
            json);
    }

    [Fact]
    public void ProblemRead_MissingRequiredField_NamesRecordAndField()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"name\": \"Dr. Chen\",", "");
        AssertJsonError("people[2]: missing field 'name'", json);
    }

    [Fact]
    public void ProblemRead_DuplicateField_NamesIt()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"pgy\": 3,", "\"pgy\": 3, \"pgy\": 4,");
        AssertJsonError("people[1].pgy: duplicate field", json);
    }

    [Fact]
    public void ProblemRead_UnknownEnumName_ListsTheNames()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"conference\"", "\"holiday\"");
        AssertJsonError("absences[0].kind: expected leave, conference or sick, got 'holiday'", json);
    }

    [Fact]
    public void ProblemRead_InvalidValue_ReportsEveryValidatorError()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"pgy\": 1,", "\"pgy\": 0,");
        AssertJsonError("people[0].pgy: expected 1..7, got 0", json);
    }

    [Fact]
    public void ProblemRead_TrailingData_Throws()
    {
        byte[] bytes = [.. ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack), 0xc0];
        Assert.StartsWith(
            "unexpected data after the end",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemRead_InvalidUtf8_ThrowsInvalidUtf8()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        var at = bytes.AsSpan().IndexOf("tiny"u8);
        bytes[at + 1] = 0xff;
        Assert.Equal("name: invalid UTF-8 in string", Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
    }

    [Fact]
    public void ProblemRead_OverlongString_ThrowsStringLimit()
    {
        var json = Fixtures.EditedJson(Fixtures.Tiny, "\"tiny\"", "\"" + new string('x', FormatLimits.MaxStringBytes + 1) + "\"");
        AssertJsonError($"name: expected a string of at most {FormatLimits.MaxStringBytes} bytes, got {FormatLimits.MaxStringBytes + 1}", json);
    }

    [Fact]
    public void ProblemRead_DeeplyNestedJson_ThrowsInvalidJson()
    {
        var json = Encoding.UTF8.GetBytes("{\"format\": \"scheduler-problem\", \"version\": 1, \"name\": "
            + new string('[', 1000) + new string(']', 1000) + "}");
        Assert.StartsWith("invalid JSON", Assert.Throws<ModelException>(() => ProblemFile.Read(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemRead_JsonWithoutFormat_SaysNotAProblemFile()
    {
        Assert.StartsWith(
            "not a Scheduler problem file",
            Assert.Throws<ModelException>(() => ProblemFile.Read("{\"name\": \"x\"}"u8)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemRead_MissingFile_ThrowsModelException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.msgpack");
        Assert.StartsWith("cannot read", Assert.Throws<ModelException>(() => ProblemFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduleRead_DuplicateAssignment_Throws()
    {
        var schedule = new Schedule("x", [new("r1", "s1"), new("r1", "s1")]);
        var e = Assert.Throws<ModelException>(() => ScheduleFile.Read(ScheduleFile.Encode(schedule, FileFormat.MessagePack)));
        Assert.Equal("assignments[1]: duplicate of assignments[0]", e.Message);
    }

    [Fact]
    public void ProblemRead_ErrorInJson_NamesTheLine()
    {
        var json = """
            {
              "format": "scheduler-problem",
              "version": 1,
              "name": "x",
              "timeZone": "UTC",
              "startDate": "2026-01-05",
              "horizonDays": 1,
              "people": [
                { "id": "a", "name": "A", "role": "resident", "pgy": 1 },
                { "id": "b", "name": "B", "role": "resident",
                  "pgy": 9 }
              ]
            }
            """u8.ToArray();
        Assert.Equal("people[1].pgy: expected 1..7, got 9 (line 11)", Assert.Throws<ModelException>(() => ProblemFile.Read(json)).Message);
    }

    [Theory]
    [InlineData("""{ "requests": "high" }""", "objective.requests: expected an integer, got a string")]
    [InlineData("""{ "continuity": 1.5 }""", "objective.continuity: expected an integer, got 1.5")]
    [InlineData("""{ "softRules": { "rule": "rest", "weight": 1 } }""", "objective.softRules: expected an array, got an object")]
    [InlineData("""{ "softRules": [ "rest" ] }""", "objective.softRules[0]: expected a soft rule (an object or an array), got a string")]
    [InlineData("""{ "softRules": [ { "rule": 3, "weight": 1 } ] }""", "objective.softRules[0].rule: expected a string, got an integer")]
    [InlineData("""{ "softRules": [ { "rule": "rest", "weight": true } ] }""", "objective.softRules[0].weight: expected an integer, got a boolean")]
    [InlineData("""{ "softRules": [ { "rule": "rest" } ] }""", "objective.softRules[0]: missing field 'weight'")]
    [InlineData("""{ "softRules": [ { "rule": "rest", "weight": 1, "weight": 2 } ] }""", "objective.softRules[0].weight: duplicate field")]
    [InlineData("""{ "fairness": 10 }""", "objective.fairness: unknown field (the fields of an objective are requests, callFairness, nightFairness, weekendFairness, continuity, softRules)")]
    [InlineData("null", "objective: expected an objective (an object or an array), got null")]
    [InlineData("10", "objective: expected an objective (an object or an array), got an integer")]
    public void ProblemRead_ObjectiveOfWrongShape_NamesFieldAndTypes(string objective, string expected) =>
        AssertJsonError(expected, WithObjective(objective));

    [Fact]
    public void ProblemRead_UnknownSoftRuleName_ListsTheRuleNames()
    {
        var json = Fixtures.EditedJson(Fixtures.TinyWithObjective, "\"rule\": \"rest\"", "\"rule\": \"overtime\"");
        const string names = "weeklyHours, daysOff, continuousDuty, rest, callFrequency, consecutiveNights, supervision, "
            + "doubleBooking, coverage, availability, eligibility, facultyClinicSessions, shiftsPerActivity, totalMinutes, "
            + "consecutiveDays, consecutiveDaysOff, weekends or succession";
        AssertJsonError($"objective.softRules[1].rule: expected {names}, got 'overtime'", json);

        // Names are case-sensitive, like every enumeration in the files.
        AssertJsonError(
            $"objective.softRules[0].rule: expected {names}, got 'Coverage'",
            WithObjective("""{ "softRules": [ { "rule": "Coverage", "weight": 1 } ] }"""));
    }

    [Fact]
    public void ProblemRead_UnknownSoftRuleCodeInMessagePack_ListsTheCodes()
    {
        var bytes = Body('P', w =>
        {
            WriteMinimalProblemFields(w, 13);
            w.WriteArrayHeader(6);
            for (var k = 0; k < 5; k++)
            {
                w.Write(1);
            }

            w.WriteArrayHeader(1);
            w.WriteArrayHeader(2);
            w.Write(18);
            w.Write(5);
        });
        Assert.Equal(
            "objective.softRules[0].rule: expected 0..17 (weeklyHours, daysOff, continuousDuty, rest, callFrequency, "
            + "consecutiveNights, supervision, doubleBooking, coverage, availability, eligibility, facultyClinicSessions, "
            + "shiftsPerActivity, totalMinutes, consecutiveDays, consecutiveDaysOff, weekends, succession), got 18",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
    }

    [Fact]
    public void ProblemRead_NegativeObjectiveWeight_NamesField()
    {
        AssertJsonError(
            "objective.callFairness: expected 0 or more, got -1",
            Fixtures.EditedJson(Fixtures.TinyWithObjective, "\"callFairness\": 0", "\"callFairness\": -1"));
        AssertJsonError(
            "objective.softRules[1].weight: expected 0 or more, got -5",
            Fixtures.EditedJson(Fixtures.TinyWithObjective, "\"rest\",\n        \"weight\": 5", "\"rest\",\n        \"weight\": -5"));
    }

    [Fact]
    public void ProblemRead_SoftRuleListedTwice_NamesTheSecond()
    {
        var json = WithObjective("""
            { "softRules": [
                { "rule": "rest", "weight": 1 },
                { "rule": "coverage", "weight": 2 },
                { "rule": "rest", "weight": 3 } ] }
            """);
        AssertJsonError("objective.softRules[2].rule: Rest is listed twice", json);
    }

    [Theory]
    [InlineData("doubleBooking", "DoubleBooking")]
    [InlineData("availability", "Availability")]
    [InlineData("eligibility", "Eligibility")]
    [InlineData("shiftsPerActivity", "ShiftsPerActivity")]
    [InlineData("totalMinutes", "TotalMinutes")]
    [InlineData("consecutiveDays", "ConsecutiveDays")]
    [InlineData("consecutiveDaysOff", "ConsecutiveDaysOff")]
    [InlineData("weekends", "Weekends")]
    [InlineData("succession", "Succession")]
    public void ProblemRead_AlwaysHardRuleListedAsSoft_Throws(string rule, string name) =>
        AssertJsonError(
            $"objective.softRules[0].rule: {name} is always hard",
            WithObjective($$"""{ "softRules": [ { "rule": "{{rule}}", "weight": 1 } ] }"""));

    [Fact]
    public void ProblemRead_MoreSoftRulesThanRules_ThrowsBeforeReadingThem()
    {
        var rules = string.Join(", ", Enumerable.Repeat("""{ "rule": "rest", "weight": 1 }""", 19));
        AssertJsonError("objective.softRules: expected at most 18 elements, got 19", WithObjective($$"""{ "softRules": [ {{rules}} ] }"""));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(14)]
    public void ProblemRead_PositionalProblemOfWrongLength_SaysHowManyFields(int count)
    {
        var bytes = Body('P', w => WriteMinimalProblemFields(w, count));
        Assert.Equal(
            "expected a problem as an array of 12 to 13 fields (name, timeZone, startDate, horizonDays, historyDays, rules, "
            + $"people, activities, shifts, absences, requests, history, objective), got {count} elements",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
    }

    [Fact]
    public void ProblemRead_UnknownOrDuplicateActivityKind_Throws()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.TinyWithObjective, FileFormat.MessagePack);

        // The clinic's kinds, duty | clinic | continuity = 97 (a positive fixint), follow its name.
        // Replace it with 128 (uint8: 0xcc 0x80), the first bit without a name.
        var at = bytes.AsSpan().IndexOf("Clinic"u8) + "Clinic".Length;
        Assert.Equal(97, bytes[at]);
        byte[] unknown = [.. bytes.AsSpan(0, at), 0xcc, 0x80, .. bytes.AsSpan(at + 1)];
        Assert.Equal(
            "activities[0].kinds: expected kind bits 0..127 (duty 1, inHouseCall 2, night 4, homeCall 8, transition 16, "
            + "clinic 32, continuity 64), got 128",
            Assert.Throws<ModelException>(() => ProblemFile.Read(unknown)).Message);

        var json = Fixtures.EditedJson(Fixtures.TinyWithObjective, "\"clinic\",\n        \"continuity\"", "\"continuity\",\n        \"continuity\"");
        AssertJsonError("activities[0].kinds[2]: duplicate kind", json);
    }

    [Theory]
    [InlineData("""{ "maxShifts": { "activity": "day", "max": 1 } }""", "people[0].roster.maxShifts: expected an array, got an object")]
    [InlineData("""{ "maxShifts": [ { "activity": "day", "max": "two" } ] }""", "people[0].roster.maxShifts[0].max: expected an integer, got a string")]
    [InlineData("""{ "maxShifts": [ { "activity": "day", "max": 2.5 } ] }""", "people[0].roster.maxShifts[0].max: expected an integer, got 2.5")]
    [InlineData("""{ "maxShifts": [ { "activity": 1, "max": 2 } ] }""", "people[0].roster.maxShifts[0].activity: expected a string, got an integer")]
    [InlineData("""{ "maxShifts": [ { "activity": "day" } ] }""", "people[0].roster.maxShifts[0]: missing field 'max'")]
    [InlineData("""{ "maxShifts": [ "day" ] }""", "people[0].roster.maxShifts[0]: expected an activity limit (an object or an array), got a string")]
    [InlineData("""{ "maxShifts": [ { "activity": "day", "max": 1, "min": 0 } ] }""", "people[0].roster.maxShifts[0].min: unknown field (the fields of an activity limit are activity, max)")]
    [InlineData("""{ "maxWeekends": true }""", "people[0].roster.maxWeekends: expected an integer, got a boolean")]
    [InlineData("""{ "minTotalMinutes": "8h" }""", "people[0].roster.minTotalMinutes: expected an integer, got a string")]
    [InlineData("""{ "maxConsecutiveDays": 5, "maxConsecutiveDays": 6 }""", "people[0].roster.maxConsecutiveDays: duplicate field")]
    [InlineData("""{ "maxNights": 3 }""", "people[0].roster.maxNights: unknown field (the fields of roster limits are maxShifts, minTotalMinutes, maxTotalMinutes, minConsecutiveDays, maxConsecutiveDays, minConsecutiveDaysOff, maxWeekends)")]
    [InlineData("\"weekly\"", "people[0].roster: expected roster limits (an object or an array), got a string")]
    [InlineData("[]", "people[0].roster: expected roster limits as an array of 7 fields (maxShifts, minTotalMinutes, maxTotalMinutes, minConsecutiveDays, maxConsecutiveDays, minConsecutiveDaysOff, maxWeekends), got 0 elements")]
    public void ProblemRead_RosterOfWrongShape_NamesFieldAndTypes(string roster, string expected) =>
        AssertJsonError(expected, WithRostering(roster: roster));

    [Theory]
    [InlineData("""{ "maxShifts": [ { "activity": "day", "max": -1 } ] }""", "people[0].roster.maxShifts[0].max: expected 0 or more, got -1")]
    [InlineData("""{ "maxShifts": [ { "activity": "surgery", "max": 4 } ] }""", "people[0].roster.maxShifts[0].activity: unknown activity 'surgery'")]
    [InlineData("""{ "maxShifts": [ { "activity": "day", "max": 4 }, { "activity": "day", "max": 2 } ] }""", "people[0].roster.maxShifts[1].activity: activity 'day' is listed twice")]
    [InlineData("""{ "minTotalMinutes": -60 }""", "people[0].roster.minTotalMinutes: expected 0 or more, got -60")]
    [InlineData("""{ "minTotalMinutes": 600, "maxTotalMinutes": 300 }""", "people[0].roster.maxTotalMinutes: expected minTotalMinutes (600) or more, got 300")]
    [InlineData("""{ "minConsecutiveDays": 0 }""", "people[0].roster.minConsecutiveDays: expected a positive number, got 0")]
    [InlineData("""{ "minConsecutiveDays": 3, "maxConsecutiveDays": 2 }""", "people[0].roster.maxConsecutiveDays: expected minConsecutiveDays (3) or more, got 2")]
    [InlineData("""{ "minConsecutiveDaysOff": -2 }""", "people[0].roster.minConsecutiveDaysOff: expected a positive number, got -2")]
    [InlineData("""{ "maxWeekends": -1 }""", "people[0].roster.maxWeekends: expected 0 or more, got -1")]
    public void ProblemRead_RosterOutOfRange_NamesField(string roster, string expected) =>
        AssertJsonError(expected, WithRostering(roster: roster));

    [Theory]
    [InlineData("null", "rules.forbiddenSuccessions: expected an array, got null")]
    [InlineData("""[ { "from": "night" } ]""", "rules.forbiddenSuccessions[0]: missing field 'to'")]
    [InlineData("""[ { "from": "night", "to": 2 } ]""", "rules.forbiddenSuccessions[0].to: expected a string, got an integer")]
    [InlineData("""[ [ "night" ] ]""", "rules.forbiddenSuccessions[0]: expected a succession as an array of 2 fields (from, to), got 1 elements")]
    [InlineData("""[ { "from": "night", "to": "day" }, { "from": "night", "to": "early" } ]""", "rules.forbiddenSuccessions[1].to: unknown activity 'early'")]
    [InlineData("""[ { "from": "", "to": "day" } ]""", "rules.forbiddenSuccessions[0].from: unknown activity ''")]
    public void ProblemRead_BadForbiddenSuccession_NamesField(string successions, string expected) =>
        AssertJsonError(expected, WithRostering(successions: successions));

    [Theory]
    [InlineData("5", "shifts[0].requirement.penalty: expected a cover penalty (an object or an array), got an integer")]
    [InlineData("""{ "under": "high", "over": 1 }""", "shifts[0].requirement.penalty.under: expected an integer, got a string")]
    [InlineData("""{ "under": 10 }""", "shifts[0].requirement.penalty: missing field 'over'")]
    [InlineData("""{ "under": 10, "over": 1, "weight": 3 }""", "shifts[0].requirement.penalty.weight: unknown field (the fields of a cover penalty are under, over)")]
    [InlineData("""{ "under": -1, "over": 5 }""", "shifts[0].requirement.penalty: expected weights 0..1000000, got under -1, over 5")]
    [InlineData("""{ "under": 1, "over": 1000001 }""", "shifts[0].requirement.penalty: expected weights 0..1000000, got under 1, over 1000001")]
    public void ProblemRead_BadCoverPenalty_NamesField(string penalty, string expected) =>
        AssertJsonError(expected, WithRostering(penalty: penalty));

    [Fact]
    public void ProblemRead_RosteringFieldsNull_ReadAsAbsent()
    {
        // The base of the tests above is valid: each error is the edit's. null reads as none, like an absent field.
        var problem = ProblemFile.Read(WithRostering());
        Assert.Null(problem.People[0].Roster);
        Assert.Empty(problem.Rules.ForbiddenSuccessions);
        Assert.Null(problem.Shifts[0].Requirement.Penalty);
    }

    [Fact]
    public void ProblemRead_PositionalPersonOfWrongLength_ListsItsFields()
    {
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);

        // The first person, a fixarray of 6 fields, with an 8th field claimed (the bytes after it shift into it).
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xa2, (byte)'r', (byte)'1']) - 1; // its id, fixstr "r1"
        Assert.Equal(0x96, bytes[at]);
        bytes[at] = 0x98;
        Assert.Equal(
            "people[0]: expected a person as an array of 6 to 7 fields (id, name, role, pgy, qualifications, overrides, roster), got 8 elements",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
    }

    [Fact]
    public void ProblemRead_MaxShiftsLongerThanActivitiesCanBe_ThrowsBeforeReadingThem()
    {
        // A positional person whose roster's maxShifts claims one element more than a problem may have activities.
        var bytes = Body('P', w =>
        {
            w.WriteArrayHeader(12);
            w.Write("x");
            w.Write("UTC");
            w.Write("2026-07-01");
            w.Write(7);
            w.Write(0);
            w.WriteMapHeader(0);
            w.WriteArrayHeader(1);
            w.WriteArrayHeader(7);
            w.Write("r");
            w.Write("R");
            w.Write(0);
            w.Write(1);
            w.WriteArrayHeader(0);
            w.WriteNil();
            w.WriteArrayHeader(7);
            w.WriteArrayHeader(FormatLimits.MaxActivities + 1);
            for (var field = 1; field < 7; field++)
            {
                w.WriteNil(); // the roster's other fields, so that its header does not look truncated
            }
        });
        Assert.Equal(
            $"people[0].roster.maxShifts: expected at most {FormatLimits.MaxActivities} elements, got {FormatLimits.MaxActivities + 1}",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
    }

    /// <summary>
    /// A small valid problem's JSON (activities <c>day</c> and <c>night</c>, one resident, one shift) with the given
    /// text as the resident's <c>"roster"</c>, the rules' <c>"forbiddenSuccessions"</c> and the shift's <c>"penalty"</c>.
    /// </summary>
    private static byte[] WithRostering(string roster = "null", string successions = "[]", string penalty = "null") =>
        Encoding.UTF8.GetBytes($$"""
            {
              "format": "scheduler-problem",
              "version": 1,
              "name": "x",
              "timeZone": "UTC",
              "startDate": "2026-01-05",
              "horizonDays": 7,
              "rules": { "forbiddenSuccessions": {{successions}} },
              "people": [ { "id": "r", "name": "R", "role": "resident", "pgy": 1, "roster": {{roster}} } ],
              "activities": [
                { "id": "day", "name": "Day", "kinds": ["duty"] },
                { "id": "night", "name": "Night", "kinds": ["duty", "night"] }
              ],
              "shifts": [
                { "id": "s", "activity": "day", "start": 420, "end": 900,
                  "requirement": { "minPeople": 1, "maxPeople": 1, "penalty": {{penalty}} } }
              ]
            }
            """);

    /// <summary>A small valid problem's JSON with the given text as the value of <c>"objective"</c>.</summary>
    private static byte[] WithObjective(string objective) =>
        Encoding.UTF8.GetBytes($$"""
            {
              "format": "scheduler-problem",
              "version": 1,
              "name": "x",
              "timeZone": "UTC",
              "startDate": "2026-01-05",
              "horizonDays": 1,
              "objective": {{objective}}
            }
            """);

    /// <summary>A positional problem header of <paramref name="count"/> fields and its first 12: a valid empty problem.</summary>
    private static void WriteMinimalProblemFields(MessagePackWriterBox w, int count)
    {
        w.WriteArrayHeader(count);
        w.Write("x");
        w.Write("UTC");
        w.Write("2026-07-01");
        w.Write(7);
        w.Write(0);
        w.WriteMapHeader(0); // rules: a named record with every field left out
        for (var list = 0; list < 6; list++)
        {
            w.WriteArrayHeader(0);
        }
    }

    /// <summary>Asserts that reading JSON fails with the message given followed by the line of its field.</summary>
    private static ModelException AssertJsonError(string expected, byte[] json)
    {
        var e = Assert.Throws<ModelException>(() => ProblemFile.Read(json));
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(expected) + @" \(line [0-9]+\)$", e.Message);
        return e;
    }

    /// <summary>A binary file with a valid header and a hand-written body.</summary>
    private static byte[] Body(char kind, Action<MessagePackWriterBox> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write<byte>([.. "SCHD"u8, (byte)kind, 1]);
        var box = new MessagePackWriterBox(buffer);
        write(box);
        box.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>MessagePackWriter is a ref struct; lambdas need a class around it.</summary>
    private sealed class MessagePackWriterBox(IBufferWriter<byte> output)
    {
        private readonly ArrayBufferWriter<byte> _scratch = new();

        public void WriteArrayHeader(uint count) => Do((ref MessagePackWriter w) => w.WriteArrayHeader(count));

        public void WriteArrayHeader(int count) => Do((ref MessagePackWriter w) => w.WriteArrayHeader(count));

        public void WriteMapHeader(int count) => Do((ref MessagePackWriter w) => w.WriteMapHeader(count));

        public void Write(string value) => Do((ref MessagePackWriter w) => w.Write(value));

        public void Write(int value) => Do((ref MessagePackWriter w) => w.Write(value));

        public void WriteNil() => Do((ref MessagePackWriter w) => w.WriteNil());

        public void Flush() => output.Write(_scratch.WrittenSpan);

        private void Do(WriterAction action)
        {
            var writer = new MessagePackWriter(_scratch);
            action(ref writer);
            writer.Flush();
        }

        private delegate void WriterAction(ref MessagePackWriter writer);
    }
}
