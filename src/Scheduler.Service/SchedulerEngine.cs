using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.ObjectPool;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Service;

/// <summary>A problem the engine holds: its content hash (the handle later calls use) and its compiled form.</summary>
public sealed record LoadedProblem(string Hash, CompiledProblem Problem);

/// <summary>A schedule the engine holds for a problem: its content hash and its compiled form.</summary>
public sealed record LoadedSchedule(string Hash, string ProblemHash, CompiledSchedule Schedule);

/// <summary>Why a problem has no schedule, or why a schedule's shifts are short (<see cref="SchedulerEngine.ExplainAsync(string, string?, TimeSpan?, CancellationToken)"/>).</summary>
/// <param name="Capacity">The capacity checks' findings.</param>
/// <param name="Core">The CP-SAT core, or null when none was asked for.</param>
/// <param name="ShortShifts">Each short shift of the schedule and why, or null when no schedule was given.</param>
public sealed record Explanation(CapacityReport Capacity, InfeasibilityCore? Core, IReadOnlyList<ShortShift>? ShortShifts)
{
    /// <summary>False when the problem has no schedule: a hard capacity finding, or a core.</summary>
    public bool Feasible => Capacity.Feasible && Core is not { Status: CoreStatus.Infeasible };
}

/// <summary>A minimal-change re-solve of a loaded schedule (<see cref="SchedulerEngine.ResolveAsync(string, string, ChangeRequest, SolverOptions?, ChurnLimits?, IProgress{SolveProgress}?, CancellationToken)"/>).</summary>
/// <param name="Outcome">The plan, the solve, the diff from the published schedule and the churn guard's verdict.</param>
/// <param name="ProblemHash">The changed problem, now loaded: the new schedule belongs to it.</param>
/// <param name="ScheduleHash">The new schedule, loaded for <paramref name="ProblemHash"/>; null when there is none.</param>
public sealed record Resolution(ResolveOutcome Outcome, string ProblemHash, string? ScheduleHash);

/// <summary>
/// The one entry point for embedders. Holds compiled problems, and schedules of them, by content hash (loading the
/// same content twice gives the same hash and compiles once), and answers validate, change checks (incremental),
/// solve, evaluate and export on them. Thread-safe: every method may be called from any thread at once.
/// </summary>
/// <remarks>
/// Caps: <see cref="EngineOptions.MaxProblems"/> problems and <see cref="EngineOptions.MaxSchedulesPerProblem"/>
/// schedules each, the least recently used unloaded first; a hash that names nothing loaded throws
/// <see cref="UnknownHandleException"/>. Solves and evaluations (seconds to minutes) wait for one of
/// <see cref="EngineOptions.MaxConcurrentSolves"/> slots; past <see cref="EngineOptions.MaxQueuedSolves"/> waiting
/// they are refused with <see cref="EngineBusyException"/>. Everything else runs on the caller's thread in
/// microseconds to milliseconds.
/// </remarks>
/// <example>
/// <code>
/// var engine = new SchedulerEngine();
/// var problem = engine.LoadProblem(ProblemFile.Read("problems/small.json"));
/// var result = await engine.SolveAsync(problem.Hash, new SolverOptions { TimeLimit = TimeSpan.FromSeconds(30) });
/// var schedule = engine.LoadSchedule(problem.Hash, result.Schedule!);
/// var check = engine.CheckChange(problem.Hash, schedule.Hash, new ScheduleChange(ChangeKind.Give, "res-01", "clinic-2027-07-05-am", "res-02"));
/// </code>
/// </example>
[SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim owns no handle: its wait handle is never asked for.")]
public sealed class SchedulerEngine
{
    private readonly EngineOptions _options;
    private readonly ConcurrentDictionary<string, ProblemEntry> _problems = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _solveSlots;
    private long _clock;
    private int _solvesWaitingOrRunning;

    /// <summary>Makes an engine with <paramref name="options"/> (default <see cref="EngineOptions.Default"/>).</summary>
    public SchedulerEngine(EngineOptions? options = null)
    {
        _options = options ?? EngineOptions.Default;
        _options.Validate();
        _solveSlots = new SemaphoreSlim(_options.MaxConcurrentSolves, _options.MaxConcurrentSolves);
    }

    /// <summary>The engine's limits.</summary>
    public EngineOptions Options => _options;

    /// <summary>How many problems are loaded now.</summary>
    public int ProblemCount => _problems.Count;

    /// <summary>Solves and evaluations running or waiting now.</summary>
    public int SolvesWaitingOrRunning => Volatile.Read(ref _solvesWaitingOrRunning);

    /// <summary>Validates and compiles a problem and keeps it under its content hash (once: loading it again only touches it).</summary>
    /// <exception cref="ModelException">The problem is invalid; the errors name the fields.</exception>
    public LoadedProblem LoadProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var hash = ContentHash.Of(problem);
        if (_problems.TryGetValue(hash, out var known))
        {
            Touch(known);
            return known.Loaded;
        }

        var entry = new ProblemEntry(new LoadedProblem(hash, CompiledProblem.Compile(problem)));
        Touch(entry);
        var kept = _problems.GetOrAdd(hash, entry);
        EvictBeyond(_problems, _options.MaxProblems, kept);
        return kept.Loaded;
    }

    /// <summary>Reads a problem file's bytes (MessagePack or JSON, told apart by their first byte) and loads it.</summary>
    /// <exception cref="ModelException">The bytes are not a valid problem; the errors name the fields.</exception>
    public LoadedProblem LoadProblem(ReadOnlySpan<byte> file) => LoadProblem(ProblemFile.Read(file));

    /// <summary>The loaded problem <paramref name="problemHash"/> names.</summary>
    /// <exception cref="UnknownHandleException">No such problem is loaded.</exception>
    public LoadedProblem GetProblem(string problemHash) => Problem(problemHash).Loaded;

    /// <summary>Resolves a schedule against a loaded problem and keeps it under its content hash.</summary>
    /// <exception cref="UnknownHandleException">The problem is not loaded.</exception>
    /// <exception cref="ModelException">The schedule names people or shifts the problem lacks, or an assignment twice, or records another problem's hash (path <c>problemHash</c>).</exception>
    public LoadedSchedule LoadSchedule(string problemHash, Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = Problem(problemHash);
        ScheduleFile.CheckMadeFor(schedule, problemHash);
        var hash = ContentHash.Of(schedule);
        if (problem.Schedules.TryGetValue(hash, out var known))
        {
            Touch(known);
            return known.Loaded;
        }

        return Keep(problem, new LoadedSchedule(hash, problemHash, CompiledSchedule.Compile(problem.Loaded.Problem, schedule)));
    }

    /// <summary>Keeps a compiled schedule of a loaded problem (a solve's result) under its content hash.</summary>
    /// <exception cref="UnknownHandleException">The problem is not loaded.</exception>
    /// <exception cref="ArgumentException">The schedule belongs to another compiled problem.</exception>
    public LoadedSchedule LoadSchedule(string problemHash, CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = Problem(problemHash);
        if (!ReferenceEquals(schedule.Problem, problem.Loaded.Problem))
        {
            throw new ArgumentException("the schedule was compiled against another problem", nameof(schedule));
        }

        var hash = ContentHash.Of(schedule.ToSchedule());
        return problem.Schedules.TryGetValue(hash, out var known) ? Touch(known).Loaded : Keep(problem, new LoadedSchedule(hash, problemHash, schedule));
    }

    /// <summary>Reads a schedule file's bytes (MessagePack or JSON) and loads it for a loaded problem.</summary>
    /// <exception cref="UnknownHandleException">The problem is not loaded.</exception>
    /// <exception cref="ModelException">The bytes are not a valid schedule of the problem.</exception>
    public LoadedSchedule LoadSchedule(string problemHash, ReadOnlySpan<byte> file) => LoadSchedule(problemHash, ScheduleFile.Read(file));

    /// <summary>The loaded schedule <paramref name="scheduleHash"/> names, of the loaded problem <paramref name="problemHash"/>.</summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    public LoadedSchedule GetSchedule(string problemHash, string scheduleHash) => Schedule(problemHash, scheduleHash).Loaded;

    /// <summary>
    /// Unloads the problem <paramref name="hash"/> names (with its schedules), or else every loaded schedule it names.
    /// Returns whether anything was unloaded. Calls already running on it finish.
    /// </summary>
    public bool Unload(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (_problems.TryRemove(hash, out _))
        {
            return true;
        }

        var any = false;
        foreach (var problem in _problems.Values)
        {
            any |= problem.Schedules.TryRemove(hash, out _);
        }

        return any;
    }

    /// <summary>Checks a loaded schedule against every rule (the full checker).</summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    public ComplianceReport Validate(string problemHash, string scheduleHash) =>
        ComplianceChecker.Check(Schedule(problemHash, scheduleHash).Loaded.Schedule);

    /// <summary>Checks a schedule against every rule of a loaded problem, without keeping it.</summary>
    /// <exception cref="UnknownHandleException">The problem is not loaded.</exception>
    /// <exception cref="ModelException">The schedule names people or shifts the problem lacks, or records another problem's hash (path <c>problemHash</c>).</exception>
    public ComplianceReport Validate(string problemHash, Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = Problem(problemHash).Loaded.Problem;
        ScheduleFile.CheckMadeFor(schedule, problemHash);
        return ComplianceChecker.Check(CompiledSchedule.Compile(problem, schedule));
    }

    /// <summary>Judges one change to a loaded schedule without making it: the violations it would add and remove.</summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="ModelException">
    /// The change names an unknown person or shift, or does not fit the schedule (a shift the person does not work);
    /// the error's path is the field: <c>person</c>, <c>shift</c>, <c>otherPerson</c> or <c>otherShift</c>.
    /// </exception>
    public ChangeCheck CheckChange(string problemHash, string scheduleHash, in ScheduleChange change)
    {
        var added = new ViolationSink(8);
        var removed = new ViolationSink(8);
        var legal = CheckChange(problemHash, scheduleHash, change, added, removed);
        return new ChangeCheck(legal, added.Items.ToArray(), removed.Items.ToArray());
    }

    /// <summary>
    /// Judges one change into the caller's sinks (cleared first), allocation-free for a legal change: returns true
    /// when it adds no violation of a hard rule.
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="ModelException">The change names an unknown person or shift, or does not fit the schedule.</exception>
    public bool CheckChange(string problemHash, string scheduleHash, in ScheduleChange change, ViolationSink added, ViolationSink removed)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var entry = Schedule(problemHash, scheduleHash);
        var problem = entry.Loaded.Schedule.Problem;
        var move = Move.Resolve(entry.Loaded.Schedule, change);
        added.Clear();
        removed.Clear();

        // The pooled checker is the schedule as loaded; the change is made, read, and reverted before it goes back.
        var checker = entry.Checkers.Get();
        var reverted = false;
        try
        {
            var verdict = move.Apply(checker);
            foreach (ref readonly var v in verdict.Added)
            {
                added.Add(v);
            }

            foreach (ref readonly var v in verdict.Removed)
            {
                removed.Add(v);
            }

            checker.Revert();
            reverted = true;
        }
        finally
        {
            // A checker left half-changed by an exception is dropped, not pooled.
            if (reverted)
            {
                entry.Checkers.Return(checker);
            }
        }

        foreach (ref readonly var v in added.Items)
        {
            if (!problem.IsSoft(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Solves a loaded problem on a thread of its own once a solve slot is free. Cancelling stops the search and
    /// returns the best schedule so far (or, while still waiting for a slot, a result with no schedule).
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem is not loaded.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="EngineBusyException">The solve queue is full.</exception>
    public Task<SolveResult> SolveAsync(
        string problemHash, SolverOptions? options = null, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SolveAsync(problemHash, options, progress, started: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="started"/> is called once the solve has its slot.</summary>
    internal Task<SolveResult> SolveAsync(
        string problemHash, SolverOptions? options, IProgress<SolveProgress>? progress, Action? started, CancellationToken cancellationToken)
    {
        var problem = Problem(problemHash).Loaded.Problem;
        options ??= SolverOptions.Default;
        options.Validate();
        options.StrategyFor(problem);
        return InSolveSlot(
            () =>
            {
                started?.Invoke();
                return ScheduleSolver.Solve(problem, options, progress, cancellationToken);
            },
            () => new SolveResult
            {
                Status = SolveStatus.Unknown,
                Cancelled = true,
                Explanation = "cancelled while waiting for a solve slot",
                Statistics = new SolveStatistics { Workers = options.Workers, Seed = options.Seed },
            },
            cancellationToken);
    }

    /// <summary>
    /// The objective of a loaded schedule as the solver counts it, term by term (see
    /// <see cref="ScheduleSolver.Evaluate"/>): it builds models, so it takes a solve slot.
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="InvalidOperationException">The schedule breaks a hard rule.</exception>
    /// <exception cref="EngineBusyException">The solve queue is full.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Task<IReadOnlyDictionary<string, long>> EvaluateAsync(string problemHash, string scheduleHash, CancellationToken cancellationToken = default)
    {
        var schedule = Schedule(problemHash, scheduleHash).Loaded.Schedule;
        return InSolveSlot(
            () => ScheduleSolver.Evaluate(schedule, cancellationToken),
            () => throw new OperationCanceledException(cancellationToken),
            cancellationToken);
    }

    /// <summary>What changed from one loaded schedule of a problem to another, by person and day, and the churn.</summary>
    /// <exception cref="UnknownHandleException">The problem or a schedule is not loaded.</exception>
    public ScheduleDiff Diff(string problemHash, string publishedHash, string changedHash) =>
        ScheduleDiff.Of(Schedule(problemHash, publishedHash).Loaded.Schedule, Schedule(problemHash, changedHash).Loaded.Schedule);

    /// <summary>
    /// Every legal taker and same-activity swap partner (within <paramref name="withinDays"/>) for a person's shift
    /// of a loaded schedule, the least burdened first (<see cref="SwapPartners"/>), on a pooled checker.
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="ModelException">
    /// An unknown person or shift, a shift the person does not work, or days out of 0..366; the path names the
    /// field: <c>person</c>, <c>shift</c> or <c>within</c>.
    /// </exception>
    public IReadOnlyList<SwapPartner> Partners(string problemHash, string scheduleHash, string person, string shift, int withinDays = SwapPartners.DefaultWithinDays)
    {
        var entry = Schedule(problemHash, scheduleHash);
        var schedule = entry.Loaded.Schedule;
        var problem = schedule.Problem;
        var p = problem.TryGetPerson(person, out var index) ? index : throw new ModelException("person", $"unknown person '{person}'");
        var s = problem.TryGetShift(shift, out var shiftIndex) ? shiftIndex : throw new ModelException("shift", $"unknown shift '{shift}'");
        if (schedule.PeopleOn(s).BinarySearch(p) < 0)
        {
            throw new ModelException("shift", $"{person} does not work {shift} in this schedule");
        }

        if (withinDays is < 0 or > 366)
        {
            throw new ModelException("within", $"expected 0..366 days, got {withinDays}");
        }

        // Every change tried is reverted, so the checker goes back to the pool as it came.
        var checker = entry.Checkers.Get();
        var partners = SwapPartners.Find(checker, p, s, withinDays);
        entry.Checkers.Return(checker);
        return partners;
    }

    /// <summary>
    /// Explains a loaded problem: the capacity checks (milliseconds), then, when <paramref name="coreTimeLimit"/> is
    /// given, a CP-SAT core (<see cref="InfeasibilityCores"/>) in a solve slot; with <paramref name="scheduleHash"/>,
    /// also the reasons for each short shift of that schedule.
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="EngineBusyException">The solve queue is full (only when a core is asked for).</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for a solve slot.</exception>
    public Task<Explanation> ExplainAsync(
        string problemHash, string? scheduleHash = null, TimeSpan? coreTimeLimit = null, CancellationToken cancellationToken = default) =>
        ExplainAsync(problemHash, scheduleHash, coreTimeLimit, started: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="started"/> is called once the core has its slot.</summary>
    internal Task<Explanation> ExplainAsync(
        string problemHash, string? scheduleHash, TimeSpan? coreTimeLimit, Action? started, CancellationToken cancellationToken)
    {
        var problem = Problem(problemHash).Loaded.Problem;
        var schedule = scheduleHash is null ? null : Schedule(problemHash, scheduleHash).Loaded.Schedule;
        var capacity = CapacityChecks.Run(problem);
        var shortShifts = schedule is null ? null : ShortfallReasons.Explain(schedule);
        if (coreTimeLimit is not { } limit)
        {
            started?.Invoke();
            return Task.FromResult(new Explanation(capacity, null, shortShifts));
        }

        return InSolveSlot(
            () =>
            {
                started?.Invoke();
                return new Explanation(capacity, InfeasibilityCores.Find(problem, limit, cancellationToken), shortShifts);
            },
            () => throw new OperationCanceledException(cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Re-solves a loaded schedule after <paramref name="change"/> with as few changed assignments as it can
    /// (<see cref="ChangeResolver"/>), in a solve slot. The changed problem and the new schedule are loaded, so later
    /// calls can refer to them; the churn guard's verdict comes with them (a refused schedule is loaded too: the caller
    /// decides what to do with it).
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="ModelException">The changed problem is invalid (a change file read with <see cref="ChangeFile"/> is checked already).</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="EngineBusyException">The solve queue is full.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for a solve slot.</exception>
    public Task<Resolution> ResolveAsync(
        string problemHash,
        string scheduleHash,
        ChangeRequest change,
        SolverOptions? options = null,
        ChurnLimits? limits = null,
        IProgress<SolveProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        ResolveAsync(problemHash, scheduleHash, change, options, limits, progress, started: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="started"/> is called once the re-solve has its slot.</summary>
    internal Task<Resolution> ResolveAsync(
        string problemHash, string scheduleHash, ChangeRequest change, SolverOptions? options, ChurnLimits? limits,
        IProgress<SolveProgress>? progress, Action? started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var published = Schedule(problemHash, scheduleHash).Loaded.Schedule;
        var plan = ChangeResolver.Plan(published.Problem.Source, published.ToSchedule(), change);
        options ??= SolverOptions.Default;
        return InSolveSlot(
            () =>
            {
                started?.Invoke();
                var outcome = ChangeResolver.Resolve(plan, options, limits, progress, cancellationToken);
                var changed = Keep(plan.Problem);
                var schedule = outcome.Result.Schedule is { } s
                    ? (ReferenceEquals(s.Problem, changed.Problem) ? LoadSchedule(changed.Hash, s) : LoadSchedule(changed.Hash, s.ToSchedule())).Hash
                    : null;
                return new Resolution(outcome, changed.Hash, schedule);
            },
            () => throw new OperationCanceledException(cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// N-1 (<paramref name="n"/> 1) or N-2 (2) contingency of a loaded schedule over horizon days
    /// [<paramref name="fromDay"/>, <paramref name="toDay"/>) (<see cref="Contingency"/>), in a solve slot: each
    /// person, or the <paramref name="pairs"/> likeliest pairs, taken out, ranked.
    /// </summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The days are not a part of the horizon, <paramref name="n"/> is not 1 or 2, or <paramref name="pairs"/> is not positive.</exception>
    /// <exception cref="EngineBusyException">The solve queue is full.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for a solve slot.</exception>
    public Task<IReadOnlyList<AbsenceRisk>> ContingencyAsync(
        string problemHash, string scheduleHash, int fromDay, int toDay, int n = 1, int pairs = Contingency.DefaultPairs,
        TimeSpan? solveLimit = null, CancellationToken cancellationToken = default) =>
        ContingencyAsync(problemHash, scheduleHash, fromDay, toDay, n, pairs, solveLimit, started: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="started"/> is called once the work has its slot.</summary>
    internal Task<IReadOnlyList<AbsenceRisk>> ContingencyAsync(
        string problemHash, string scheduleHash, int fromDay, int toDay, int n, int pairs, TimeSpan? solveLimit, Action? started, CancellationToken cancellationToken)
    {
        var schedule = Schedule(problemHash, scheduleHash).Loaded.Schedule;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairs);
        if (fromDay < 0 || toDay > schedule.Problem.HorizonDays || fromDay >= toDay)
        {
            throw new ArgumentOutOfRangeException(nameof(fromDay), $"expected days within 0..{schedule.Problem.HorizonDays}, got {fromDay}..{toDay}");
        }

        var limit = solveLimit ?? TimeSpan.FromSeconds(5);
        return InSolveSlot(
            () =>
            {
                started?.Invoke();
                return n == 1
                    ? Contingency.WithoutEachPerson(schedule, fromDay, toDay, limit, cancellationToken)
                    : Contingency.WithoutPairs(schedule, fromDay, toDay, pairs, limit, cancellationToken);
            },
            () => throw new OperationCanceledException(cancellationToken),
            cancellationToken);
    }

    /// <summary>Writes an export (HTML, CSV or iCalendar) of a loaded schedule; returns the number of assignments written.</summary>
    /// <exception cref="UnknownHandleException">The problem or the schedule is not loaded.</exception>
    /// <exception cref="ModelException"><paramref name="personId"/> names nobody (field <c>person</c>).</exception>
    public int Export(string problemHash, string scheduleHash, ExportFormat format, TextWriter output, string? personId = null) =>
        ScheduleExport.Write(Schedule(problemHash, scheduleHash).Loaded.Schedule, format, output, personId);

    private async Task<T> InSolveSlot<T>(Func<T> work, Func<T> cancelledWhileWaiting, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _solvesWaitingOrRunning) > _options.MaxConcurrentSolves + _options.MaxQueuedSolves)
        {
            Interlocked.Decrement(ref _solvesWaitingOrRunning);
            throw new EngineBusyException(
                $"busy: {_options.MaxConcurrentSolves} solve(s) running and {_options.MaxQueuedSolves} waiting; try again later");
        }

        try
        {
            try
            {
                await _solveSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return cancelledWhileWaiting();
            }

            try
            {
                // CP-SAT blocks its thread for the whole search: a thread of its own, not one of the pool's.
                return await Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                    .ConfigureAwait(false);
            }
            finally
            {
                _solveSlots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _solvesWaitingOrRunning);
        }
    }

    private ProblemEntry Problem(string problemHash)
    {
        ArgumentNullException.ThrowIfNull(problemHash);
        return _problems.TryGetValue(problemHash, out var entry) ? Touch(entry) : throw new UnknownHandleException("problem", problemHash);
    }

    private ScheduleEntry Schedule(string problemHash, string scheduleHash)
    {
        ArgumentNullException.ThrowIfNull(scheduleHash);
        return Problem(problemHash).Schedules.TryGetValue(scheduleHash, out var entry)
            ? Touch(entry)
            : throw new UnknownHandleException("schedule", scheduleHash);
    }

    // Keeps an already compiled problem (a changed one) under its content hash, as LoadProblem does.
    private LoadedProblem Keep(CompiledProblem problem)
    {
        var hash = ContentHash.Of(problem.Source);
        var entry = new ProblemEntry(new LoadedProblem(hash, problem));
        Touch(entry);
        var kept = _problems.GetOrAdd(hash, entry);
        Touch(kept);
        EvictBeyond(_problems, _options.MaxProblems, kept);
        return kept.Loaded;
    }

    private LoadedSchedule Keep(ProblemEntry problem, LoadedSchedule loaded)
    {
        var entry = new ScheduleEntry(loaded);
        Touch(entry);
        var kept = problem.Schedules.GetOrAdd(loaded.Hash, entry);
        EvictBeyond(problem.Schedules, _options.MaxSchedulesPerProblem, kept);
        return kept.Loaded;
    }

    private T Touch<T>(T entry)
        where T : Entry
    {
        // A logical clock, not the time: strictly ordered, so the least recently used is well defined.
        Volatile.Write(ref entry.LastUsed, Interlocked.Increment(ref _clock));
        return entry;
    }

    /// <summary>Unloads the least recently used entries (never <paramref name="keep"/>) until at most <paramref name="cap"/> remain.</summary>
    private static void EvictBeyond<T>(ConcurrentDictionary<string, T> entries, int cap, T keep)
        where T : Entry
    {
        // The caps are small (tens), so a scan per load costs nothing next to the compile that came before it.
        while (entries.Count > cap)
        {
            KeyValuePair<string, T>? oldest = null;
            foreach (var pair in entries)
            {
                if (!ReferenceEquals(pair.Value, keep) && (oldest is null || Volatile.Read(ref pair.Value.LastUsed) < Volatile.Read(ref oldest.Value.Value.LastUsed)))
                {
                    oldest = pair;
                }
            }

            if (oldest is not { } victim)
            {
                return;
            }

            entries.TryRemove(victim);
        }
    }

    private abstract class Entry
    {
        public long LastUsed;
    }

    private sealed class ProblemEntry(LoadedProblem loaded) : Entry
    {
        public LoadedProblem Loaded { get; } = loaded;

        public ConcurrentDictionary<string, ScheduleEntry> Schedules { get; } = new(StringComparer.Ordinal);
    }

    private sealed class ScheduleEntry : Entry
    {
        public ScheduleEntry(LoadedSchedule loaded)
        {
            Loaded = loaded;
            Checkers = new DefaultObjectPool<IncrementalChecker>(new CheckerPolicy(loaded.Schedule), Environment.ProcessorCount * 2);
        }

        public LoadedSchedule Loaded { get; }

        /// <summary>Checkers of the schedule as loaded: one per concurrent change check, built on first need.</summary>
        public ObjectPool<IncrementalChecker> Checkers { get; }
    }

    private sealed class CheckerPolicy(CompiledSchedule schedule) : IPooledObjectPolicy<IncrementalChecker>
    {
        public IncrementalChecker Create() => new(schedule.Problem, schedule);

        // Only checkers whose change was reverted come back (see CheckChange).
        public bool Return(IncrementalChecker obj) => true;
    }

    /// <summary>A <see cref="ScheduleChange"/> resolved to indices and checked against the schedule.</summary>
    private readonly record struct Move(ChangeKind Kind, int Person, int Shift, int OtherPerson, int OtherShift)
    {
        public static Move Resolve(CompiledSchedule schedule, in ScheduleChange change)
        {
            var problem = schedule.Problem;
            var person = PersonIndex(problem, change.Person, "person");
            var shift = ShiftIndex(problem, change.Shift, "shift");
            var works = Works(schedule, person, shift);
            switch (change.Kind)
            {
                case ChangeKind.Add:
                    Require(!works, "shift", $"'{change.Person}' already works '{change.Shift}'");
                    return new Move(ChangeKind.Add, person, shift, -1, -1);
                case ChangeKind.Remove:
                    Require(works, "shift", $"'{change.Person}' does not work '{change.Shift}'");
                    return new Move(ChangeKind.Remove, person, shift, -1, -1);
                case ChangeKind.Give:
                {
                    Require(works, "shift", $"'{change.Person}' does not work '{change.Shift}'");
                    var other = PersonIndex(problem, change.OtherPerson, "otherPerson");
                    Require(other != person, "otherPerson", "a person cannot give a shift to themselves");
                    Require(!Works(schedule, other, shift), "otherPerson", $"'{change.OtherPerson}' already works '{change.Shift}'");
                    return new Move(ChangeKind.Give, person, shift, other, -1);
                }

                case ChangeKind.Swap:
                {
                    Require(works, "shift", $"'{change.Person}' does not work '{change.Shift}'");
                    var other = PersonIndex(problem, change.OtherPerson, "otherPerson");
                    Require(other != person, "otherPerson", "a person cannot swap with themselves");
                    var otherShift = ShiftIndex(problem, change.OtherShift, "otherShift");
                    Require(Works(schedule, other, otherShift), "otherShift", $"'{change.OtherPerson}' does not work '{change.OtherShift}'");
                    Require(!Works(schedule, other, shift), "otherPerson", $"'{change.OtherPerson}' already works '{change.Shift}'");
                    Require(!Works(schedule, person, otherShift), "otherShift", $"'{change.Person}' already works '{change.OtherShift}'");
                    return new Move(ChangeKind.Swap, person, shift, other, otherShift);
                }

                default:
                    throw new ModelException("kind", $"unknown change kind {(int)change.Kind}");
            }
        }

        public VerdictChange Apply(IncrementalChecker checker) => Kind switch
        {
            ChangeKind.Add => checker.Add(Person, Shift),
            ChangeKind.Remove => checker.Remove(Person, Shift),
            ChangeKind.Give => checker.Reassign(Shift, Person, OtherPerson),
            _ => checker.Swap(Person, Shift, OtherPerson, OtherShift),
        };

        private static bool Works(CompiledSchedule schedule, int person, int shift) => schedule.PeopleOn(shift).BinarySearch(person) >= 0;

        private static int PersonIndex(CompiledProblem problem, string? id, string field) =>
            id is null ? throw new ModelException(field, "missing")
            : problem.TryGetPerson(id, out var person) ? person
            : throw new ModelException(field, $"unknown person '{id}'");

        private static int ShiftIndex(CompiledProblem problem, string? id, string field) =>
            id is null ? throw new ModelException(field, "missing")
            : problem.TryGetShift(id, out var shift) ? shift
            : throw new ModelException(field, $"unknown shift '{id}'");

        private static void Require(bool condition, string field, string message)
        {
            if (!condition)
            {
                throw new ModelException(field, message);
            }
        }
    }
}
