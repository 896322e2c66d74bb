using System.Diagnostics;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;

namespace Scheduler.Solver.Local;

/// <summary>
/// The hybrid strategy (<see cref="SolveStrategy.Hybrid"/>): a first schedule, then one late-acceptance local search
/// (<see cref="LocalSearch"/>) per worker, each with its own seed (the options' seed plus its index), the best of
/// them kept. The first schedule is the greedy one; when that breaks a hard rule and the problem's model is small
/// (at most <see cref="CpSatStartPairs"/> eligible pairs), CP-SAT's first schedule instead, found with at most half
/// the time limit (or, for a move-limited run, one worker and a deterministic limit). A larger one with rostering
/// limits is laid out in blocks of working days (<see cref="RosterStart"/>) when that breaks fewer hard rules, and on a
/// pure rostering problem whoever still breaks their own limits gets the cheapest roster that keeps them
/// (<see cref="Columns.ColumnGeneration.Mend"/>). A small model with rostering
/// limits or forbidden successions (the Curtois-Qu instances), whose rules single-shift moves rarely keep, gets the
/// neighbourhood strategy hinted with the local search's best for the rest of a time limit once the search stalls
/// (no new best for a twentieth of the limit, at least 1 s) or has had a third of it: on a pure rostering problem,
/// column generation with the local search's rosters in its pool, then CP-SAT's neighbourhood search. On a problem
/// with rostering limits, one move in three of the search is a compound one (block swap, run added or dropped, ruin
/// and recreate). No larger model is built, so memory stays that of the checkers whatever the horizon.
/// </summary>
internal static class HybridSolver
{
    /// <summary>The most eligible (person, shift) pairs for which a CP-SAT model is built to find a first schedule.</summary>
    public const int CpSatStartPairs = 100_000;

    /// <summary>Where CP-SAT follows, the local search has stalled when it met no new best for this share of the time (at least 1 s).</summary>
    private const int StallShare = 20;

    /// <summary>Mending a first schedule's rosters person by person may take this share of the time limit.</summary>
    private const int MendShare = 10;

    /// <summary>Searches side by side offer and take the best every this share of their time (at least every second).</summary>
    private const int ShareShare = 20;

    public static SolveResult Solve(CompiledProblem problem, SolverOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var start = GreedyScheduler.Build(problem);
        var notes = new List<string>();
        var small = SolverLimits.IsSmall(problem);
        var greedyHard = new LocalScore(start).Hard;

        // A model too large for CP-SAT's first schedule, with rostering limits: one laid out in blocks of working days
        // when that breaks fewer hard rules than the greedy one.
        if (greedyHard > 0 && !small && problem.HasRosterLimits && RosterStart.Build(problem, options.Seed) is var blocks
            && new LocalScore(blocks).Hard is var blocksHard && blocksHard < greedyHard)
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"first schedule laid out in blocks of working days ({blocksHard} hard violations, the greedy one {greedyHard})"));
            (start, greedyHard) = (blocks, blocksHard);
        }

        // Whoever that still leaves breaking their own limits, on a pure rostering problem: the cheapest roster that
        // keeps them, by the roster pricing of column generation, within a tenth of the time limit.
        if (greedyHard > 0 && !small && Columns.ColumnGeneration.Applies(problem))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.TimeLimit is { } timeLimit)
            {
                stop.CancelAfter(timeLimit / MendShare);
            }

            if (Columns.ColumnGeneration.Mend(problem, start, stop.Token) is var mended && new LocalScore(mended).Hard is var mendedHard && mendedHard < greedyHard)
            {
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"first schedule mended person by person with column generation's roster pricing after {clock.Elapsed.TotalSeconds:0.###} s ({mendedHard} hard violations, {greedyHard} before)"));
                (start, greedyHard) = (mended, mendedHard);
            }
        }

        if (greedyHard > 0 && small)
        {
            if (CpSatStart(problem, options, cancellationToken) is { } first)
            {
                start = first;
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"first schedule from CP-SAT after {clock.Elapsed.TotalSeconds:0.###} s (the one before had {greedyHard} hard violations)"));
            }
        }

        var built = clock.Elapsed;
        var workers = options.MaxMoves is not null && options.TimeLimit is null ? 1 : Math.Clamp(options.Workers, 1, Environment.ProcessorCount);
        var left = options.TimeLimit is { } limit ? limit - built : (TimeSpan?)null;
        if (left is { } l && l < TimeSpan.FromMilliseconds(1))
        {
            left = TimeSpan.FromMilliseconds(1);
        }

        // A small model with rostering limits (which single-shift moves rarely keep) and a time limit: the local search
        // gets at most a third of what is left and stops when it stalls, CP-SAT the rest.
        var exactToo = small && SolverOptions.NeedsWholeHorizon(problem);
        var searchFor = exactToo && left is { } all ? all / 3 : left;
        var patience = exactToo && left is { } whole ? Share(whole, StallShare) : (TimeSpan?)null;

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

        // Searches side by side share their best every twentieth of their time (at least every second).
        var shared = workers > 1 && searchFor is { } each ? new LocalSearch.SharedBest(Share(each, ShareShare)) : null;
        var results = new LocalSearchResult[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
            results[k] = LocalSearch.Run(start, new LocalSearchOptions(unchecked(options.Seed + k), options.MaxMoves, searchFor, Acceptance: options.Acceptance, Patience: patience, Tabu: options.Tabu, CompoundMoves: problem.HasRosterLimits, Perturb: options.Perturb), Improved, shared, done.Token));
        var best = results.OrderBy(r => r.Hard).ThenBy(r => r.Soft).First();
        var schedule = best.Best;
        var bound = 0.0;
        var optimal = false;

        // Where the local search stalls on a small model, the neighbourhood strategy (column generation first on a pure
        // rostering problem) from its best for the time left.
        var rest = options.TimeLimit - clock.Elapsed;
        if (exactToo && rest > TimeSpan.FromSeconds(1) && !done.IsCancellationRequested)
        {
            var reporter = new ImmediateProgress(p => Improved(0, p.Objective));
            var exact = ScheduleSolver.Solve(
                problem,
                options with { Strategy = SolveStrategy.Neighbourhood, MaxMoves = null, TimeLimit = rest, Hint = best.Hard == 0 ? schedule.ToSchedule() : start.ToSchedule() },
                reporter,
                cancellationToken);
            bound = exact.BestBound;
            notes.AddRange(exact.Notes);
            if (exact.Schedule is { } found && exact.Report!.HardCount == 0 && (best.Hard > 0 || exact.Objective < best.Soft))
            {
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"CP-SAT's neighbourhood search from the local search's best ({(best.Hard > 0 ? $"{best.Hard} hard violations" : best.Soft.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))}) found {exact.Objective:N0} in {exact.Statistics.WallTime.TotalSeconds:0.#} s"));
                schedule = found;
                optimal = exact.Status == SolveStatus.Optimal;
            }
            else
            {
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"CP-SAT's neighbourhood search from the local search's best found nothing better in {exact.Statistics.WallTime.TotalSeconds:0.#} s"));
            }
        }

        var score = new LocalScore(schedule);
        var report = ComplianceChecker.Check(schedule);
        var feasible = report.HardCount == 0;
        var moves = results.Sum(r => r.Moves);
        var searched = results.Max(r => r.Elapsed);
        return new SolveResult
        {
            Status = !feasible ? SolveStatus.Unknown : score.Soft == 0 || optimal || score.Soft <= bound ? SolveStatus.Optimal : SolveStatus.Feasible,
            Schedule = feasible ? schedule : null,
            Report = feasible ? report : null,
            Objective = feasible ? score.Soft : null,
            ObjectiveTerms = feasible ? score.Terms() : new Dictionary<string, long>(),
            BestBound = bound,
            Gap = feasible ? (score.Soft - bound) / Math.Max(1.0, score.Soft) : null,
            Cancelled = cancellationToken.IsCancellationRequested,
            Explanation = feasible ? null : $"the local search ended with {report.HardCount} hard violations in its best schedule (no bound is proven)",
            Strategy = SolveStrategy.Hybrid,
            Notes =
            [
                .. notes,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"local search: {workers} search(es), {moves:N0} moves evaluated ({moves / Math.Max(0.001, searched.TotalSeconds):N0}/s; {results.Sum(r => r.Refused):N0} refused unmade as they break a hard rule), {results.Sum(r => r.Kept):N0} kept, {results.Sum(r => r.Improvements):N0} improvements, {results.Sum(r => r.Taken):N0} times a search went on from another's better best, {results.Sum(r => r.Kicks):N0} kicks"),
            ],
            Statistics = new SolveStatistics
            {
                Workers = workers,
                Seed = options.Seed,
                Reproducible = options.IsReproducible,
                HintTime = built,
                SearchTime = clock.Elapsed - built,
                WallTime = clock.Elapsed,
                Solutions = results.Sum(r => r.Improvements),
                TimeToFirst = TimeSpan.Zero,
                TimeToBest = ReferenceEquals(schedule, best.Best) ? best.BestAt : null,
            },
        };
    }

    // A share of a time, at least a second.
    private static TimeSpan Share(TimeSpan time, int share) => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, time.Ticks / share));

    // CP-SAT's first schedule: the monolithic model searched until it has one.
    private static CompiledSchedule? CpSatStart(CompiledProblem problem, SolverOptions options, CancellationToken cancellationToken)
    {
        using var found = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var repeatable = options.TimeLimit is null;
        var result = ScheduleSolver.Solve(
            problem,
            options with
            {
                Strategy = SolveStrategy.Monolithic,
                MaxMoves = null,
                TimeLimit = repeatable ? null : options.TimeLimit / 2,
                DeterministicTimeLimit = repeatable ? 30 : null,
                Workers = repeatable ? 1 : options.Workers,
            },
            new ImmediateProgress(_ => found.Cancel()),
            found.Token);
        return result.Schedule;
    }
}
