using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

public sealed class ScheduleSolverTests
{
    private static readonly SolverOptions s_repeatable = new() { Workers = 1, Seed = 7, TimeLimit = null, DeterministicTimeLimit = 2 };

    /// <summary>The second face: whatever the solver returns, the checkers find no violation of a hard rule.</summary>
    [Property(MaxTest = 40)]
    public void Solve_RandomProblem_ReturnedScheduleBreaksNoHardRule(int seed)
    {
        var random = RandomCase.Create(seed);

        // Half the cases keep every rule hard; the rest make coverage soft so that a schedule usually exists.
        var problem = seed % 2 == 0
            ? random.Problem
            : random.Problem with { Objective = new ObjectiveWeights { SoftRules = [new SoftRule(RuleId.Coverage, 5)] } };
        var result = ScheduleSolver.Solve(problem, s_repeatable, cancellationToken: TestContext.Current.CancellationToken);
        if (result.Schedule is null)
        {
            Assert.NotEqual(SolveStatus.Feasible, result.Status);
            return;
        }

        // Soft: a rule the objective weighs, or the coverage of a shift with its own cover penalty.
        var report = ComplianceChecker.Check(result.Schedule);
        Assert.All(report.Violations, v => Assert.True(report.IsSoft(v), v.ToString()));
        Assert.Equal(report.Violations.Count, result.Report!.Violations.Count);
    }

    [Fact]
    public void Solve_SameSeedOneWorkerDeterministicLimit_SameSchedule()
    {
        var problem = Generated(residents: 5, faculty: 2, weeks: 1, seed: 11);

        var first = ScheduleSolver.Solve(problem, s_repeatable, cancellationToken: TestContext.Current.CancellationToken);
        var second = ScheduleSolver.Solve(problem, s_repeatable, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(first.Schedule);
        Assert.True(first.Statistics.Reproducible);
        Assert.Equal(first.Objective, second.Objective);
        Assert.Equal(first.Schedule.ToPairs(), second.Schedule!.ToPairs());
    }

    [Fact]
    public void Solve_ChangeWeightAboveEverything_KeepsThePreviousScheduleAndFixedHold()
    {
        var problem = CompiledProblem.Compile(Generated(residents: 5, faculty: 2, weeks: 1, seed: 11));
        var previous = GreedyScheduler.Build(problem);
        var (p, s) = previous.ToPairs()[0];
        var (q, t) = Enumerable.Range(0, problem.ShiftCount).SelectMany(x => Enumerable.Range(0, problem.PersonCount).Select(y => (y, x)))
            .First(x => problem.CanWork(x.y, x.x) && previous.PeopleOn(x.x).BinarySearch(x.y) < 0);

        var kept = ScheduleSolver.Solve(problem, s_repeatable with { PreviousSchedule = previous.ToSchedule(), ChangeWeight = 1_000_000 }, cancellationToken: TestContext.Current.CancellationToken);
        var held = ScheduleSolver.Solve(
            problem,
            s_repeatable with
            {
                Fixed = [new FixedAssignment(problem.PersonId(p), problem.ShiftId(s), false), new FixedAssignment(problem.PersonId(q), problem.ShiftId(t), true)],
            },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(previous.ToPairs(), kept.Schedule!.ToPairs());
        Assert.Equal(0, kept.ObjectiveTerms["changes"]);
        Assert.DoesNotContain((p, s), held.Schedule!.ToPairs());
        Assert.Contains((q, t), held.Schedule.ToPairs());
        Assert.Throws<ArgumentException>(() => ScheduleSolver.Solve(problem, s_repeatable with { Fixed = held.Schedule.ToPairs().Take(1).Select(x => new FixedAssignment(problem.PersonId(x.Person), problem.ShiftId(x.Shift), true)).ToArray(), Strategy = SolveStrategy.Weekly }, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void WindowResolve_WeekOfLeave_ChangesOnlyTheWindowAndBreaksNothing()
    {
        var source = Generated(residents: 8, faculty: 4, weeks: 8, seed: 3);
        var original = CompiledProblem.Compile(source);
        var published = GreedyScheduler.Build(original).ToSchedule();
        var sick = source.People.First(p => p.Role == Role.Resident).Id;
        var calendar = original.Calendar;
        var changed = CompiledProblem.Compile(source with
        {
            Absences = [.. source.Absences, new Absence(sick, AbsenceKind.Sick, calendar.DayStart(28), calendar.DayStart(35))],
        });

        var result = WindowResolve.Solve(changed, published, 21, 42, s_repeatable, TestContext.Current.CancellationToken);

        Assert.NotNull(result.Schedule);
        Assert.Equal(0, result.Report!.HardCount);
        var before = CompiledSchedule.Compile(changed, published).ToPairs().ToHashSet();
        var after = result.Schedule.ToPairs().ToHashSet();
        Assert.All(
            before.Except(after).Concat(after.Except(before)),
            x => Assert.InRange(changed.ShiftDay[x.Shift] - changed.HistoryDays, 21, 41));
        changed.TryGetPerson(sick, out var person);
        Assert.DoesNotContain(result.Schedule.Duties(person).ToArray(), d => d.Start < calendar.DayStart(35) && d.End > calendar.DayStart(28));
    }

    [Fact]
    public void Solve_CpSatParameters_WinOverSchedulersOwn()
    {
        var problem = Generated(residents: 5, faculty: 2, weeks: 1, seed: 11);

        var plain = ScheduleSolver.Solve(problem, s_repeatable, cancellationToken: TestContext.Current.CancellationToken);
        var first = ScheduleSolver.Solve(
            problem, s_repeatable with { CpSatParameters = " stop_after_first_solution:true  num_workers:1 random_seed:7" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(plain.Statistics.Solutions > 1);
        Assert.Equal(1, first.Statistics.Solutions);
        Assert.NotNull(first.Schedule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("interleave_search:true linearization_level:2")]
    [InlineData("relative_gap_limit:0.01 num_workers:2 random_seed:-3")]
    [InlineData("search_branching:FIXED_SEARCH subsolvers:\"default_lp\" subsolvers:\"core\"")]
    public void Validate_CpSatParameters_AcceptsFieldsOfTheirType(string parameters)
    {
        new SolverOptions { CpSatParameters = parameters }.Validate();
    }

    [Theory]
    [InlineData("no_such_parameter:1", "has no field 'no_such_parameter'")]
    [InlineData("num_workers:two", "expected an integer")]
    [InlineData("interleave_search:yes", "expected true or false")]
    [InlineData("relative_gap_limit:NaN", "expected a number")]
    [InlineData("search_branching:SIDEWAYS", "FIXED_SEARCH")]
    [InlineData("subsolvers:core", "double-quoted")]
    [InlineData("num_workers: 2", "name:value")]
    [InlineData("interleave_search", "name:value")]
    [InlineData("num_workers:2 num_workers:3", "given twice")]
    public void Validate_BadCpSatParameter_RefusedNamingIt(string parameters, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => new SolverOptions { CpSatParameters = parameters }.Validate());
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("monolithic", SolveStrategy.Monolithic, 0)]
    [InlineData("neighbourhood", SolveStrategy.Neighbourhood, 0)]
    [InlineData("weekly", SolveStrategy.Weekly, 0)]
    [InlineData("weekly+0", SolveStrategy.Weekly, 0)]
    [InlineData("weekly+4", SolveStrategy.Weekly, 4)]
    public void ParseStrategyName_KnownName_StrategyAndLookahead(string name, SolveStrategy strategy, int lookahead)
    {
        Assert.Equal((strategy, lookahead), SolverOptions.ParseStrategyName(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("Monolithic")]
    [InlineData("weekly+")]
    [InlineData("weekly+5")]
    [InlineData("weekly+12")]
    [InlineData("weekly-1")]
    public void ParseStrategyName_OtherName_Null(string name)
    {
        Assert.Null(SolverOptions.ParseStrategyName(name));
    }

    [Fact]
    public void Solve_ShiftNobodyCanWork_InfeasibleNamingTheShift()
    {
        var problem = new Problem
        {
            Name = "short",
            TimeZone = "UTC",
            StartDate = new DateOnly(2026, 7, 2),
            HorizonDays = 2,
            People = [new Person("R1", "Resident 1", Role.Resident, 2, [])],
            Activities = [new Activity("ward", "Ward", ActivityKinds.Duty)],
            Shifts = [new Shift("ward-day", "ward", 8 * 60, 18 * 60, new Requirement(3, 3, Eligibility.Anyone, false))],
        };

        var result = ScheduleSolver.Solve(problem, s_repeatable, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Null(result.Schedule);
        Assert.Contains("ward-day", result.Explanation, StringComparison.Ordinal);
        Assert.Contains("needs 3 people; only 1 of the 1 eligible is not absent", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_RulesConflict_InfeasibleSaysSo()
    {
        // One resident, two 24 h calls back to back: each shift alone is fine, together they break 24 + 4 (28 days,
        // so that their 48 h are within the weekly hours and no capacity check can tell).
        var problem = new Problem
        {
            Name = "conflict",
            TimeZone = "UTC",
            StartDate = new DateOnly(2026, 7, 2),
            HorizonDays = 28,
            People = [new Person("R1", "Resident 1", Role.Resident, 2, [])],
            Activities = [new Activity("call", "Call", ActivityKinds.Duty | ActivityKinds.InHouseCall)],
            Shifts =
            [
                new Shift("call-1", "call", 7 * 60, 31 * 60, new Requirement(1, 1, Eligibility.Anyone, false)),
                new Shift("call-2", "call", 31 * 60, 55 * 60, new Requirement(1, 1, Eligibility.Anyone, false)),
            ],
        };

        var result = ScheduleSolver.Solve(problem, s_repeatable, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Contains("between rules", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_CancelledAfterFirstSolution_ReturnsBestSoFar()
    {
        var problem = Generated(residents: 12, faculty: 4, weeks: 2, seed: 5);
        using var cancel = new CancellationTokenSource();
        var progress = new Callback(_ => cancel.Cancel());

        var result = ScheduleSolver.Solve(problem, new SolverOptions { Workers = 2, TimeLimit = TimeSpan.FromMinutes(10) }, progress, cancel.Token);

        Assert.True(result.Cancelled || result.Status == SolveStatus.Optimal);
        Assert.NotNull(result.Schedule);
        Assert.True(result.Statistics.Solutions >= 1);
        Assert.All(result.Report!.Violations, v => Assert.Equal(RuleId.Coverage, v.Rule));
    }

    [Fact]
    public void Solve_CancelledBeforeStart_UnknownWithoutSearching()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var result = ScheduleSolver.Solve(Generated(4, 2, 1, 1), s_repeatable, cancellationToken: cancel.Token);

        Assert.Equal(SolveStatus.Unknown, result.Status);
        Assert.True(result.Cancelled);
    }

    [Fact]
    public void Solve_ProgressReports_ObjectiveNeverRises()
    {
        var reports = new List<SolveProgress>();
        var result = ScheduleSolver.Solve(Generated(6, 2, 1, 3), s_repeatable, new Callback(reports.Add), TestContext.Current.CancellationToken);

        Assert.NotEmpty(reports);
        for (var k = 1; k < reports.Count; k++)
        {
            Assert.True(reports[k].Objective <= reports[k - 1].Objective);
            Assert.Equal(k + 1, reports[k].Solutions);
        }

        // A search stopped by its limit re-costs its last schedule exactly: never above the search's own value,
        // which may count slacks above what the schedule needs.
        Assert.True(result.Objective <= reports[^1].Objective);
        Assert.Equal(result.Objective, Sum(result.ObjectiveTerms));
    }

    [Fact]
    public void Build_HorizonBeyondLimits_RefusedBeforeBuilding()
    {
        var problem = new Problem
        {
            Name = "long",
            TimeZone = "UTC",
            StartDate = new DateOnly(2026, 7, 2),
            HorizonDays = SolverLimits.MaxDays + 1,
        };

        var error = Assert.Throws<ModelException>(() => ScheduleModel.Build(CompiledProblem.Compile(problem), TestContext.Current.CancellationToken));
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_GreedySchedule_ModelAcceptsWhatTheCheckerAccepts()
    {
        var problem = CompiledProblem.Compile(Generated(8, 3, 2, 9));
        var greedy = GreedyScheduler.Build(problem);
        var hard = Agreement.HardViolations(greedy);

        Assert.Equal(hard.Count == 0, Agreement.ModelAccepts(problem, greedy));
    }

    private static Problem Generated(int residents, int faculty, int weeks, int seed) =>
        InstanceGenerator.Generate(new GeneratorOptions { Residents = residents, Faculty = faculty, Weeks = weeks, Seed = seed });

    private static long Sum(IReadOnlyDictionary<string, long> terms)
    {
        long total = 0;
        foreach (var value in terms.Values)
        {
            total += value;
        }

        return total;
    }

    private sealed class Callback(Action<SolveProgress> action) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value) => action(value);
    }
}
