using System.Diagnostics;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;

namespace Scheduler.Solver.Local;

/// <summary>
/// The hybrid strategy (<see cref="SolveStrategy.Hybrid"/>): the greedy schedule, then one late-acceptance local
/// search (<see cref="LocalSearch"/>) per worker, each with its own seed (the options' seed plus its index), the best
/// of them kept. No CP-SAT model is built, so memory stays that of the checkers whatever the horizon.
/// </summary>
internal static class HybridSolver
{
    public static SolveResult Solve(CompiledProblem problem, SolverOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var start = GreedyScheduler.Build(problem);
        var built = clock.Elapsed;
        var workers = options.MaxMoves is not null && options.TimeLimit is null ? 1 : Math.Clamp(options.Workers, 1, Environment.ProcessorCount);
        var left = options.TimeLimit is { } limit ? limit - built : (TimeSpan?)null;
        if (left is { } l && l < TimeSpan.FromMilliseconds(1))
        {
            left = TimeSpan.FromMilliseconds(1);
        }

        // Progress is the best over the searches; one that reaches 0 (optimal: no term is negative) stops the others.
        var reports = 0;
        var reported = long.MaxValue;
        var gate = new Lock();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Improved(long hard, long soft)
        {
            if (hard == 0)
            {
                lock (gate)
                {
                    if (soft < reported)
                    {
                        reported = soft;
                        progress?.Report(new SolveProgress(soft, 0, soft / Math.Max(1.0, soft), clock.Elapsed, ++reports));
                    }
                }

                if (soft == 0)
                {
                    done.Cancel();
                }
            }
        }

        var results = new LocalSearchResult[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
            results[k] = LocalSearch.Run(start, new LocalSearchOptions(unchecked(options.Seed + k), options.MaxMoves, left), Improved, done.Token));
        var best = results.OrderBy(r => r.Hard).ThenBy(r => r.Soft).First();

        var score = new LocalScore(best.Best);
        var report = ComplianceChecker.Check(best.Best);
        var feasible = report.HardCount == 0;
        var moves = results.Sum(r => r.Moves);
        var searched = results.Max(r => r.Elapsed);
        return new SolveResult
        {
            Status = !feasible ? SolveStatus.Unknown : score.Soft == 0 ? SolveStatus.Optimal : SolveStatus.Feasible,
            Schedule = feasible ? best.Best : null,
            Report = feasible ? report : null,
            Objective = feasible ? score.Soft : null,
            ObjectiveTerms = feasible ? score.Terms() : new Dictionary<string, long>(),
            BestBound = 0,
            Gap = feasible ? score.Soft / Math.Max(1.0, score.Soft) : null,
            Cancelled = cancellationToken.IsCancellationRequested,
            Explanation = feasible ? null : $"the local search ended with {report.HardCount} hard violations in its best schedule (no bound is proven)",
            Strategy = SolveStrategy.Hybrid,
            Notes =
            [
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"local search: {workers} search(es), {moves:N0} moves evaluated ({moves / Math.Max(0.001, searched.TotalSeconds):N0}/s), {results.Sum(r => r.Kept):N0} kept, {results.Sum(r => r.Improvements):N0} improvements"),
            ],
            Statistics = new SolveStatistics
            {
                Workers = workers,
                Seed = options.Seed,
                Reproducible = options.IsReproducible,
                HintTime = built,
                SearchTime = searched,
                WallTime = clock.Elapsed,
                Solutions = results.Sum(r => r.Improvements),
                TimeToFirst = TimeSpan.Zero,
                TimeToBest = best.BestAt,
            },
        };
    }
}
