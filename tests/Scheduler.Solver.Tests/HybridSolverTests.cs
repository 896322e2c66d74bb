using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver.Local;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>The hybrid strategy: repeatable with a move limit, never worse than its greedy start, priced as the solver prices.</summary>
public sealed class HybridSolverTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static SolverOptions Moves(long moves, int seed = 1) => new() { Strategy = SolveStrategy.Hybrid, TimeLimit = null, MaxMoves = moves, Seed = seed };

    [Fact]
    public void Hybrid_MoveLimit_SameScheduleTwice_BetterThanGreedy_PricedAsTheSolver()
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("tiny.msgpack")));

        var first = ScheduleSolver.Solve(problem, Moves(50_000), cancellationToken: Token);
        var second = ScheduleSolver.Solve(problem, Moves(50_000), cancellationToken: Token);

        Assert.Equal(SolveStrategy.Hybrid, first.Strategy);
        Assert.NotNull(first.Schedule);
        Assert.Equal(first.Schedule.ToPairs(), second.Schedule!.ToPairs());
        Assert.True(first.Statistics.Reproducible);
        Assert.Equal(0, first.Report!.HardCount);
        var greedy = new LocalScore(GreedyScheduler.Build(problem));
        Assert.True(first.Objective <= greedy.Soft, $"hybrid {first.Objective}, greedy {greedy.Soft}");
        Assert.Equal(first.Objective, first.ObjectiveTerms.Values.Sum());
        Assert.Equal(first.Objective, ScheduleSolver.Evaluate(first.Schedule, Token).Values.Sum());
    }

    [Fact]
    public void Hybrid_SmallReachesZero_StopsAsOptimal()
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("small.msgpack")));

        var result = ScheduleSolver.Solve(problem, Moves(20_000_000), cancellationToken: Token);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(0, result.Objective);
        Assert.Equal(0, ComplianceChecker.Check(result.Schedule!).HardCount);
        Assert.Empty(ComplianceChecker.Check(result.Schedule!).Violations);
    }

    [Theory]
    [InlineData(Acceptance.LateAcceptance, 0, false)]
    [InlineData(Acceptance.SimulatedAnnealing, 0, false)]
    [InlineData(Acceptance.LateAcceptance, 1_000, false)]
    [InlineData(Acceptance.LateAcceptance, 0, true)]
    public void LocalSearch_BestIsTheScheduleItScores(Acceptance acceptance, int tabu, bool compound)
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("medium.msgpack")));
        var start = GreedyScheduler.Build(problem);
        var options = new LocalSearchOptions(Seed: 3, MaxMoves: 100_000, Acceptance: acceptance, Tabu: tabu, CompoundMoves: compound);

        var result = LocalSearch.Run(start, options, cancellationToken: Token);

        var again = new LocalScore(result.Best);
        Assert.Equal((again.Hard, again.Soft), (result.Hard, result.Soft));
        Assert.True(result.Soft <= new LocalScore(start).Soft);
        Assert.Equal(100_000, result.Moves);
        if (tabu > 0 || compound)
        {
            // Tabu refuses moves plain late acceptance keeps; compound moves change what is tried: another search.
            var plain = LocalSearch.Run(start, options with { Tabu = 0, CompoundMoves = false }, cancellationToken: Token);
            Assert.NotEqual(plain.Kept, result.Kept);
            Assert.Equal(result.Best.ToPairs(), LocalSearch.Run(start, options, cancellationToken: Token).Best.ToPairs());
        }
    }

    [Theory]
    [InlineData("small.msgpack", Acceptance.LateAcceptance)]
    [InlineData("medium.msgpack", Acceptance.LateAcceptance)]
    [InlineData("medium.msgpack", Acceptance.SimulatedAnnealing)]
    public void LocalSearch_RefusingMovesThatBreakAHardRuleUnmade_FindsTheSameSchedule(string file, Acceptance acceptance)
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem(file)));
        var start = GreedyScheduler.Build(problem);
        var options = new LocalSearchOptions(Seed: 5, MaxMoves: 200_000, Acceptance: acceptance, Tabu: 500);

        var filtered = LocalSearch.Run(start, options, cancellationToken: Token);
        var made = LocalSearch.Run(start, options with { FilterMoves = false }, cancellationToken: Token);

        Assert.True(filtered.Refused > 0, "no move refused unmade");
        Assert.Equal(0, made.Refused);
        Assert.Equal(made.Best.ToPairs(), filtered.Best.ToPairs());
        Assert.Equal((made.Kept, made.Improvements, made.Soft), (filtered.Kept, filtered.Improvements, filtered.Soft));
    }

    [Theory]
    [InlineData("medium.msgpack", false, true)]
    [InlineData("medium.msgpack", true, false)]
    [InlineData("small.msgpack", false, false)]
    public void LocalSearch_FocusOnAWeekAtATime_AnotherRepeatableSearchOnlyOnALongHorizonWithoutCompoundMoves(string file, bool compound, bool focuses)
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem(file)));
        var start = GreedyScheduler.Build(problem);
        var options = new LocalSearchOptions(Seed: 2, MaxMoves: 100_000, CompoundMoves: compound);

        var focused = LocalSearch.Run(start, options, cancellationToken: Token);
        var whole = LocalSearch.Run(start, options with { FocusDays = 0 }, cancellationToken: Token);

        Assert.Equal(file == "medium.msgpack", problem.HorizonDays >= 56);
        Assert.Equal(focuses, focused.Kept != whole.Kept);
        Assert.Equal(focused.Best.ToPairs(), LocalSearch.Run(start, options, cancellationToken: Token).Best.ToPairs());
        var again = new LocalScore(focused.Best);
        Assert.Equal((again.Hard, again.Soft), (focused.Hard, focused.Soft));
    }

    [Fact]
    public void LocalSearch_Perturb_KicksWhenStuckAndStillReturnsTheBestItScored()
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("medium.msgpack")));
        var start = GreedyScheduler.Build(problem);
        var options = new LocalSearchOptions(Seed: 3, MaxMoves: 200_000, Perturb: 2_000);

        var result = LocalSearch.Run(start, options, cancellationToken: Token);

        Assert.True(result.Kicks > 0, "no kick in 200,000 moves with a kick after 2,000 without a new best");
        var again = new LocalScore(result.Best);
        Assert.Equal((again.Hard, again.Soft), (result.Hard, result.Soft));
        Assert.True(result.Soft <= new LocalScore(start).Soft);
        Assert.Equal(result.Best.ToPairs(), LocalSearch.Run(start, options, cancellationToken: Token).Best.ToPairs());

        // Without kicks, or with a patience longer than the run, the search is the plain one.
        var plain = LocalSearch.Run(start, options with { Perturb = 0 }, cancellationToken: Token);
        var patient = LocalSearch.Run(start, options with { Perturb = 1_000_000 }, cancellationToken: Token);
        Assert.Equal((0, 0), (plain.Kicks, patient.Kicks));
        Assert.Equal(plain.Kept, patient.Kept);
        Assert.NotEqual(plain.Kept, result.Kept);
    }

    [Fact]
    public void LocalSearch_Patience_StopsWhenStalledBeforeItsTimeLimit()
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("tiny.msgpack")));
        var patience = TimeSpan.FromMilliseconds(300);

        var result = LocalSearch.Run(GreedyScheduler.Build(problem), new LocalSearchOptions(TimeLimit: TimeSpan.FromMinutes(10), Patience: patience), cancellationToken: Token);

        Assert.True(result.Elapsed - result.BestAt >= patience, $"stopped {result.Elapsed - result.BestAt} after its last best");
        Assert.True(result.Elapsed < TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void LocalSearch_SharedBestBetterThanItsOwn_GoesOnFromIt()
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("small.msgpack")));
        var greedy = GreedyScheduler.Build(problem);
        var optimal = ScheduleSolver.Solve(problem, Moves(20_000_000), cancellationToken: Token);
        Assert.Equal(0, optimal.Objective);
        var shared = new LocalSearch.SharedBest(TimeSpan.Zero);
        shared.Offer(0, () => optimal.Schedule!);

        var result = LocalSearch.Run(greedy, new LocalSearchOptions(MaxMoves: 1_000), null, shared, Token);

        Assert.Equal(1, result.Taken);
        Assert.Equal((0, 0), (result.Hard, result.Soft));
        Assert.Equal(optimal.Schedule!.ToPairs(), result.Best.ToPairs());
        Assert.Null(shared.Better(0));
    }

    [Fact]
    public void AdjacentSessionShift_IsTheSameActivitysNextSession_AndLeadsBack()
    {
        var problem = CompiledProblem.Compile(InstanceGenerator.Generate(new GeneratorOptions { Residents = 8, Faculty = 4, Weeks = 2, Seed = 3 }));
        var score = new LocalScore(GreedyScheduler.Build(problem));
        var gap = problem.Rules.ContinuityGapMinutes;

        var pairs = 0;
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            var next = score.AdjacentSessionShift(s, after: true, pick: s);
            if (next < 0)
            {
                continue;
            }

            pairs++;
            Assert.True((problem.ShiftKinds[s] & ActivityKinds.Continuity) != 0);
            Assert.Equal(problem.ShiftActivity[s], problem.ShiftActivity[next]);
            Assert.InRange(problem.ShiftStart[next] - problem.ShiftEnd[s], 0, gap - 1);
            var back = score.AdjacentSessionShift(next, after: false, pick: 0);
            Assert.Equal(problem.ShiftStart[s], problem.ShiftStart[back]);
            Assert.Equal(problem.ShiftActivity[s], problem.ShiftActivity[back]);
        }

        Assert.True(pairs > 0, "the generated program has no continuity sessions");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, 0L)]
    public void Hybrid_WithoutALimit_Refused(double? seconds, long? moves)
    {
        var options = new SolverOptions { Strategy = SolveStrategy.Hybrid, TimeLimit = seconds is { } s ? TimeSpan.FromSeconds(s) : null, MaxMoves = moves };

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }
}
