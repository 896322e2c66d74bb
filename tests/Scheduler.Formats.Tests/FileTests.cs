using System.Text;
using Scheduler.Core.Model;

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
    public void Read_ReadmeExample_IsAValidProblem()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "problems", "README.md"));
        var start = readme.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var problem = ProblemFile.Read(Encoding.UTF8.GetBytes(readme[start..end]));

        Assert.Equal("example", problem.Name);
        Assert.Equal(ProgramRules.Acgme, problem.Rules);
        Assert.Equal(new Eligibility(true, false, 2, 7, []), problem.Shifts[1].Requirement.Eligibility);
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
        var path = Path.Combine(RepositoryRoot(), "problems", name + ".msgpack");
        Assert.SkipUnless(File.Exists(path), $"{path} is not shipped");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bytes, ProblemFile.ToBytes(ProblemFile.Read(path), FileFormat.MessagePack));

        var schedulePath = Path.Combine(RepositoryRoot(), "problems", name + ".schedule.msgpack");
        if (File.Exists(schedulePath))
        {
            Assert.Equal(File.ReadAllBytes(schedulePath), ScheduleFile.ToBytes(ScheduleFile.Read(schedulePath), FileFormat.MessagePack));
        }
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

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Scheduler.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
