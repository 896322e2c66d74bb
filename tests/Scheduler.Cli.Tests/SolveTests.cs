using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;
using Scheduler.Testing;

namespace Scheduler.Cli.Tests;

/// <summary>`scheduler solve` on tiny problems with short limits (two cores in CI: keep these cheap).</summary>
public sealed class SolveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-solve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Tiny => TestData.Problem("tiny.msgpack");

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => Run(new StringWriter(), CancellationToken.None, args);

    private static (int Code, string Out, string Err) Run(StringWriter stderr, CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var code = SchedulerCli.Run(args, stdout, stderr, cancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Solve_TinyProblem_WritesScheduleThatPassesEveryHardRule()
    {
        var output = PathOf("tiny.schedule.msgpack");
        var (code, stdout, stderr) = Run("solve", Tiny, "--out", output, "--time-limit", "5", "--workers", "1", "--seed", "1");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("solution 1: objective ", stderr, StringComparison.Ordinal);
        Assert.Matches("Status +(optimal|feasible)", stdout);
        Assert.Contains("Objective", stdout, StringComparison.Ordinal);
        Assert.Contains("assignment variables", stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict", stdout, StringComparison.Ordinal);

        // The file reads back, and the checkers find nothing wrong but (soft) coverage shortfalls.
        var problem = CompiledProblem.Compile(ProblemFile.Read(Tiny));
        var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(output));
        Assert.True(schedule.AssignmentCount > 0);
        var report = ComplianceChecker.Check(schedule);
        Assert.All(report.Violations, v => Assert.Equal(RuleId.Coverage, v.Rule));
        Assert.NotNull(problem.Source.Objective.SoftWeight(RuleId.Coverage));

        // And `validate` agrees: every rule but coverage passes.
        var (validateCode, json, _) = Run("validate", Tiny, "--schedule", output, "--json");
        Assert.InRange(validateCode, 0, 1);
        using var doc = JsonDocument.Parse(json);
        foreach (var rule in doc.RootElement.GetProperty("rules").EnumerateArray())
        {
            if (rule.GetProperty("rule").GetString() != "coverage")
            {
                Assert.True(rule.GetProperty("pass").GetBoolean(), rule.GetProperty("rule").GetString());
            }
        }
    }

    [Fact]
    public void Solve_Json_PrintsOneObjectWithStatusTermsStatisticsAndReport()
    {
        var output = PathOf("tiny.schedule.json");
        var (code, stdout, stderr) = Run("solve", Tiny, "--out", output, "--workers", "1", "--deterministic-time", "0.5", "--json");

        Assert.True(code == 0, stdout + stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Contains(root.GetProperty("status").GetString(), new[] { "optimal", "feasible" });
        Assert.Equal(output, root.GetProperty("schedule").GetString());
        var objective = root.GetProperty("objective").GetInt64();
        var terms = root.GetProperty("terms").EnumerateObject().Sum(t => t.Value.GetInt64());
        Assert.Equal(objective, terms);
        Assert.True(root.GetProperty("bound").GetDouble() <= objective);
        Assert.InRange(root.GetProperty("gap").GetDouble(), 0, 1);
        var statistics = root.GetProperty("statistics");
        Assert.True(statistics.GetProperty("assignmentVariables").GetInt32() > 0);
        Assert.Equal(1, statistics.GetProperty("workers").GetInt32());
        Assert.True(statistics.GetProperty("reproducible").GetBoolean());
        var report = root.GetProperty("report");
        Assert.Equal(0, report.GetProperty("hardViolationCount").GetInt32());
        Assert.Equal(Enum.GetValues<RuleId>().Length, report.GetProperty("rules").GetArrayLength());
        Assert.Equal(FileFormat.Json, FileFormats.Detect(File.ReadAllBytes(output)));
    }

    [Fact]
    public void Solve_ShiftNeedingMorePeopleThanCanWorkIt_ExitsOneAndNamesTheShift()
    {
        var problem = new Problem
        {
            Name = "short-staffed",
            TimeZone = "UTC",
            StartDate = new DateOnly(2026, 7, 2),
            HorizonDays = 1,
            People =
            [
                new Person("R1", "Resident One", Role.Resident, 1, []),
                new Person("F1", "Faculty One", Role.Faculty, 0, []),
            ],
            Activities = [new Activity("ward", "Ward", ActivityKinds.Duty)],
            Shifts = [new Shift("ward-day", "ward", 7 * 60, 19 * 60, new Requirement(3, 3, new Eligibility(true, false, 1, 7, []), false))],
        };
        Assert.Null(problem.Objective.SoftWeight(RuleId.Coverage));
        var problemPath = PathOf("short.json");
        ProblemFile.Write(problem, problemPath);
        var output = PathOf("short.schedule.msgpack");

        var (code, stdout, stderr) = Run("solve", problemPath, "--out", output, "--time-limit", "5", "--workers", "1");

        Assert.True(code == 1, stdout + stderr);
        Assert.Contains("infeasible", stdout, StringComparison.Ordinal);
        Assert.Contains("ward-day", stdout, StringComparison.Ordinal);
        Assert.Contains("needs 3 people; only 1 of the 1 eligible is not absent", stdout, StringComparison.Ordinal);
        Assert.Contains("Core      no schedule meets this one; without it a schedule exists", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Solve_CancelledAfterFirstSolution_WritesBestSoFarAndSaysSo()
    {
        using var cancel = new CancellationTokenSource();
        var output = PathOf("cancelled.msgpack");
        var stderr = new CancelOnFirstSolution(cancel);

        var (code, stdout, err) = Run(stderr, cancel.Token, "solve", Tiny, "--out", output, "--time-limit", "5", "--workers", "1");

        Assert.True(code == 0, stdout + err);
        Assert.Contains("Status    feasible (cancelled; best so far)", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
        Assert.Contains("Verdict", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_CancelledBeforeAnySolution_ExitsOneWithoutWriting()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var output = PathOf("never.msgpack");

        var (code, stdout, _) = Run(new StringWriter(), cancel.Token, "solve", Tiny, "--out", output, "--time-limit", "5", "--workers", "1");

        Assert.Equal(1, code);
        Assert.Contains("cancelled", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("--workers", "0", "--workers")]
    [InlineData("--workers", "65", "--workers")]
    [InlineData("--workers", "lots", "--workers")]
    [InlineData("--time-limit", "0", "--time-limit")]
    [InlineData("--time-limit", "soon", "--time-limit")]
    [InlineData("--deterministic-time", "-1", "--deterministic-time")]
    [InlineData("--deterministic-time", "NaN", "--deterministic-time")]
    [InlineData("--cp-sat", "no_such_parameter:1", "no_such_parameter")]
    [InlineData("--cp-sat", "num_workers:two", "num_workers")]
    [InlineData("--moves", "0", "--moves")]
    [InlineData("--strategy", "annealing", "--strategy")]
    [InlineData("--acceptance", "tabu", "--acceptance")]
    [InlineData("--tabu", "-1", "--tabu")]
    [InlineData("--perturb", "-5", "--perturb")]
    [InlineData("--perturb", "often", "--perturb")]
    public void Solve_BadOption_ExitsTwoWithOneLineError(string option, string value, string named)
    {
        var (code, stdout, stderr) = Run("solve", Tiny, "--out", PathOf("x.msgpack"), option, value);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(named, stderr.Split('\n')[0], StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("x.msgpack")));
    }

    [Theory]
    [InlineData("missing.msgpack", "out.msgpack")]
    [InlineData("TINY", "out.txt")]
    [InlineData("TINY", "no-such-folder/out.msgpack")]
    public void Solve_BadFile_ExitsTwoWithOneLineErrorAndNoStackTrace(string problem, string output)
    {
        var (code, _, stderr) = Run("solve", problem == "TINY" ? Tiny : PathOf(problem), "--out", PathOf(output), "--time-limit", "1");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_HybridWithAMoveLimit_SameScheduleTwiceAndSaysItIsRepeatable()
    {
        var first = PathOf("hybrid-1.msgpack");
        var second = PathOf("hybrid-2.msgpack");

        var (code, output, _) = Run("solve", Tiny, "--out", first, "--strategy", "hybrid", "--moves", "20000");
        var (again, _, _) = Run("solve", Tiny, "--out", second, "--strategy", "hybrid", "--moves", "20000");

        Assert.Equal(0, code);
        Assert.Equal(0, again);
        Assert.Contains("Strategy  hybrid", output, StringComparison.Ordinal);
        Assert.Contains("Repeat    reproducible: a move limit", output, StringComparison.Ordinal);
        Assert.Contains("20,000 moves evaluated", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Solve_Help_ListsTheOptions()
    {
        var (code, stdout, _) = Run("solve", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--out", "--time-limit", "--workers", "--seed", "--deterministic-time", "--json" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ProgressLine_OnTerminal_RewritesOneLineAndEndsIt()
    {
        var stderr = new StringWriter();
        var line = new SolveCommand.ProgressLine(stderr, overwrite: true);
        line.Report(new SolveProgress(1200, 900, 0.25, TimeSpan.FromSeconds(1), 1));
        line.Report(new SolveProgress(1000, 950, 0.05, TimeSpan.FromSeconds(2), 2));
        Assert.DoesNotContain('\n', stderr.ToString());
        line.Finish();

        var text = stderr.ToString();
        Assert.Equal(2, text.Count(c => c == '\r'));
        Assert.Contains("\rsolution 2: objective 1,000, bound 950, gap 5 %, elapsed 2 s", text, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);

        // The shorter second line blanks out what is left of the first.
        Assert.Equal(text.IndexOf('\r', 1) - 1, text.Length - Environment.NewLine.Length - text.IndexOf('\r', 1) - 1);
    }

    [Fact]
    public void ProgressLine_Redirected_PrintsOneLinePerImprovement()
    {
        var stderr = new StringWriter();
        var line = new SolveCommand.ProgressLine(stderr, overwrite: false);
        line.Report(new SolveProgress(1200, 900, 0.25, TimeSpan.FromSeconds(1), 1));
        line.Report(new SolveProgress(1000, 950, 0.05, TimeSpan.FromSeconds(2), 2));
        line.Finish();

        var lines = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["solution 1: objective 1,200, bound 900, gap 25 %, elapsed 1 s", "solution 2: objective 1,000, bound 950, gap 5 %, elapsed 2 s"], lines);
        Assert.DoesNotContain('\r', stderr.ToString());
    }

    /// <summary>Stands in for Ctrl+C: cancels once the first solution's progress line is written.</summary>
    private sealed class CancelOnFirstSolution(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith("solution 1:", StringComparison.Ordinal) == true)
            {
                cancel.Cancel();
            }
        }
    }
}
