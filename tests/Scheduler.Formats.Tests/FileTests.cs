using System.Buffers;
using System.Reflection;
using System.Text;
using FsCheck.Fluent;
using MessagePack;
using Scheduler.Core.Checking;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Testing;
using Scheduler.Testing.Generators;

namespace Scheduler.Formats.Tests;

public sealed class FileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scheduler-formats-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("a.msgpack", FileFormat.MessagePack)]
    [InlineData("dir.v2/a.MPK", FileFormat.MessagePack)]
    [InlineData("a.json", FileFormat.Json)]
    [InlineData("A.JSON", FileFormat.Json)]
    public void FromPath_KnownExtension_ReturnsFormat(string path, FileFormat expected) =>
        Assert.Equal(expected, FileFormats.FromPath(path));

    [Fact]
    public void FromPath_UnknownExtension_ThrowsModelException() =>
        Assert.Throws<ModelException>(() => FileFormats.FromPath("problem.yaml"));

    [Fact]
    public void Detect_Content_RecognisesBothFormats()
    {
        Assert.Equal(FileFormat.MessagePack, FileFormats.Detect(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack)));
        Assert.Equal(FileFormat.Json, FileFormats.Detect("\uFEFF \n {}"u8.ToArray()));
        Assert.Null(FileFormats.Detect("hello"u8));
    }

    [Fact]
    public void Write_ThenRead_ReturnsEqualProblemAndLeavesNoTemporaryFile()
    {
        foreach (var name in new[] { "tiny.msgpack", "tiny.json" })
        {
            var path = Path.Combine(_directory, name);
            ProblemFile.Write(Fixtures.Tiny, path);
            ProblemFile.Write(Fixtures.Tiny, path); // over an existing file
            Assert.Equal(Fixtures.Tiny, ProblemFile.Read(path));
        }

        var schedulePath = Path.Combine(_directory, "tiny-schedule.json");
        ScheduleFile.Write(Fixtures.TinySchedule, schedulePath, FileFormat.Json);
        Assert.Equal(Fixtures.TinySchedule, ScheduleFile.Read(schedulePath));
        Assert.Equal(3, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public void Write_InvalidProblem_ThrowsAndKeepsOldFile()
    {
        var path = Path.Combine(_directory, "keep.msgpack");
        ProblemFile.Write(Fixtures.Tiny, path);
        var before = File.ReadAllBytes(path);

        var invalid = Fixtures.Tiny with { HorizonDays = 0 };
        Assert.Throws<ModelException>(() => ProblemFile.Write(invalid, path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void ToBytes_Json_StartsWithFormatAndVersionAndIsIndented()
    {
        var json = Encoding.UTF8.GetString(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json));
        Assert.StartsWith("{\n  \"format\": \"scheduler-problem\",\n  \"version\": 1,\n  \"name\": \"tiny\",", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Ana Pérez\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kinds\": [\n        \"duty\",\n        \"inHouseCall\"\n      ]", json, StringComparison.Ordinal);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);

        var schedule = Encoding.UTF8.GetString(ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.Json));
        Assert.StartsWith("{\n  \"format\": \"scheduler-schedule\",\n  \"version\": 1,\n  \"problemName\": \"tiny\",", schedule, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_MessagePack_StartsWithMagicHeader()
    {
        Assert.Equal("SCHDP\u0001"u8.ToArray(), ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack)[..6]);
        Assert.Equal("SCHDS\u0001"u8.ToArray(), ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.MessagePack)[..6]);
    }

    [Fact]
    public void ToBytes_BigProblem_MessagePackIsAtMostAThirdOfJson()
    {
        var problem = Fixtures.Big();
        var binary = ProblemFile.ToBytes(problem, FileFormat.MessagePack);
        var json = ProblemFile.ToBytes(problem, FileFormat.Json);
        Assert.True(binary.Length * 3 <= json.Length, $"MessagePack {binary.Length} bytes, JSON {json.Length} bytes");
        Assert.Equal(problem, ProblemFile.Read(binary));
    }

    [Fact]
    public void ContentHash_EqualProblems_EqualHashes_ChangedProblem_DifferentHash()
    {
        var hash = ContentHash.Of(Fixtures.Tiny);
        Assert.Matches("^[0-9a-f]{32}$", hash);
        Assert.Equal(hash, ContentHash.Of(ProblemFile.Read(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json))));
        Assert.NotEqual(hash, ContentHash.Of(Fixtures.Tiny with { HorizonDays = 3 }));
        Assert.NotEqual(ContentHash.Of(Fixtures.TinySchedule), ContentHash.Of(Fixtures.TinySchedule with { ProblemName = "other" }));
    }

    [Fact]
    public void ScheduleProblemHash_RoundTripsInBothForms_LeftOffWhenNull_AndCheckedAgainstTheProblem()
    {
        var hash = ContentHash.Of(Fixtures.Tiny);
        var stamped = Fixtures.TinySchedule with { ProblemHash = hash };

        foreach (var format in new[] { FileFormat.MessagePack, FileFormat.Json })
        {
            Assert.Equal(stamped, ScheduleFile.Read(ScheduleFile.ToBytes(stamped, format)));
        }

        // Without it the bytes are those of a file written before the field; the schedule's own hash ignores it.
        Assert.Equal(2, ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.MessagePack)[6] & 0x0f);
        Assert.Equal(ContentHash.Of(Fixtures.TinySchedule), ContentHash.Of(stamped));
        ScheduleFile.CheckMadeFor(stamped, hash);
        ScheduleFile.CheckMadeFor(Fixtures.TinySchedule, ContentHash.Of(Fixtures.Tiny with { HorizonDays = 3 }));
        var other = Assert.Throws<ModelException>(() => ScheduleFile.CheckMadeFor(stamped, ContentHash.Of(Fixtures.Tiny with { HorizonDays = 3 })));
        Assert.Equal("problemHash", other.Errors[0].Path);
        var malformed = Assert.Throws<ModelException>(() => ScheduleFile.ToBytes(Fixtures.TinySchedule with { ProblemHash = "ABC" }, FileFormat.MessagePack));
        Assert.Equal("problemHash", malformed.Errors[0].Path);
    }

    [Fact]
    public void Read_ReadmeExample_IsAValidProblem()
    {
        var readme = File.ReadAllText(TestData.Problem("README.md"));
        var start = readme.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var problem = ProblemFile.Read(Encoding.UTF8.GetBytes(readme[start..end]));

        Assert.Equal("example", problem.Name);
        Assert.Equal(ProgramRules.Acgme with { ForbiddenSuccessions = [new("call", "clinic")] }, problem.Rules);
        Assert.Equal(new RosterLimits { MaxShifts = [new("call", 1)], MaxWeekends = 1 }, problem.People[0].Roster);
        Assert.Null(problem.People[1].Roster);
        Assert.Equal(new CoverPenalty(50, 5), problem.Shifts[0].Requirement.Penalty);
        Assert.Null(problem.Shifts[1].Requirement.Penalty);
        Assert.Equal(new Eligibility(true, false, 2, 7, []), problem.Shifts[1].Requirement.Eligibility);
        Assert.Equal(
            new ObjectiveWeights { WeekendFairness = 20, SoftRules = [new(RuleId.Coverage, 1000)] },
            problem.Objective);
        Assert.Equal(ActivityKinds.Duty | ActivityKinds.Continuity, problem.Activities[0].Kinds);
    }

    [Fact]
    public void Read_NamedJsonWithDefaultsLeftOut_FillsDefaults()
    {
        var json = """
            {
              "format": "scheduler-problem", "version": 1,
              "name": "minimal", "timeZone": "UTC", "startDate": "2026-01-05", "horizonDays": 1,
              "people": [ { "id": "f", "name": "F", "role": "faculty" } ],
              "activities": [ { "id": "a", "name": "A", "kinds": [] } ],
              "shifts": [ { "id": "s", "activity": "a", "start": 0, "end": 60, "requirement": { "minPeople": 0, "maxPeople": 1 } } ],
            }
            """u8;
        var problem = ProblemFile.Read(json);
        Assert.Equal(ProgramRules.Acgme, problem.Rules);
        Assert.Same(ObjectiveWeights.Default, problem.Objective);
        Assert.Equal(0, problem.HistoryDays);
        Assert.Equal(new Person("f", "F", Role.Faculty, 0, []), problem.People[0]);
        Assert.Equal(new Requirement(0, 1, Eligibility.Anyone, false), problem.Shifts[0].Requirement);
        Assert.Empty(problem.Absences);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("small")]
    [InlineData("medium")]
    [InlineData("large")]
    public void Read_ShippedProblem_ReadsAndReencodesToTheSameBytes(string name)
    {
        var path = TestData.Problem(name + ".msgpack");
        Assert.SkipUnless(File.Exists(path), $"{path} is not shipped");
        var bytes = File.ReadAllBytes(path);
        var problem = ProblemFile.Read(path);
        Assert.Equal(InstanceGenerator.Objective, problem.Objective); // generated programs make coverage soft
        Assert.Equal(bytes, ProblemFile.ToBytes(problem, FileFormat.MessagePack));

        // They predate the rostering fields, which the writer leaves out while absent; through the JSON twin and
        // back gives the same bytes too, so the content hash that checkpoints carry stays what it was.
        Assert.Empty(problem.Rules.ForbiddenSuccessions);
        Assert.All(problem.People, p => Assert.Null(p.Roster));
        Assert.All(problem.Shifts, s => Assert.Null(s.Requirement.Penalty));
        var json = ProblemFile.ToBytes(problem, FileFormat.Json);
        Assert.Equal(bytes, ProblemFile.ToBytes(ProblemFile.Read(json), FileFormat.MessagePack));
        Assert.Equal(ContentHash.Of(bytes), ContentHash.Of(problem));

        var schedulePath = TestData.Problem(name + ".schedule.msgpack");
        if (File.Exists(schedulePath))
        {
            Assert.Equal(File.ReadAllBytes(schedulePath), ScheduleFile.ToBytes(ScheduleFile.Read(schedulePath), FileFormat.MessagePack));
        }
    }

    [Fact]
    public void Read_PositionalFileWrittenBeforeObjective_ReadsDefaultObjective()
    {
        // The version 1 layout before the objective: a problem array of 12 fields, hand-written here.
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("SCHDP\u0001"u8);
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(12);
        w.Write("old");
        w.Write("UTC");
        w.Write("2026-01-05");
        w.Write(7);
        w.Write(0);
        w.WriteArrayHeader(16);
        foreach (var value in new[] { 28, 19200, 4, 240, 1440, 1680, 480, 840, 1440, 9, 6, 2, 4 })
        {
            w.Write(value);
        }

        w.WriteNil();
        w.WriteNil();
        w.WriteNil();
        w.WriteArrayHeader(0);
        w.WriteArrayHeader(1);
        w.WriteArrayHeader(3);
        w.Write("clinic");
        w.Write("Clinic");
        w.Write(33); // duty | clinic
        for (var list = 0; list < 4; list++)
        {
            w.WriteArrayHeader(0);
        }

        w.Flush();
        var old = buffer.WrittenSpan.ToArray();

        var problem = ProblemFile.Read(old);
        Assert.Same(ObjectiveWeights.Default, problem.Objective);
        Assert.Same(ProgramRules.Acgme, problem.Rules);
        Assert.Equal(new Activity("clinic", "Clinic", ActivityKinds.Duty | ActivityKinds.Clinic), problem.Activities[0]);

        // The default objective is still left out, so the file is written back byte for byte.
        Assert.Equal(old, ProblemFile.ToBytes(problem, FileFormat.MessagePack));
    }

    [Fact]
    public void Read_PositionalObjectiveHoldingTheDefaults_ReadsAsTheDefault()
    {
        // Not what the writer makes (it leaves a default objective out), but a valid 13-field problem all the same.
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        Assert.Equal(0x9c, bytes[FileHeader.Length]); // fixarray of 12
        bytes[FileHeader.Length] = 0x9d;
        byte[] withDefaults = [.. bytes, 0x96, 1, 10, 10, 10, 1, 0x90];
        Assert.Same(ObjectiveWeights.Default, ProblemFile.Read(withDefaults).Objective);
    }

    [Fact]
    public void Read_JsonWithObjective_ReadsWeightsSoftRulesAndContinuity()
    {
        var json = """
            {
              "format": "scheduler-problem", "version": 1,
              "name": "weighted", "timeZone": "UTC", "startDate": "2026-01-05", "horizonDays": 7,
              "activities": [ { "id": "clinic", "name": "Clinic", "kinds": ["continuity", "duty", "clinic"] } ],
              "objective": {
                "nightFairness": 0,
                "weekendFairness": 25,
                "softRules": [
                  { "rule": "weeklyHours", "weight": 50 },
                  { "rule": "facultyClinicSessions", "weight": 2 },
                  { "weight": 1000, "rule": "coverage" }
                ]
              }
            }
            """u8;
        var problem = ProblemFile.Read(json);

        var expected = new ObjectiveWeights
        {
            NightFairness = 0,
            WeekendFairness = 25,
            SoftRules =
            [
                new(RuleId.WeeklyHours, 50), new(RuleId.FacultyClinicSessions, 2), new(RuleId.Coverage, 1000),
            ],
        };
        Assert.Equal(expected, problem.Objective);
        Assert.Equal(1, problem.Objective.Requests); // left out: the default
        Assert.Equal(1000, problem.Objective.SoftWeight(RuleId.Coverage));
        Assert.Null(problem.Objective.SoftWeight(RuleId.Rest));
        Assert.Equal(ActivityKinds.Duty | ActivityKinds.Clinic | ActivityKinds.Continuity, problem.Activities[0].Kinds);

        Assert.Equal(problem, ProblemFile.Read(ProblemFile.ToBytes(problem, FileFormat.MessagePack)));
        Assert.Equal(problem, ProblemFile.Read(ProblemFile.ToBytes(problem, FileFormat.Json)));
    }

    [Fact]
    public void ToBytes_Objective_LeftOutWhenDefault_OtherwiseWrittenInFull()
    {
        var plain = Encoding.UTF8.GetString(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json));
        Assert.DoesNotContain("objective", plain, StringComparison.Ordinal);
        Assert.Equal(0x9c, ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack)[FileHeader.Length]); // 12 fields

        var binary = ProblemFile.ToBytes(Fixtures.TinyWithObjective, FileFormat.MessagePack);
        Assert.Equal(0x9d, binary[FileHeader.Length]); // 13 fields

        // Last in the positional form: requests, callFairness, nightFairness, weekendFairness, continuity, then
        // [coverage 8, 1000 (uint16)], [rest 3, 5].
        byte[] objective = [0x96, 3, 0, 20, 7, 2, 0x92, 0x92, 8, 0xcd, 0x03, 0xe8, 0x92, 3, 5];
        Assert.Equal(objective, binary[^objective.Length..]);

        // In JSON, right after the rules, every field written.
        var json = Encoding.UTF8.GetString(ProblemFile.ToBytes(Fixtures.TinyWithObjective, FileFormat.Json));
        var at = json.IndexOf("\n  \"objective\": {\n    \"requests\": 3,\n    \"callFairness\": 0,", StringComparison.Ordinal);
        Assert.True(at > json.IndexOf("\"rules\"", StringComparison.Ordinal) && at < json.IndexOf("\"people\"", StringComparison.Ordinal), json);
        Assert.Contains("\"softRules\": [\n      {\n        \"rule\": \"coverage\",\n        \"weight\": 1000\n      },", json, StringComparison.Ordinal);
        Assert.Contains("\"kinds\": [\n        \"duty\",\n        \"clinic\",\n        \"continuity\"\n      ]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_RosteringFields_LeftOutWhenAbsent_OtherwiseWrittenLastInTheirRecords()
    {
        // Absent: the records are as long as in files written before the fields, and the JSON names none of them.
        var plain = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        AssertHas(plain, [0x02, 0x01, 0xdc, 0x00, 0x10]); // horizonDays, historyDays, then rules: array16 of 16
        AssertHas(plain, [0x96, 0xa2, .. "r2"u8]); // a person: 6 fields
        AssertHas(plain, [0xa7, .. "d0-call"u8, 0xa4, .. "call"u8, 0xcd, 0x01, 0xa4, 0xcd, 0x07, 0x44, 0x94]); // a requirement: 4
        var plainJson = Encoding.UTF8.GetString(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json));
        foreach (var name in new[] { "forbiddenSuccessions", "roster", "penalty" })
        {
            Assert.DoesNotContain($"\"{name}\"", plainJson, StringComparison.Ordinal);
        }

        var binary = ProblemFile.ToBytes(Fixtures.TinyWithRostering, FileFormat.MessagePack);

        // Rules of 17 fields, ending with facultyMin/MaxClinicSessionsPerWeek (nil, nil), then [[call, clinic]]; then 3 people.
        AssertHas(binary, [0x02, 0x01, 0xdc, 0x00, 0x11]);
        AssertHas(binary, [0xc0, 0xc0, 0x91, 0x92, 0xa4, .. "call"u8, 0xa6, .. "clinic"u8, 0x93]);

        // The senior: 7 fields, after the overrides (maxConsecutiveNights nil) the roster: maxShifts [[call, 1],
        // [clinic, 300]], minutes 240..4800, 1..5 working days in a row, at least 2 days off in a row, 1 weekend.
        AssertHas(binary, [0x97, 0xa2, .. "r2"u8]);
        AssertHas(binary, [0x06, 0xc0, 0x97, 0x92, 0x92, 0xa4, .. "call"u8, 0x01, 0x92, 0xa6, .. "clinic"u8, 0xcd, 0x01, 0x2c,
            0xcc, 0xf0, 0xcd, 0x12, 0xc0, 0x01, 0x05, 0x02, 0x01]);

        // The attending's empty roster is written (it is not the same as none): [], then six nils.
        AssertHas(binary, [.. "icu"u8, 0xc0, 0x97, 0x90, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0]);

        // The first resident has none: still 6 fields.
        AssertHas(binary, [0x96, 0xa2, .. "r1"u8]);

        // The call's requirement: 5 fields, after its eligibility [true, false, 2, 7, []] the penalty [1000, 0].
        AssertHas(binary, [0x95, 0x01, 0x01, 0xc2, 0x95, 0xc3, 0xc2, 0x02, 0x07, 0x90, 0x92, 0xcd, 0x03, 0xe8, 0x00]);

        // In JSON, each last in its object.
        var json = Encoding.UTF8.GetString(ProblemFile.ToBytes(Fixtures.TinyWithRostering, FileFormat.Json));
        Assert.Contains(
            "\"facultyMaxClinicSessionsPerWeek\": null,\n    \"forbiddenSuccessions\": [\n      {\n        \"from\": \"call\",\n"
            + "        \"to\": \"clinic\"\n      }\n    ]\n  },",
            json,
            StringComparison.Ordinal);
        Assert.Contains("\"overrides\": null,\n      \"roster\": {\n        \"maxShifts\": [],\n        \"minTotalMinutes\": null,", json, StringComparison.Ordinal);
        Assert.Contains("\"roster\": {\n        \"maxShifts\": [\n          {\n            \"activity\": \"call\",\n            \"max\": 1\n", json, StringComparison.Ordinal);
        Assert.Contains("        },\n        \"penalty\": {\n          \"under\": 1000,\n          \"over\": 0\n        }\n      }\n", json, StringComparison.Ordinal);

        Assert.Equal(Fixtures.TinyWithRostering, ProblemFile.Read(binary));
        Assert.Equal(Fixtures.TinyWithRostering, ProblemFile.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(binary, ProblemFile.ToBytes(ProblemFile.Read(Encoding.UTF8.GetBytes(json)), FileFormat.MessagePack));

        static void AssertHas(byte[] bytes, byte[] part) =>
            Assert.True(bytes.AsSpan().IndexOf(part) >= 0, $"{Convert.ToHexString(part)} not in {Convert.ToHexString(bytes)}");
    }

    [Fact]
    public void ContentHash_RosteringFields_EveryDifferenceChangesTheHash()
    {
        var tiny = Fixtures.Tiny;
        var hashes = new[]
        {
            ContentHash.Of(tiny),
            ContentHash.Of(tiny with { People = [tiny.People[0], tiny.People[1], tiny.People[2] with { Roster = new RosterLimits() }] }),
            ContentHash.Of(tiny with { People = [tiny.People[0], tiny.People[1], tiny.People[2] with { Roster = new RosterLimits { MaxWeekends = 0 } }] }),
            ContentHash.Of(tiny with { Rules = tiny.Rules with { ForbiddenSuccessions = [new("call", "clinic")] } }),
            ContentHash.Of(tiny with { Rules = tiny.Rules with { ForbiddenSuccessions = [new("clinic", "call")] } }),
            ContentHash.Of(tiny with { Shifts = [tiny.Shifts[0] with { Requirement = tiny.Shifts[0].Requirement with { Penalty = new(0, 0) } }, tiny.Shifts[1], tiny.Shifts[2]] }),
            ContentHash.Of(tiny with { Shifts = [tiny.Shifts[0] with { Requirement = tiny.Shifts[0].Requirement with { Penalty = new(0, 1) } }, tiny.Shifts[1], tiny.Shifts[2]] }),
        };
        Assert.Equal(hashes.Length, hashes.Distinct().Count());

        // An empty successions list is the default itself: the same problem, the same hash.
        Assert.Equal(hashes[0], ContentHash.Of(tiny with { Rules = tiny.Rules with { ForbiddenSuccessions = new List<Succession>() } }));
    }

    [Fact]
    public void Read_PositionalRecordsHoldingAppendedFieldsAsNil_ReadAsAbsent()
    {
        // Not what the writer makes (it leaves an absent roster or penalty out), but valid 7- and 5-field records.
        var bytes = ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack);
        var person = IndexOf(bytes, [0x96, 0xa2, .. "r1"u8]);
        var end = IndexOf(bytes, [0x96, 0xa2, .. "r2"u8]);
        bytes[person] = 0x97;
        byte[] edited = [.. bytes.AsSpan(0, end), 0xc0, .. bytes.AsSpan(end)];
        var requirement = IndexOf(edited, [0x94, 0x01, 0x02, 0xc3]); // d0-am: 1..2, supervised
        edited[requirement] = 0x95;
        var shift = IndexOf(edited, [0x95, 0xa7, .. "d0-call"u8]);
        byte[] both = [.. edited.AsSpan(0, shift), 0xc0, .. edited.AsSpan(shift)];
        Assert.Equal(Fixtures.Tiny, ProblemFile.Read(both));

        static int IndexOf(byte[] bytes, byte[] part) => bytes.AsSpan().IndexOf(part);
    }

    [Fact]
    public void Schema_EnumerationNames_AreTheModelNamesInCamelCase()
    {
        Assert.Equal(Violation.RuleCount, Schema.RuleNames.Length);
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            Assert.Equal(CamelCase(rule.ToString()), Schema.RuleNames[(int)rule]);
        }

        for (var bit = 0; bit < Schema.ActivityKinds.Length; bit++)
        {
            var kind = (ActivityKinds)(1 << bit);
            Assert.True(Enum.IsDefined(kind), kind.ToString());
            Assert.Equal(CamelCase(kind.ToString()), Schema.ActivityKinds[bit]);
        }

        Assert.False(Enum.IsDefined((ActivityKinds)(1 << Schema.ActivityKinds.Length)));

        static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
    }

    [Fact]
    public void Schema_FieldConstants_NameEveryFieldAtItsPosition()
    {
        // The codecs' readers and writers name fields by these constants alone: each record's constants must be its
        // field names in PascalCase, one for every field, each at that field's position.
        var records = typeof(Schema).GetNestedTypes(BindingFlags.Public);
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var fields = Assert.IsType<FieldSet>(record.GetField("Fields", BindingFlags.Public | BindingFlags.Static)?.GetValue(null));
            var constants = record.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();
            Assert.True(constants.Length == fields.Count, $"{record.Name}: {constants.Length} constants for {fields.Count} fields ({fields.Describe()})");
            foreach (var constant in constants)
            {
                var index = Assert.IsType<int>(constant.GetRawConstantValue());
                Assert.True(
                    index >= 0 && index < fields.Count && fields.Name(index) == CamelCase(constant.Name),
                    $"{record.Name}.{constant.Name} = {index}, but the fields are {fields.Describe()}");
            }
        }

        static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
    }

    [Fact]
    public void ToBytes_EveryOptionalFieldSet_GivesThePinnedBytes()
    {
        // The binary form is canonical and hashed (a checkpoint carries its problem's content hash), so the bytes must
        // not move when the codecs change shape. Pinned by length and XxHash128, in both forms, for a problem holding
        // every field appended within version 1 (objective, forbidden successions, roster limits, cover penalties),
        // for the plain tiny problem and for a schedule.
        var everything = Fixtures.TinyWithRostering with
        {
            Objective = Fixtures.TinyWithObjective.Objective,
            Activities = Fixtures.TinyWithObjective.Activities,
        };
        AssertPinned(ProblemFile.ToBytes(everything, FileFormat.MessagePack), 419, "5a3623c40e30ea60ef04807421d35018");
        AssertPinned(ProblemFile.ToBytes(everything, FileFormat.Json), 4617, "3e5a8fbab2a75ed958571b8a83817770");
        AssertPinned(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack), 348, "ab666a9a4aff63171354e11b2e4e90fe");
        AssertPinned(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json), 3442, "a0e8c0a4eee795b42501086f49391df1");
        AssertPinned(ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.MessagePack), 45, "0bc6f82abd3e832475c7fc8f853897dd");
        Assert.Equal("5a3623c40e30ea60ef04807421d35018", ContentHash.Of(everything));

        static void AssertPinned(byte[] bytes, int length, string hash)
        {
            Assert.Equal(length, bytes.Length);
            Assert.Equal(hash, ContentHash.Of(bytes));
        }
    }

    [Fact]
    public void Generators_CoverObjectivesSoftRulesAndContinuity()
    {
        // The round-trip properties are only as good as what they are fed.
        var problems = Gen.Sample(ProblemArbitrary.ProblemGen, 20, new FsCheck.Rnd(2025UL), 300);
        Assert.Contains(problems, p => ReferenceEquals(p.Objective, ObjectiveWeights.Default));
        Assert.Contains(problems, p => p.Objective != ObjectiveWeights.Default);
        Assert.Contains(problems, p => p.Objective.SoftRules.Count >= 3);
        Assert.Contains(problems, p => p.Activities.Any(a => a.Kinds.HasFlag(ActivityKinds.Continuity)));
        Assert.All(problems, p => Assert.Empty(ProblemValidator.Validate(p)));
    }

    [Fact]
    public void Generators_CoverRosterLimitsSuccessionsAndCoverPenalties()
    {
        var problems = Gen.Sample(ProblemArbitrary.ProblemGen, 20, new FsCheck.Rnd(2026UL), 300);
        var people = problems.SelectMany(p => p.People).ToArray();
        Assert.Contains(people, p => p.Roster is null);
        Assert.Contains(people, p => p.Roster == new RosterLimits());
        Assert.Contains(people, p => p.Roster is { MaxShifts.Count: >= 2 });
        Assert.Contains(people, p => p.Roster is { MaxShifts: [{ Max: > 65535 }, ..] });
        Assert.Contains(people, p => p.Roster is
        {
            MinTotalMinutes: not null, MaxTotalMinutes: not null, MinConsecutiveDays: not null, MaxConsecutiveDays: not null,
            MinConsecutiveDaysOff: not null, MaxWeekends: not null,
        });
        Assert.Contains(problems, p => p.Rules.ForbiddenSuccessions.Count == 0);
        Assert.Contains(problems, p => p.Rules.ForbiddenSuccessions.Count >= 2);
        var requirements = problems.SelectMany(p => p.Shifts).Select(s => s.Requirement).ToArray();
        Assert.Contains(requirements, r => r.Penalty is null);
        Assert.Contains(requirements, r => r.Penalty is { Under: > 0, Over: > 0 });
        Assert.All(problems, p => Assert.Empty(ProblemValidator.Validate(p)));
    }

    [Fact]
    public void ReadmeTimesExample_SpringForward_MatchesProgramCalendar()
    {
        // problems/README.md, "Times": America/New_York from 2026-03-07, clocks go forward at 02:00 on 03-08.
        var calendar = Scheduler.Core.Time.ProgramCalendar.Create("America/New_York", new DateOnly(2026, 3, 7));
        Assert.Equal(420, calendar.ToMinutes(new DateOnly(2026, 3, 7), new TimeOnly(7, 0)));
        Assert.Equal(1440, calendar.DayStart(1));
        Assert.Equal(1560, calendar.ToMinutes(new DateOnly(2026, 3, 8), new TimeOnly(3, 0)));
        Assert.Equal(1800, calendar.ToMinutes(new DateOnly(2026, 3, 8), new TimeOnly(7, 0)));
        Assert.Equal(2820, calendar.DayStart(2));
        Assert.Equal(-960, calendar.ToMinutes(new DateOnly(2026, 3, 6), new TimeOnly(8, 0)));
    }
}
