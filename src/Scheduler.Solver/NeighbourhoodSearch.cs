using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver;

/// <summary>
/// The neighbourhood strategy (<see cref="SolveStrategy.Neighbourhood"/>): rounds, each a tenth of the time limit, of
/// CP-SAT's own search over the monolithic model and of large neighbourhood search, until the limit: a CP-SAT round
/// first, then neighbourhood rounds while they improve the best schedule, and a CP-SAT round after one that did not.
/// A CP-SAT round starts from the best schedule so far (the first from the greedy hint) and may go past its tenth
/// while it has no schedule yet; its bound holds for the whole model, so the best bound of all rounds is the result's.
/// A neighbourhood round re-solves the best schedule with most of its assignments fixed: a neighbourhood frees some
/// people's whole horizon, some days of everybody, or a block of both (<see cref="NeighbourhoodPicker"/>), each solve
/// within a limit that starts short and grows when the neighbourhoods stop finding better schedules
/// (<see cref="NeighbourhoodLimit"/>). Each of up to <see cref="SolverOptions.Workers"/> threads (at most one per
/// core) solves its own neighbourhoods on its own copy of the model with one CP-SAT worker, so two cores re-solve two
/// neighbourhoods at once.
/// </summary>
internal static class NeighbourhoodSearch
{
    /// <summary>The share of the time limit (or deterministic limit) of each round.</summary>
    public const double RoundShare = 0.1;

    /// <summary>
    /// Searches from the model's hint. When the hint is <paramref name="columns"/>' schedule (reported already), its
    /// bound, when it has one, holds for the search (a schedule that reaches it is optimal and ends the search), and
    /// progress counts on from it: its objective, one solution, and elapsed time from before the hint.
    /// </summary>
    public static SolveResult Solve(
        ScheduleModel model, SolverOptions options, IProgress<SolveProgress>? progress, string? shortage, TimeSpan hintTime, CancellationToken cancellationToken,
        Columns.ColumnGeneration.Outcome? columns = null)
    {
        var search = new Search(model, options, progress, columns, hintTime, cancellationToken);
        var first = search.CpSat(shortage, hintTime);
        // Neighbourhood rounds while they improve the best schedule, a CP-SAT round from it when one did not. A
        // repeatable run has a fixed number of rounds; a timed one goes on to the limit.
        var rounds = options.TimeLimit is null ? (int)Math.Round(1 / RoundShare) : int.MaxValue;
        for (var round = 2; search.GoesOn && round <= rounds; round++)
        {
            if (!search.Neighbourhoods() && round < rounds && search.GoesOn)
            {
                search.CpSat(shortage, TimeSpan.Zero);
                round++;
            }
        }

        return search.Finish(first, hintTime);
    }

    private sealed class Search(
        ScheduleModel model, SolverOptions options, IProgress<SolveProgress>? progress, Columns.ColumnGeneration.Outcome? columns, TimeSpan hintTime, CancellationToken cancellationToken)
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly NeighbourhoodLimit _limit = new();
        private long[]? _best;
        private long _bestObjective = long.MaxValue;
        private long _reported = columns?.Objective ?? long.MaxValue;
        private readonly TimeSpan _before = columns is null ? TimeSpan.Zero : hintTime;
        private double _bound = columns?.Bound ?? double.NegativeInfinity;
        private bool _optimal;
        private bool _spent;
        private int _solutions = columns is null ? 0 : 1;
        private int _neighbourhoods;
        private TimeSpan? _timeToBest;

        /// <summary>Whether another round may run: a schedule, no proof, time left, not cancelled.</summary>
        public bool GoesOn =>
            _best is not null && !_optimal && !_spent && !cancellationToken.IsCancellationRequested
            && (options.TimeLimit is { } limit ? _clock.Elapsed < limit * (1 - (RoundShare / 10)) : options.DeterministicTimeLimit is not null);

        /// <summary>A round of CP-SAT's own search, from the best schedule so far when there is one.</summary>
        public SolveResult CpSat(string? shortage, TimeSpan hintTime)
        {
            if (_best is not null)
            {
                model.Model.Model.SolutionHint = PinnedDomains.Hint(_best);
            }

            var round = options with { ExactCost = false };
            SolveResult result;
            if (options.TimeLimit is { } limit)
            {
                // Until a tenth of the limit has passed and it has a schedule.
                result = ScheduleSolver.Solve(
                    model, round with { TimeLimit = limit - _clock.Elapsed }, Reporter(), shortage, hintTime, cancellationToken, limit * RoundShare);
            }
            else
            {
                // A repeatable run: a tenth of the work; the first round, when that found no schedule, the rest too.
                result = ScheduleSolver.Solve(model, round with { DeterministicTimeLimit = options.DeterministicTimeLimit * RoundShare }, Reporter(), shortage, hintTime, cancellationToken);
                if (_best is null && result.Status == SolveStatus.Unknown && !result.Cancelled && options.DeterministicTimeLimit is { } work)
                {
                    result = ScheduleSolver.Solve(model, round with { DeterministicTimeLimit = work * (1 - RoundShare) }, Reporter(), shortage, hintTime, cancellationToken);
                    _spent = true;
                }
            }

            _bound = Math.Max(_bound, result.BestBound);
            _optimal |= result.Status is SolveStatus.Optimal or SolveStatus.Infeasible || result.Objective <= _bound;
            _spent |= options.TimeLimit is null && options.DeterministicTimeLimit is null;
            if (result.Solution is { } solution && result.Objective <= _bestObjective)
            {
                _best = solution;
                _bestObjective = result.Objective.Value;
            }

            return result;
        }

        /// <summary>
        /// A round of neighbourhoods: one thread per worker up to the cores, the first on the model itself. Returns
        /// whether it improved the best schedule.
        /// </summary>
        public bool Neighbourhoods()
        {
            var before = _bestObjective;
            var end = options.TimeLimit is { } limit ? TimeSpan.FromTicks(Math.Min((_clock.Elapsed + (limit * RoundShare)).Ticks, limit.Ticks)) : TimeSpan.Zero;
            var work = options.DeterministicTimeLimit * RoundShare ?? 0;
            var used = 0.0;
            double? Remaining()
            {
                double remaining;
                if (options.TimeLimit is not null)
                {
                    remaining = (end - _clock.Elapsed).TotalSeconds;
                }
                else
                {
                    lock (_gate)
                    {
                        remaining = work - used;
                    }
                }

                return remaining > 0.01 && !_optimal && !cancellationToken.IsCancellationRequested ? Math.Min(remaining, _limit.Current) : null;
            }

            void Used(double deterministicTime)
            {
                lock (_gate)
                {
                    used += deterministicTime;
                }
            }

            var threads = Math.Max(1, Math.Min(options.Workers, Environment.ProcessorCount));
            var tasks = new Task[threads - 1];
            for (var t = 1; t < threads; t++)
            {
                var proto = model.Model.Model.Clone();
                var random = new Random(options.Seed + (1000 * _neighbourhoods) + t);
                tasks[t - 1] = Task.Factory.StartNew(
                    () => Work(proto, random, Remaining, Used), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            Work(model.Model.Model, new Random(options.Seed + (1000 * _neighbourhoods)), Remaining, Used);
            Task.WaitAll(tasks, CancellationToken.None);
            return _bestObjective < before;
        }

        private void Work(CpModelProto proto, Random random, Func<double?> remaining, Action<double> used)
        {
            var picker = new NeighbourhoodPicker(model);
            var hint = proto.SolutionHint;
            var pins = new PinnedDomains(proto, model.AssignmentIndex);
            try
            {
                while (remaining() is { } limit)
                {
                    long[] start;
                    lock (_gate)
                    {
                        start = _best!;
                    }

                    var free = picker.Pick(random);
                    for (var k = 0; k < free.Length; k++)
                    {
                        if (!free[k])
                        {
                            pins.Pin(k, start[model.AssignmentIndex[k]]);
                        }
                    }

                    proto.SolutionHint = PinnedDomains.Hint(start);
                    CpSolverResponse response;
                    using (var solver = new SolveWrapper())
                    {
                        solver.SetStringParameters(Parameters(random.Next(), limit));
                        using var registration = cancellationToken.Register(solver.StopSearch);
                        response = solver.Solve(proto);
                    }

                    pins.Restore();
                    Interlocked.Increment(ref _neighbourhoods);
                    used(response.DeterministicTime);
                    _limit.After(Accept(response));
                    picker.Learn(response.Status == CpSolverStatus.Optimal);
                }
            }
            finally
            {
                // The first thread's proto is the model itself, which the result is costed on.
                pins.Restore();
                proto.SolutionHint = hint;
            }
        }

        // Takes a neighbourhood's solution when it is at least as good as the best (equal ones too: moving along a
        // plateau lets the next neighbourhoods see other schedules of the same cost). Returns whether it was better.
        private bool Accept(CpSolverResponse response)
        {
            if (response.Status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                return false;
            }

            var objective = (long)Math.Round(response.ObjectiveValue);
            bool better;
            lock (_gate)
            {
                if (objective > _bestObjective)
                {
                    return false;
                }

                better = objective < _bestObjective;
                _best = [.. response.Solution];
                _bestObjective = objective;
                _optimal |= objective <= _bound;
            }

            Report(objective, double.NegativeInfinity);
            return better;
        }

        // Reports an objective below every one reported before (CP-SAT's rounds restart from the best, so they
        // report values already seen).
        private void Report(long objective, double bound)
        {
            lock (_gate)
            {
                _bound = Math.Max(_bound, bound);
                if (objective >= _reported)
                {
                    return;
                }

                _reported = objective;
                _solutions++;
                _timeToBest = _clock.Elapsed;
                var shown = double.IsFinite(_bound) ? _bound : 0;
                progress?.Report(new SolveProgress(
                    objective, shown, ScheduleSolver.RelativeGap(objective, shown), _before + _clock.Elapsed, _solutions, Neighbourhoods: Volatile.Read(ref _neighbourhoods)));
            }
        }

        private ImmediateProgress Reporter() => new(p => Report(p.Objective, p.BestBound));

        private string Parameters(int seed, double limit) => string.Create(
            CultureInfo.InvariantCulture,
            $"num_workers:1 random_seed:{seed} catch_sigint_signal:false log_search_progress:false symmetry_level:0")
            + (options.TimeLimit is not null
                ? string.Create(CultureInfo.InvariantCulture, $" max_time_in_seconds:{limit}")
                : string.Create(CultureInfo.InvariantCulture, $" max_deterministic_time:{limit}"));

        /// <summary>The result: the best schedule, re-costed exactly (as a stopped monolithic search is) and checked.</summary>
        public SolveResult Finish(SolveResult first, TimeSpan hintTime)
        {
            var statistics = first.Statistics with
            {
                SearchTime = _clock.Elapsed,
                WallTime = model.BuildTime + hintTime + _clock.Elapsed,
                TimeToBest = _best is null ? null : _timeToBest ?? first.Statistics.TimeToBest,
                Solutions = _solutions,
                Neighbourhoods = _neighbourhoods,
            };
            var cancelled = cancellationToken.IsCancellationRequested;
            if (_best is null)
            {
                return first with { Strategy = SolveStrategy.Neighbourhood, Cancelled = cancelled, Statistics = statistics };
            }

            var schedule = model.Decode(_best);
            var terms = model.TermValues(_best);
            var value = _bestObjective;
            if (!_optimal && model.Cost(schedule, ScheduleSolver.ExactCostLimit(options), CancellationToken.None) is { } exact)
            {
                terms = exact;
                value = exact.Values.Sum();
            }

            return first with
            {
                Status = _optimal ? SolveStatus.Optimal : SolveStatus.Feasible,
                Schedule = schedule,
                Solution = _best,
                Report = ComplianceChecker.Check(schedule),
                Objective = value,
                ObjectiveTerms = terms,
                BestBound = _bound,
                Gap = ScheduleSolver.RelativeGap(value, _bound),
                Cancelled = cancelled,
                Strategy = SolveStrategy.Neighbourhood,
                Statistics = statistics with { HintKept = model.HintKept(_best) },
            };
        }
    }
}
