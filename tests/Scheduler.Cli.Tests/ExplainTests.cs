using System.Text.Json;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

public sealed class ExplainTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // One resident, a night shift ending 07:00 and a day shift from 12:00: 5 h of rest, 8 needed.
    private string RestClash()
    {
        var one = new Requirement(1, 1, Eligibility.Anyone, false);
        var problem = new ResidentScheduleBuilder(horizonDays: 7)
            .Resident("ann")
            .Shift("night-d0", ShiftTemplate.NightShift.OnDay(0), one)
            .Shift("ward-d1", ShiftTemplate.At(ResidentScheduleBuilder.Ward, 1, new TimeOnly(12, 0), new TimeOnly(20, 0)), one)
            .BuildProblem();
        var path = Path.Combine(_dir, "rest.json");
        ProblemFile.Write(problem, path);
        return path;
    }

    [Fact]
    public void Explain_RulesClash_ExitsOneNamingEachItemOfTheCore()
    {
        var (code, output, _) = Run("explain", RestClash());

        Assert.Equal(1, code);
        Assert.Contains("Capacity  no finding", output, StringComparison.Ordinal);
        Assert.Contains("Core      no schedule meets these 3 together; each is needed", output, StringComparison.Ordinal);
        Assert.Contains("  - Resident ann (ann): rest, 8 h off between duty periods", output, StringComparison.Ordinal);
        Assert.Contains("  - night-d0 (2026-07-01 19:00 to 2026-07-02 07:00) needs at least 1 person (eligible: ann)", output, StringComparison.Ordinal);
        Assert.Contains("  - ward-d1 (2026-07-02 12:00 to 2026-07-02 20:00) needs at least 1 person", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Json_GivesCapacityAndCoreWithTheirGroups()
    {
        var (code, output, _) = Run("explain", RestClash(), "--json");

        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("feasible").GetBoolean());
        Assert.True(root.GetProperty("capacity").GetProperty("feasible").GetBoolean());
        var core = root.GetProperty("core");
        Assert.Equal("infeasible", core.GetProperty("status").GetString());
        Assert.True(core.GetProperty("minimal").GetBoolean());
        var items = core.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("rule").GetString() + " " + (i.TryGetProperty("shift", out var s) ? s.GetString() : i.GetProperty("person").GetString()))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["coverage night-d0", "coverage ward-d1", "rest ann"], items);
    }

    [Fact]
    public void Explain_ShippedTiny_CountsTheShortfallItCannotAvoidAndFindsNoCore()
    {
        var (code, output, _) = Run("explain", TestData.Problem("tiny.msgpack"), "--schedule", TestData.Problem("tiny.schedule.msgpack"));

        Assert.Equal(0, code);
        Assert.Contains("Capacity  17 findings; 0 leave no schedule", output, StringComparison.Ordinal);
        Assert.Contains(
            "short: 5 shifts at 2026-07-03 07:00 need 7 people between them, but only 6 can work them at once (each works one): 2026-07-02/home-call/attending",
            output,
            StringComparison.Ordinal);
        Assert.Contains("Core      none: the greedy schedule meets every hard rule", output, StringComparison.Ordinal);
        Assert.Contains("Short shifts: 35", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ShippedSmall_FindsNothing()
    {
        var (code, output, _) = Run("explain", TestData.Problem("small.msgpack"));

        Assert.Equal(0, code);
        Assert.Contains("Capacity  no finding", output, StringComparison.Ordinal);
        Assert.Contains("Core      none: the greedy schedule meets every hard rule", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_Infeasible_PrintsTheCore()
    {
        var (code, output, _) = Run("solve", RestClash(), "--out", Path.Combine(_dir, "out.json"), "--workers", "1", "--time-limit", "20");

        Assert.Equal(1, code);
        Assert.Contains("Core      no schedule meets these 3 together", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out.json")));
    }

    [Fact]
    public void Solve_Relax_GivesTheLeastBadScheduleAndWhatItBreaks()
    {
        var problem = RestClash();
        var coverage = Path.Combine(_dir, "coverage.json");
        var rest = Path.Combine(_dir, "rest-soft.json");

        var (code, output, _) = Run("solve", problem, "--out", coverage, "--workers", "1", "--time-limit", "20", "--relax");
        var (restCode, restOutput, _) = Run("solve", problem, "--out", rest, "--workers", "1", "--time-limit", "20", "--relax-rule", "rest", "--json");

        // Coverage soft: one of the two shifts is left short, and the schedule is compliant.
        Assert.Equal(0, code);
        Assert.Contains("coverage: 1 shift short by 1 person", output, StringComparison.Ordinal);
        Assert.Single(ScheduleFile.Read(coverage).Assignments);

        // Rest soft too: 1000 a missing person against 100 an hour of rest short: both shifts worked, 3 h short.
        Assert.Equal(0, restCode);
        Assert.Equal(2, ScheduleFile.Read(rest).Assignments.Count);
        using var doc = JsonDocument.Parse(restOutput);
        var report = doc.RootElement.GetProperty("report");
        Assert.Equal(1, report.GetProperty("softViolationCount").GetInt32());
        Assert.Equal(0, report.GetProperty("hardViolationCount").GetInt32());
    }

    [Theory]
    [InlineData("--time-limit", "0")]
    [InlineData("--schedule", "missing.json")]
    public void Explain_BadInput_ExitsTwo(string option, string value)
    {
        var (code, output, err) = Run("explain", TestData.Problem("tiny.msgpack"), option, value == "missing.json" ? Path.Combine(_dir, value) : value);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ScheduleOfAnotherProblem_ExitsTwoNamingTheField()
    {
        var (code, _, err) = Run("explain", TestData.Problem("tiny.msgpack"), "--schedule", TestData.Problem("small.schedule.msgpack"));

        Assert.Equal(2, code);
        Assert.Contains("assignments[", err, StringComparison.Ordinal);
    }
}
