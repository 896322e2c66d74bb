using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// The weekly strategy: the weeks' models together are the whole problem's (same verdicts, same objective), its
/// schedules pass the full checker, and it is repeatable, backs up after an infeasible week and resumes.
/// </summary>
public sealed class WeeklySolverTests
{
    private static readonly SolverOptions s_weekly = new()
    {
        Strategy = SolveStrategy.Weekly, Workers = 1, Seed = 3, TimeLimit = null, DeterministicTimeLimit = 3,
    };

    /// <summary>
    /// Counted week by week (each week's model with the schedule fixed, the weeks before it as history), a
    /// schedule's objective equals the whole model's: every soft rule, request and fairness term, across cuts
    /// with history, daylight-saving changes and 7/14/28-day windows.
    /// </summary>
    [Property(MaxTest = 30)]
    public void Evaluate_WeekByWeek_EqualsTheWholeModelsObjective(int seed)
    {
        var random = RandomCase.Create(seed, roster: false);
        var rng = new Random(seed);
        var soft = Agreement.SoftCapable
            .Select(r => new SoftRule(r, rng.Next(1, 4)))
            .ToList();
        var problem = CompiledProblem.Compile(random.Problem with
        {
            Objective = new ObjectiveWeights { SoftRules = soft, CallFairness = rng.Next(0, 3), NightFairness = rng.Next(0, 3), WeekendFairness = rng.Next(0, 3) },
        });
        var schedule = Agreement.Clean(problem, CompiledSchedule.Compile(problem, random.Schedule));
        var model = ScheduleModel.Build(problem, TestContext.Current.CancellationToken);
        model.Fix(schedule);
        var whole = ScheduleSolver.Solve(model, new SolverOptions { Workers = 1, TimeLimit = null, DeterministicTimeLimit = 20 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SolveStatus.Optimal, whole.Status);

        var weekly = ScheduleSolver.Evaluate(schedule, TestContext.Current.CancellationToken);

        Assert.Equal(NonZero(whole.ObjectiveTerms), NonZero(weekly));
    }

    /// <summary>Whatever the weekly strategy returns breaks no hard rule of the whole problem, and its objective is the schedule's.</summary>
    [Property(MaxTest = 25)]
    public void SolveWeekly_RandomProblem_ScheduleBreaksNoHardRuleAndObjectiveIsItsOwn(int seed)
    {
        var random = RandomCase.Create(seed, roster: false);
        var problem = seed % 2 == 0
            ? random.Problem
            : random.Problem with { Objective = new ObjectiveWeights { SoftRules = [new SoftRule(RuleId.Coverage, 5)] } };
        var options = s_weekly with { LookaheadWeeks = Math.Abs(seed) % 2 };
        var result = ScheduleSolver.Solve(problem, options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(SolveStrategy.Weekly, result.Strategy);
        if (result.Schedule is null)
        {
            Assert.Contains(result.Status, new[] { SolveStatus.Infeasible, SolveStatus.Unknown });
            return;
        }

        Assert.Empty(Agreement.HardViolations(result.Schedule));
        Assert.Equal(NonZero(ScheduleSolver.Evaluate(result.Schedule, TestContext.Current.CancellationToken)), NonZero(result.ObjectiveTerms));
        Assert.Equal(result.ObjectiveTerms.Values.Sum(), result.Objective);
    }

    [Fact]
    public void SolveWeekly_SameSeedOneWorkerDeterministicLimit_SameSchedule()
    {
        var problem = Generated(residents: 6, faculty: 2, weeks: 3, seed: 5);

        var first = ScheduleSolver.Solve(problem, s_weekly with { LookaheadWeeks = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        var second = ScheduleSolver.Solve(problem, s_weekly with { LookaheadWeeks = 1 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(first.Schedule);
        Assert.True(first.Statistics.Reproducible);
        Assert.Equal(first.Objective, second.Objective);
        Assert.Equal(first.Schedule.ToPairs(), second.Schedule!.ToPairs());
        Assert.NotNull(first.Statistics.HintKept);
    }

    /// <summary>
    /// Week 1 alone would grant a request for a late shift on its last day, which leaves the only resident too
    /// little rest for the first shift of week 2 (hard coverage): week 2 is infeasible, the solver re-opens week 1,
    /// solves both together, and says so.
    /// </summary>
    [Fact]
    public void SolveWeekly_WeekInfeasibleGivenThePast_BacksUpAndSaysSo()
    {
        var problem = OneResidentTwoWeeks(
            new Shift("late", "ward", 6 * 1440 + 16 * 60, 7 * 1440 + 2 * 60, Ward(0)),
            new Shift("early", "ward", 7 * 1440 + 6 * 60, 7 * 1440 + 14 * 60, Ward(1))) with
        {
            Requests = [new Request("R1", RequestKind.Want, "late", null, 10)],
        };

        var result = ScheduleSolver.Solve(problem, s_weekly, cancellationToken: TestContext.Current.CancellationToken);

        // Weeks 1-2 together are the whole horizon: the schedule is proven optimal.
        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal([new Assignment("R1", "early")], result.Schedule!.ToSchedule().Assignments);
        Assert.Contains(result.Notes, n => n.Contains("week 2", StringComparison.Ordinal) && n.Contains("re-solving weeks 1-2", StringComparison.Ordinal));
        Assert.Equal(10, result.Objective);
    }

    [Fact]
    public void SolveWeekly_Checkpoints_ResumeRefusesOtherSettingsAndEndsWithTheSameSchedule()
    {
        var directory = Directory.CreateTempSubdirectory("scheduler-weekly-").FullName;
        try
        {
            var problem = Generated(residents: 5, faculty: 2, weeks: 2, seed: 8);
            var options = s_weekly with { CheckpointDirectory = directory };
            var first = ScheduleSolver.Solve(problem, options, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(2, Directory.GetFiles(directory, "*.sckp").Length);
            var written = Scheduler.Formats.CheckpointFile.Read(Directory.GetFiles(directory, "*.sckp")[0]);
            Assert.StartsWith($"weekly tzdb={Scheduler.Core.Time.ProgramCalendar.TzdbVersion} ", written.Settings, StringComparison.Ordinal);

            // The same settings: the newest checkpoint holds every week, so the schedule comes back as it was.
            var resumed = ScheduleSolver.Solve(problem, options with { Resume = true }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Contains(resumed.Notes, n => n.StartsWith("resumed from the checkpoint after weeks 1-2", StringComparison.Ordinal));
            Assert.Equal(first.Objective, resumed.Objective);
            Assert.Equal(first.ObjectiveTerms, resumed.ObjectiveTerms);
            Assert.Equal(first.Schedule!.ToPairs(), resumed.Schedule!.ToPairs());

            // Other settings: every checkpoint is refused by name and the run starts over.
            var other = ScheduleSolver.Solve(problem, options with { Seed = 4, Resume = true }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Contains(other.Notes, n => n.StartsWith("checkpoint refused: checkpoint-00014.sckp", StringComparison.Ordinal) && n.Contains("other settings", StringComparison.Ordinal));
            Assert.Contains(other.Notes, n => n.StartsWith("no valid checkpoint", StringComparison.Ordinal));
            Assert.NotNull(other.Schedule);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void SolveWeekly_ShiftNobodyCanWork_InfeasibleNamingTheShift()
    {
        var problem = OneResidentTwoWeeks(
            new Shift("early", "ward", 2 * 1440 + 420, 2 * 1440 + 1020, Ward(1)),
            new Shift("late", "ward", 10 * 1440 + 420, 10 * 1440 + 1020, Ward(2)));

        var result = ScheduleSolver.Solve(problem, s_weekly, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Null(result.Schedule);
        Assert.Contains("late", result.Explanation, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("re-solving weeks 1-2", StringComparison.Ordinal));
    }

    [Fact]
    public void SolveWeekly_Cancelled_ReturnsAtOnceSayingSo()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var result = ScheduleSolver.Solve(Generated(residents: 4, faculty: 1, weeks: 2, seed: 2), s_weekly, cancellationToken: cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(SolveStatus.Unknown, result.Status);
        Assert.StartsWith("cancelled", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_AutoStrategy_HybridOrWeeklyOnlyForLongHorizons()
    {
        const int Long = SolverOptions.AutoWeeklyDays + 1;
        Assert.Equal(SolveStrategy.Monolithic, SolverOptions.Default.StrategyFor(SolverOptions.AutoWeeklyDays));
        Assert.Equal(SolveStrategy.Hybrid, SolverOptions.Default.StrategyFor(Long));
        Assert.Equal(SolveStrategy.Hybrid, (SolverOptions.Default with { TimeLimit = null, MaxMoves = 1000 }).StrategyFor(Long));

        // What only the CP-SAT strategies do keeps weekly.
        Assert.Equal(SolveStrategy.Weekly, (SolverOptions.Default with { TimeLimit = null, DeterministicTimeLimit = 20 }).StrategyFor(Long));
        Assert.Equal(SolveStrategy.Weekly, (SolverOptions.Default with { CheckpointDirectory = "checkpoints" }).StrategyFor(Long));
        Assert.Equal(SolveStrategy.Weekly, (SolverOptions.Default with { LookaheadWeeks = 1 }).StrategyFor(Long));
        Assert.Equal(SolveStrategy.Weekly, (SolverOptions.Default with { CpSatParameters = "num_workers:1" }).StrategyFor(Long));
        Assert.Equal(SolveStrategy.Monolithic, (SolverOptions.Default with { Strategy = SolveStrategy.Monolithic }).StrategyFor(365));
    }

    private static SortedDictionary<string, long> NonZero(IReadOnlyDictionary<string, long> terms) =>
        new(terms.Where(t => t.Value != 0).ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal);

    // One resident, a ward, two weeks from a Thursday in UTC, and the given shifts.
    private static Problem OneResidentTwoWeeks(params Shift[] shifts) => new()
    {
        Name = "one resident",
        TimeZone = "UTC",
        StartDate = new DateOnly(2026, 7, 2),
        HorizonDays = 14,
        People = [new Person("R1", "Resident 1", Role.Resident, 2, [])],
        Activities = [new Activity("ward", "Ward", ActivityKinds.Duty)],
        Shifts = shifts,
    };

    // At least min people, at most max(min, 1).
    private static Requirement Ward(int min) => new(min, Math.Max(min, 1), Eligibility.Anyone, Supervised: false);

    private static Problem Generated(int residents, int faculty, int weeks, int seed) =>
        InstanceGenerator.Generate(new GeneratorOptions { Residents = residents, Faculty = faculty, Weeks = weeks, Seed = seed });
}
