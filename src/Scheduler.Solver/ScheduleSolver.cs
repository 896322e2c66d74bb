using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Solver.Weekly;

namespace Scheduler.Solver;

/// <summary>
/// Builds schedules with CP-SAT: every rule in the model (hard, or soft with a weight), the objective of
/// <see cref="ObjectiveWeights"/>, anytime search with a time limit, cancellation and progress, and the best
/// schedule so far whenever it stops.
/// </summary>
/// <example>
/// <code>
/// var problem = ProblemFile.Read("problems/small.msgpack");
/// var result = ScheduleSolver.Solve(problem, new SolverOptions { TimeLimit = TimeSpan.FromSeconds(30) });
/// if (result.Schedule is { } schedule) ScheduleFile.Write(schedule.ToSchedule(), "small.schedule.msgpack");
/// </code>
/// </example>
public static class ScheduleSolver
{
    /// <summary>Compiles, builds and solves a problem.</summary>
    /// <exception cref="ModelException">The problem is invalid or beyond <see cref="SolverLimits"/>.</exception>
    public static SolveResult Solve(
        Problem problem, SolverOptions? options = null, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Solve(CompiledProblem.Compile(problem), options, progress, cancellationToken);
    }

    /// <summary>Builds and solves a compiled problem.</summary>
    /// <exception cref="ModelException">The problem is beyond <see cref="SolverLimits"/>.</exception>
    public static SolveResult Solve(
        CompiledProblem problem, SolverOptions? options = null, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= SolverOptions.Default;
        options.Validate();
        var strategy = options.StrategyFor(problem);
        if (strategy == SolveStrategy.Weekly)
        {
            if (options.ChangeWeight > 0 || options.Fixed.Count > 0)
            {
                throw new ArgumentException("a change weight and fixed assignments take the monolithic or neighbourhood strategy", nameof(options));
            }

            // The limits apply to each window's model, not to the whole horizon.
            return WeeklySolver.Solve(problem, options, progress, cancellationToken);
        }

        if (options.CheckpointDirectory is not null)
        {
            throw new ArgumentException("checkpoints are written by the weekly strategy; this problem's horizon gets the monolithic one", nameof(options));
        }

        if (strategy == SolveStrategy.Hybrid)
        {
            return Local.HybridSolver.Solve(problem, options, progress, cancellationToken);
        }

        var shortage = Shortage(problem);
        ScheduleModel model;
        try
        {
            model = ScheduleModel.Build(problem, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new SolveResult
            {
                Status = SolveStatus.Unknown,
                Cancelled = true,
                Explanation = "cancelled while building the model",
                Statistics = new SolveStatistics { Workers = options.Workers, Seed = options.Seed, Reproducible = options.IsReproducible },
            };
        }

        model.Pin(options.Fixed);
        if (options.ChangeWeight > 0)
        {
            model.PenalizeChanges(KnownPairs(problem, options.PreviousSchedule!.Assignments), options.ChangeWeight);
        }

        // A small pure rostering problem searched by neighbourhoods under a time limit, from no schedule or a hint:
        // column generation first (with the hint's rosters, when it keeps every hard rule), whose time comes off the
        // limit whether or not it finds a schedule. Its schedule then hints the search in place of the hint.
        var hint = (options.Hint ?? options.PreviousSchedule) is { } previous ? KnownPairs(problem, previous.Assignments) : null;
        Columns.ColumnGeneration.Outcome? columns = null;
        string? columnsNote = null;
        var hintTime = TimeSpan.Zero;
        if (options.PreviousSchedule is null && strategy == SolveStrategy.Neighbourhood && options.TimeLimit is { } limit
            && options.Fixed.Count == 0 && SolverLimits.IsSmall(problem) && Columns.ColumnGeneration.Applies(problem))
        {
            var clock = Stopwatch.StartNew();
            columns = Columns.ColumnGeneration.Solve(problem, limit, options.Workers, options.Seed, cancellationToken, hint);
            hintTime = clock.Elapsed;
            options = options with { TimeLimit = limit - hintTime };
            columnsNote = columns?.Note ?? string.Create(
                CultureInfo.InvariantCulture,
                $"column generation gave no schedule in {hintTime.TotalSeconds:0.#} s (someone has no roster that keeps their limits, pricing was too slow for the horizon, or no choice was found in time)");
            if (columns is not null)
            {
                var bound = columns.Bound ?? 0;
                progress?.Report(new SolveProgress(columns.Objective, bound, RelativeGap(columns.Objective, bound), columns.Elapsed, 1));
            }
        }

        if (columns is not null || hint is not null || options.GreedyHint)
        {
            (options, var hinting) = ApplyHint(model, columns?.Schedule ?? hint ?? GreedyScheduler.Build(problem), options, cancellationToken);
            hintTime += hinting;
        }

        if (strategy != SolveStrategy.Neighbourhood)
        {
            return Solve(model, options, progress, shortage, hintTime, cancellationToken);
        }

        var found = NeighbourhoodSearch.Solve(model, options, progress, shortage, hintTime, cancellationToken, columns);
        return columnsNote is null ? found : found with { Notes = [columnsNote, .. found.Notes] };
    }

    /// <summary>
    /// What the capacity checks (<see cref="CapacityChecks"/>) find that leaves no schedule, as one sentence (the
    /// first three findings and a count of the rest), or null when they find nothing hard.
    /// </summary>
    internal static string? Shortage(CompiledProblem problem)
    {
        var hard = CapacityChecks.Run(problem).Findings.Where(f => f.Hard).ToList();
        return hard.Count == 0
            ? null
            : string.Join("; ", hard.Take(3).Select(f => f.Message)) + (hard.Count > 3 ? $"; and {hard.Count - 3} more findings like these" : string.Empty);
    }

    /// <summary>
    /// Hints the model with a schedule, completed into a full solution within half the run's limits (the
    /// search keeps the other half even when completing fails); a model above
    /// <see cref="MaxHintCompletionConstraints"/> is hinted with the assignments alone (completing large's took
    /// 62 s of presolve for a 30 s budget). Returns the options with the time the hint took taken off the limit.
    /// </summary>
    private static (SolverOptions Options, TimeSpan HintTime) ApplyHint(
        ScheduleModel model, CompiledSchedule hint, SolverOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (model.Constraints > MaxHintCompletionConstraints)
        {
            model.Hint(hint);
        }
        else
        {
            model.HintCompleted(hint, options.TimeLimit / 2, options.DeterministicTimeLimit / 2, cancellationToken: cancellationToken);
        }

        var hintTime = clock.Elapsed;
        if (options.TimeLimit is { } limit)
        {
            options = options with { TimeLimit = limit - hintTime > TimeSpan.FromSeconds(1) ? limit - hintTime : TimeSpan.FromSeconds(1) };
        }

        return (options, hintTime);
    }

    /// <summary>Solves a built model (for callers that add hints or fix variables first).</summary>
    public static SolveResult Solve(
        ScheduleModel model, SolverOptions? options = null, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= SolverOptions.Default;
        options.Validate();
        return Solve(model, options, progress, Shortage(model.Problem), TimeSpan.Zero, cancellationToken);
    }

    // The longest the exact cost of a stopped search's schedule may take: 2 % of the time limit, at most 5 s (all
    // decision variables fixed, it takes milliseconds on the Curtois-Qu instances; on medium, 387 k constraints,
    // it does not finish in 5 s). Past it the search's own objective value stands.
    internal static TimeSpan ExactCostLimit(SolverOptions options) =>
        options.TimeLimit is { } limit && limit < TimeSpan.FromSeconds(250) ? limit * 0.02 : TimeSpan.FromSeconds(5);

    /// <summary>
    /// The search: CP-SAT on a built (and maybe hinted) model, its outcome as a result. With
    /// <paramref name="settleAfter"/> the search stops at the first moment past it (from its start) when it has a schedule.
    /// </summary>
    internal static SolveResult Solve(
        ScheduleModel model,
        SolverOptions options,
        IProgress<SolveProgress>? progress,
        string? shortage,
        TimeSpan hintTime,
        CancellationToken cancellationToken,
        TimeSpan? settleAfter = null)
    {
        var statistics = new SolveStatistics
        {
            AssignmentVariables = model.AssignmentVariables,
            Variables = model.Variables,
            Constraints = model.Constraints,
            BuildTime = model.BuildTime,
            HintTime = hintTime,
            Workers = options.Workers,
            Seed = options.Seed,
            Reproducible = options.IsReproducible,
        };

        if (cancellationToken.IsCancellationRequested)
        {
            return new SolveResult { Status = SolveStatus.Unknown, Cancelled = true, Statistics = statistics };
        }

        using var solver = new CpSolver { StringParameters = Parameters(options, model.Constraints) };
        var callback = new ProgressCallback(progress, solver.StopSearch);
        var cancelled = false;
        // CP-SAT checks its own time limit rarely while presolving a model of millions of constraints (large
        // ran 106 s on a 60 s limit); a timer stopping the search at the deadline as well cut that to 94 s,
        // the rest is presolve that neither the limit nor a stop interrupts.
        using var deadline = options.TimeLimit is { } limit
            ? new Timer(_ => solver.StopSearch(), null, limit, Timeout.InfiniteTimeSpan)
            : null;
        using var settle = settleAfter is { } after
            ? new Timer(_ => callback.Settle(), null, after, Timeout.InfiniteTimeSpan)
            : null;
        using (cancellationToken.Register(() =>
        {
            cancelled = true;
            solver.StopSearch();
        }))
        {
            callback.Clock.Start();
            var status = solver.Solve(model.Model, callback);
            var searchTime = callback.Clock.Elapsed;
            statistics = statistics with
            {
                SearchTime = searchTime,
                WallTime = model.BuildTime + hintTime + searchTime,
                TimeToFirst = callback.First,
                TimeToBest = callback.Best,
                Solutions = callback.Solutions,
            };

            if (status is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
            {
                var solution = solver.Response!.Solution;
                var schedule = model.Decode(solution);
                statistics = statistics with { HintKept = model.HintKept(solution) };
                var objective = (long)Math.Round(solver.ObjectiveValue);
                var bound = solver.BestObjectiveBound;
                var terms = model.TermValues(solution);

                // A search stopped early may leave slacks above what the schedule needs: count the schedule's own cost.
                if (status != CpSolverStatus.Optimal && options.ExactCost && model.Cost(schedule, ExactCostLimit(options), CancellationToken.None) is { } exact)
                {
                    terms = exact;
                    objective = exact.Values.Sum();
                }

                return new SolveResult
                {
                    Status = status == CpSolverStatus.Optimal ? SolveStatus.Optimal : SolveStatus.Feasible,
                    Schedule = schedule,
                    Solution = [.. solution],
                    Report = ComplianceChecker.Check(schedule),
                    Objective = objective,
                    ObjectiveTerms = terms,
                    BestBound = bound,
                    Gap = RelativeGap(objective, bound),
                    Cancelled = cancelled,
                    Statistics = statistics,
                };
            }

            if (status == CpSolverStatus.Infeasible)
            {
                return new SolveResult
                {
                    Status = SolveStatus.Infeasible,
                    Explanation = shortage ?? "no schedule meets every hard rule together; the capacity checks (people, faculty, fixed duty, hours per window) find nothing, so the conflict is between rules: `scheduler explain` names the ones that clash",
                    Statistics = statistics,
                };
            }

            if (status == CpSolverStatus.ModelInvalid)
            {
                throw new InvalidOperationException("internal error: CP-SAT rejected the model: " + model.Model.Validate());
            }

            return new SolveResult
            {
                Status = SolveStatus.Unknown,
                Cancelled = cancelled,
                Explanation = cancelled ? "cancelled before a schedule was found" : "the time limit ran out before a schedule was found",
                Statistics = statistics,
            };
        }
    }

    /// <summary>
    /// The objective of a schedule as the solver counts it, term by term (the objective is their sum), for a
    /// schedule that breaks no hard rule: each week's model with every assignment fixed and the weeks before it
    /// as history, plus fairness over the whole horizon, so a year costs about what building its model does. A
    /// problem with generic rostering rules (judged over the whole horizon) is counted in one model instead.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schedule breaks a hard rule.</exception>
    public static IReadOnlyDictionary<string, long> Evaluate(CompiledSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!SolverOptions.NeedsWholeHorizon(schedule.Problem))
        {
            return WeeklySolver.Score(schedule, cancellationToken);
        }

        var terms = ScheduleModel.Build(schedule.Problem, cancellationToken).Cost(schedule, null, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return terms ?? throw new InvalidOperationException("the schedule breaks a hard rule of the model");
    }

    /// <summary>
    /// The assignments whose person and shift the problem has, as a schedule of it (for hints: a previous
    /// schedule may name shifts the problem no longer has).
    /// </summary>
    internal static CompiledSchedule KnownPairs(CompiledProblem problem, IEnumerable<Assignment> assignments)
    {
        var pairs = new HashSet<(int Person, int Shift)>();
        foreach (var a in assignments)
        {
            if (problem.TryGetPerson(a.PersonId, out var person) && problem.TryGetShift(a.ShiftId, out var shift))
            {
                pairs.Add((person, shift));
            }
        }

        return CompiledSchedule.FromPairs(problem, pairs.ToArray());
    }

    /// <summary>(objective - bound) / max(1, |objective|).</summary>
    public static double RelativeGap(double objective, double bound) =>
        Math.Max(0, objective - bound) / Math.Max(1, Math.Abs(objective));

    /// <summary>Above this many constraints the greedy hint is given as assignments only, not completed.</summary>
    public const int MaxHintCompletionConstraints = 2_000_000;

    /// <summary>Models with at least this many constraints get a light presolve: one pass, no probing, no symmetry detection.</summary>
    public const int LightPresolveConstraints = 200_000;

    // On medium most of the first minute went to CP-SAT's presolve (probing and symmetry detection) before
    // the hinted schedule even counted; one presolve pass without them is part of what brought the first
    // schedule from 48 s to 21 s of search in the solver harness (bench/README.md). Small models keep the
    // full presolve, which helps prove optimality.
    private static string Parameters(SolverOptions options, int constraints)
    {
        var p = new List<string>
        {
            FormattableString.Invariant($"num_workers:{options.Workers}"),
            FormattableString.Invariant($"random_seed:{options.Seed}"),
            FormattableString.Invariant($"relative_gap_limit:{options.RelativeGap}"),
            "log_search_progress:false",

            // CP-SAT would otherwise take over SIGINT for the solve and stop on it by itself, so a host's own
            // Ctrl+C handling (Console.CancelKeyPress, the cancellation token) would never hear of it.
            "catch_sigint_signal:false",
            !options.Presolve ? "cp_model_presolve:false symmetry_level:0 cp_model_probing_level:0"
                : constraints >= LightPresolveConstraints ? "symmetry_level:0 max_presolve_iterations:1 cp_model_probing_level:0"
                : string.Empty,
        };

        if (options.TimeLimit is { } limit)
        {
            p.Add(string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{limit.TotalSeconds}"));
        }

        if (options.DeterministicTimeLimit is { } deterministic)
        {
            p.Add(string.Create(CultureInfo.InvariantCulture, $"max_deterministic_time:{deterministic}"));
        }

        // The caller's parameters win (validated: CP-SAT aborts the process on one it cannot parse).
        return CpSatParameters.Merge(p, options.CpSatParameters);
    }

    private sealed class ProgressCallback(IProgress<SolveProgress>? progress, Action stop) : CpSolverSolutionCallback
    {
        private bool _settled;

        public Stopwatch Clock { get; } = new();

        public int Solutions { get; private set; }

        public TimeSpan? First { get; private set; }

        public TimeSpan? Best { get; private set; }

        public override void OnSolutionCallback()
        {
            var elapsed = Clock.Elapsed;
            Solutions++;
            First ??= elapsed;
            Best = elapsed;
            var objective = (long)Math.Round(ObjectiveValue());
            var bound = BestObjectiveBound();
            progress?.Report(new SolveProgress(objective, bound, RelativeGap(objective, bound), elapsed, Solutions));
            if (Volatile.Read(ref _settled))
            {
                stop();
            }
        }

        // The settling time has come: stop now if there is a schedule, else at the first one.
        public void Settle()
        {
            Volatile.Write(ref _settled, true);
            if (Solutions > 0)
            {
                stop();
            }
        }
    }
}
