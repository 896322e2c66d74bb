using Scheduler.Core.Checking;
using Scheduler.Formats;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// The Curtois-Qu benchmark read through the importer and solved: the solver proves the published optima of the
/// small instances, and an independent scorer (written from the benchmark's description, not from the solver)
/// agrees with the solver's objective (and with <see cref="ScheduleSolver.Evaluate"/>) and finds no hard breach on
/// every schedule the solver returns.
/// </summary>
public sealed class CurtoisQuTests
{
    [Theory]
    [InlineData(1, 607)]
    [InlineData(2, 828)]
    [InlineData(3, 1001)]
    public void Solve_SmallInstance_ProvesThePublishedOptimum(int instance, long optimum)
    {
        // Eight workers: with two, CP-SAT's portfolio lacks the LP and core workers that prove these bounds. Interleaved
        // on one thread with a deterministic limit, so the proof does not depend on the machine's speed.
        var result = Solve(instance, Interleaved(deterministicTime: 120), null, TestContext.Current.CancellationToken);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.Equal(optimum, result.Objective);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Solve_AnyInstance_IndependentScorerAgreesWithTheObjective(int instance) => SolveToThirdSchedule(instance);

    /// <summary>
    /// Instances 11 and 12 on demand: interleaved on one thread, the portfolio needs minutes for a first schedule of
    /// them (about 4 of Instance 11). In CI the scorer still agrees with the model's terms on random rosters of
    /// them (<c>CurtoisQuFileTests.Read_RandomSchedules_SoftTermsAndBreachesOfTheModelMatchTheScorer</c>).
    /// </summary>
    [Theory(Explicit = true)]
    [InlineData(11)]
    [InlineData(12)]
    public void Solve_LargestInstances_IndependentScorerAgreesWithTheObjective(int instance) => SolveToThirdSchedule(instance);

    [Fact]
    public void StrategyFor_Auto_NeighbourhoodOrHybridUnderATimeOrMoveLimitAndMonolithicForWhatOnlyCpSatDoes()
    {
        var problem = Core.Compiled.CompiledProblem.Compile(CurtoisQuFile.Read(Path.Combine(TestData.CurtoisQu, "Instance1.txt")));
        var largest = Core.Compiled.CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(RosterStartTests.ScaleInstance(seed: 1)), "scale"));

        Assert.Equal(SolveStrategy.Neighbourhood, SolverOptions.Default.StrategyFor(problem));
        Assert.Equal(SolveStrategy.Hybrid, SolverOptions.Default.StrategyFor(largest));
        Assert.Equal(SolveStrategy.Hybrid, (SolverOptions.Default with { TimeLimit = null, MaxMoves = 1000 }).StrategyFor(largest));
        Assert.Equal(SolveStrategy.Hybrid, (SolverOptions.Default with { TimeLimit = null, MaxMoves = 1000 }).StrategyFor(problem));
        Assert.Equal(SolveStrategy.Monolithic, (SolverOptions.Default with { TimeLimit = null, DeterministicTimeLimit = 20 }).StrategyFor(problem));
        Assert.Equal(SolveStrategy.Monolithic, (SolverOptions.Default with { CpSatParameters = "num_workers:1" }).StrategyFor(problem));
        Assert.Equal(SolveStrategy.Neighbourhood, (SolverOptions.Default with { Strategy = SolveStrategy.Neighbourhood }).StrategyFor(problem));
        Assert.Throws<ArgumentException>(() => (SolverOptions.Default with { Strategy = SolveStrategy.Weekly }).StrategyFor(problem));
    }

    [Fact]
    public void Solve_NeighbourhoodStrategy_RepeatableAndScoredRight()
    {
        // One worker and a deterministic limit only: rounds of CP-SAT and of neighbourhoods on one thread. (One
        // worker finds no schedule of Instances 5 and up in CP-SAT's first tenth of this limit.)
        var options = new SolverOptions { Strategy = SolveStrategy.Neighbourhood, Workers = 1, Seed = 3, TimeLimit = null, DeterministicTimeLimit = 3 };

        var first = Solve(4, options, null, TestContext.Current.CancellationToken);
        var second = Solve(4, options, null, TestContext.Current.CancellationToken);

        Assert.Equal(SolveStrategy.Neighbourhood, first.Strategy);
        Assert.True(first.Statistics.Neighbourhoods > 0);
        Assert.Equal(first.Objective, second.Objective);
        Assert.Equal(first.Schedule!.ToPairs(), second.Schedule!.ToPairs());
    }

    [Fact]
    public void Solve_NeighbourhoodStrategyCancelled_ReturnsTheBestSoFar()
    {
        // Cancelled at the first improvement a neighbourhood brings; repeatable (one worker, deterministic limit), so
        // that improvement comes on every machine.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var best = long.MaxValue;
        var progress = new ImmediateProgress(p =>
        {
            best = Math.Min(best, p.Objective);
            if (p.Neighbourhoods > 0)
            {
                stop.Cancel();
            }
        });
        var options = new SolverOptions { Strategy = SolveStrategy.Neighbourhood, Workers = 1, Seed = 1, TimeLimit = null, DeterministicTimeLimit = 10 };

        var result = Solve(4, options, progress, stop.Token);

        Assert.True(result.Cancelled);
        Assert.True(result.Statistics.Neighbourhoods > 0);
        Assert.True(result.Objective <= best);
    }

    private static void SolveToThirdSchedule(int instance)
    {
        // Stopped after its third improving schedule: some feasible schedule, usually not the optimum. Eight workers
        // interleaved, so the same schedule on every machine (one worker finds no schedule of the larger instances
        // in a minute).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new ImmediateProgress(p =>
        {
            if (p.Solutions >= 3)
            {
                stop.Cancel();
            }
        });
        Solve(instance, Interleaved(deterministicTime: 600), progress, stop.Token);
    }

    // CP-SAT's eight-worker portfolio run on one thread in a fixed order: repeatable, and bounded by work, not time.
    private static SolverOptions Interleaved(double deterministicTime) => new()
    {
        Workers = 8, Seed = 1, TimeLimit = null, DeterministicTimeLimit = deterministicTime, CpSatParameters = "interleave_search:true",
    };

    private static SolveResult Solve(int instance, SolverOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var path = Path.Combine(TestData.CurtoisQu, $"Instance{instance}.txt");
        var result = ScheduleSolver.Solve(
            CurtoisQuFile.Read(path), options, progress, cancellationToken);
        Assert.NotNull(result.Schedule);
        Assert.Equal(0, result.Report!.HardCount);

        var reference = CurtoisQuInstance.Load(path);
        var score = CurtoisQuScorer.Score(reference, CurtoisQuScorer.Roster(reference, result.Schedule.ToSchedule()));
        Assert.Empty(score.Breaches);
        Assert.Equal(score.Objective, result.Objective);
        Assert.Equal(score.Objective, ScheduleSolver.Evaluate(result.Schedule, TestContext.Current.CancellationToken).Values.Sum());
        return result;
    }
}
