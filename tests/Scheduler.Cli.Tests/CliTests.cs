using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private (string Problem, string Schedule) Generate(int residents = 4, int weeks = 2, string ext = "msgpack")
    {
        var problem = PathOf($"p{residents}-{weeks}.{ext}");
        var schedule = PathOf($"s{residents}-{weeks}.{ext}");
        var (code, _, err) = Run("generate", "--residents", residents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--faculty", "2", "--weeks", weeks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7",
            "--out", problem, "--schedule", "greedy", "--schedule-out", schedule);
        Assert.True(code == 0, err);
        return (problem, schedule);
    }

    [Fact]
    public void Generate_SameSeed_WritesSameBytes()
    {
        var a = Generate();
        var first = File.ReadAllBytes(a.Problem);
        var firstSchedule = File.ReadAllBytes(a.Schedule);
        File.Delete(a.Problem);
        var b = Generate();
        Assert.Equal(first, File.ReadAllBytes(b.Problem));
        Assert.Equal(firstSchedule, File.ReadAllBytes(b.Schedule));
    }

    [Fact]
    public void Validate_GreedySchedule_PrintsEveryRuleAndVerdict()
    {
        var (problem, schedule) = Generate();
        var (code, output, _) = Run("validate", problem, "--schedule", schedule);
        Assert.InRange(code, 0, 1);
        Assert.Contains("weekly hours", output, StringComparison.Ordinal);
        Assert.Contains("supervision", output, StringComparison.Ordinal);
        Assert.Contains("Verdict", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScheduleWithViolations_ExitsOneAndNamesTheOffender()
    {
        var (problemPath, _) = Generate();
        var problem = ProblemFile.Read(problemPath);
        var resident = problem.People.First(p => p.Role == Role.Resident);

        // One resident on every shift: double-booked, overworked, ineligible somewhere.
        var all = new Schedule(problem.Name, problem.Shifts.Select(s => new Assignment(resident.Id, s.Id)).ToList());
        var schedulePath = PathOf("all.json");
        ScheduleFile.Write(all, schedulePath);

        var (code, output, _) = Run("validate", problemPath, "--schedule", schedulePath);
        Assert.Equal(1, code);
        Assert.Contains("NOT COMPLIANT", output, StringComparison.Ordinal);
        Assert.Contains(resident.Id, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Json_PrintsMachineReadableReport()
    {
        var (problem, schedule) = Generate();
        var (code, output, _) = Run("validate", problem, "--schedule", schedule, "--json");
        Assert.InRange(code, 0, 1);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(code == 0, doc.RootElement.GetProperty("compliant").GetBoolean());
        Assert.Equal(Enum.GetValues<Scheduler.Core.Checking.RuleId>().Length, doc.RootElement.GetProperty("rules").GetArrayLength());
    }

    /// <summary>
    /// The shipped tiny schedule breaks no hard rule and leaves shifts short (coverage is soft there, and tiny has
    /// too few people for its services): exit 0 with the shortfall counted on the soft line; 1 with --strict.
    /// </summary>
    [Fact]
    public void Validate_OnlySoftShortfall_ExitsZeroAndCountsItApart()
    {
        var args = new[] { "validate", TestData.Problem("tiny.msgpack"), "--schedule", TestData.Problem("tiny.schedule.msgpack") };
        var (code, output, _) = Run(args);
        Assert.Equal(0, code);
        Assert.Contains("Verdict   ACGME COMPLIANT: no hard rule broken", output, StringComparison.Ordinal);
        Assert.Contains("Soft      coverage: 35 shifts short by 47 people", output, StringComparison.Ordinal);
        Assert.Contains("Requests  ", output, StringComparison.Ordinal);
        Assert.Contains("Fairness  largest spread within a PGY year", output, StringComparison.Ordinal);

        Assert.Equal(1, Run([.. args, "--strict"]).Code);
    }

    /// <summary>
    /// --why names the short shift, every eligible person and why each is not on it (text and JSON): a supervised
    /// clinic whose only faculty member is on leave, so that each resident would break the supervision ratio.
    /// </summary>
    [Fact]
    public void Validate_Why_GivesEveryEligiblePersonsReason()
    {
        var problem = new ResidentScheduleBuilder(horizonDays: 7)
            .Faculty("fa").Resident("r1", pgy: 1).Resident("r2", pgy: 2)
            .Shift("clinic-d2", ShiftTemplate.Day1Afternoon.OnDay(2), new Requirement(2, 3, Eligibility.Anyone, Supervised: true))
            .Absent("fa", 2, new TimeOnly(0, 0), 3, new TimeOnly(0, 0))
            .BuildProblem() with { Objective = new ObjectiveWeights { SoftRules = [new SoftRule(Core.Checking.RuleId.Coverage, 100)] } };
        ProblemFile.Write(problem, PathOf("why.json"));
        ScheduleFile.Write(new Schedule(problem.Name, []), PathOf("why.schedule.json"));
        var args = new[] { "validate", PathOf("why.json"), "--schedule", PathOf("why.schedule.json"), "--why" };

        var (code, output, _) = Run(args);

        Assert.Equal(0, code);
        Assert.Contains("Short shifts: 1", output, StringComparison.Ordinal);
        Assert.Contains("clinic-d2 (2026-07-03 13:00 to 2026-07-03 17:00): 0 of 2 people; 3 eligible people not on it", output, StringComparison.Ordinal);
        Assert.Contains("absent: fa", output, StringComparison.Ordinal);
        Assert.Contains("r1 would break supervision ratio", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = Run([.. args, "--json"]);
        Assert.Equal(0, jsonCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var shortShift = Assert.Single(doc.RootElement.GetProperty("shortShifts").EnumerateArray());
        Assert.Equal("clinic-d2", shortShift.GetProperty("shift").GetString());
        var reasons = shortShift.GetProperty("candidates").EnumerateArray().ToDictionary(c => c.GetProperty("person").GetString()!, c => c.GetProperty("reason").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["fa"] = "absent", ["r1"] = "wouldBreak", ["r2"] = "wouldBreak" }, reasons);
        Assert.Equal(1, doc.RootElement.GetProperty("softViolationCount").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("hardViolationCount").GetInt32());
    }

    [Fact]
    public void Convert_MessagePackToJsonAndBack_IsLossless()
    {
        var (problem, schedule) = Generate();
        Assert.Equal(0, Run("convert", problem, PathOf("p.json")).Code);
        Assert.Equal(0, Run("convert", PathOf("p.json"), PathOf("p2.msgpack")).Code);
        Assert.Equal(File.ReadAllBytes(problem), File.ReadAllBytes(PathOf("p2.msgpack")));
        Assert.Equal(0, Run("convert", schedule, PathOf("s.json")).Code);
        Assert.Equal(0, Run("convert", PathOf("s.json"), PathOf("s2.msgpack")).Code);
        Assert.Equal(File.ReadAllBytes(schedule), File.ReadAllBytes(PathOf("s2.msgpack")));
    }

    [Theory]
    [InlineData("validate", "missing.msgpack", "--schedule", "missing.msgpack")]
    [InlineData("generate", "--residents", "0", "--out", "x.msgpack")]
    [InlineData("generate", "--residents", "lots", "--out", "x.msgpack")]
    [InlineData("generate", "--out", "x.txt")]
    [InlineData("generate", "--time-zone", "Mars/Olympus_Mons", "--out", "x.msgpack")]
    [InlineData("validate")]
    [InlineData("frobnicate")]
    [InlineData("convert", "missing.json", "out.msgpack")]
    public void AnyCommand_BadInput_ExitsTwoWithOneLineErrorAndNoStackTrace(params string[] args)
    {
        var rooted = args.Select(a => a.EndsWith(".msgpack", StringComparison.Ordinal) || a.EndsWith(".json", StringComparison.Ordinal) || a.EndsWith(".txt", StringComparison.Ordinal) ? PathOf(a) : a).ToArray();
        var (code, _, err) = Run(rooted);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CorruptProblemFile_ExitsTwo()
    {
        var (problem, schedule) = Generate();
        var bytes = File.ReadAllBytes(problem);
        File.WriteAllBytes(problem, bytes[..(bytes.Length / 2)]);
        var (code, _, err) = Run("validate", problem, "--schedule", schedule);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScheduleWithUnknownShift_ExitsTwoNamingTheField()
    {
        var (problem, _) = Generate();
        var schedulePath = PathOf("bad.json");
        ScheduleFile.Write(new Schedule("x", [new Assignment("nobody", "no-shift")]), schedulePath);
        var (code, _, err) = Run("validate", problem, "--schedule", schedulePath);
        Assert.Equal(2, code);
        Assert.Contains("assignments[0].person", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("validate", "--help")]
    [InlineData("generate", "--help")]
    [InlineData("convert", "--help")]
    public void Help_EveryCommand_ExitsZeroWithUsage(params string[] args)
    {
        var (code, output, _) = Run(args);
        Assert.Equal(0, code);
        Assert.Contains("Usage", output, StringComparison.OrdinalIgnoreCase);
    }
}
