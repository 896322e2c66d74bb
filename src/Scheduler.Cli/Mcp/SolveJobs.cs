using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Service;
using Scheduler.Solver;

namespace Scheduler.Cli.Mcp;

/// <summary>Where a solve job is: waiting for a solve slot, searching, or ended one of three ways.</summary>
internal enum JobState
{
    /// <summary>Waiting for a solve slot.</summary>
    Queued,

    /// <summary>Searching.</summary>
    Running,

    /// <summary>The solve ended with a result (a schedule, or why there is none); a cancelled search ends here too.</summary>
    Done,

    /// <summary>Cancelled while it still waited for a slot: nothing was searched.</summary>
    Cancelled,

    /// <summary>The solve or the writing of its schedule threw; the error says why.</summary>
    Failed,
}

/// <summary>
/// The solves the MCP server runs in the background: each a job with an id, started by the <c>solve</c> tool and
/// read by <c>solve_status</c>, so that no tool call waits for a search. Thread-safe.
/// </summary>
/// <remarks>
/// The engine's solve slots and queue are the jobs' own: a job is queued until the engine gives it a slot (the
/// engine's start callback), and a job past <see cref="EngineOptions.MaxQueuedSolves"/> waiting is refused. Ended jobs
/// are kept for <c>solve_status</c> until <see cref="KeptEnded"/> newer ones have ended.
/// </remarks>
internal sealed class SolveJobs(SchedulerEngine engine, TextWriter log)
{
    /// <summary>Ended jobs kept for <c>solve_status</c>; the oldest ended is dropped first.</summary>
    public const int KeptEnded = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SolveJob> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<SolveJob> _ended = new();
    private int _next;

    /// <summary>Starts a job that solves <paramref name="problem"/> and writes its schedule to <paramref name="output"/>.</summary>
    /// <exception cref="EngineBusyException">As many jobs as the engine queues already wait for a slot.</exception>
    public SolveJob Start(LoadedProblem problem, string problemPath, SolverOptions options, Func<string, string> output) =>
        Start(problem, problemPath, options, output, async job =>
        {
            var result = await engine.SolveAsync(problem.Hash, options, job, job.Started, job.CancellationToken).ConfigureAwait(false);
            return new JobRun(result, Stamped(result, problem.Hash), null);
        });

    /// <summary>
    /// Starts a job that re-solves <paramref name="scheduleHash"/> of <paramref name="problem"/> after
    /// <paramref name="change"/> and writes the new schedule to <paramref name="output"/>, unless the churn guard
    /// refuses it and <paramref name="force"/> is false.
    /// </summary>
    /// <exception cref="EngineBusyException">As many jobs as the engine queues already wait for a slot.</exception>
    /// <exception cref="ModelException">The changed problem is invalid.</exception>
    public SolveJob StartResolve(
        LoadedProblem problem, string problemPath, string scheduleHash, ChangeRequest change, SolverOptions options, bool force, Func<string, string> output) =>
        Start(problem, problemPath, options, output, async job =>
        {
            var resolution = await engine.ResolveAsync(problem.Hash, scheduleHash, change, options, null, job, job.Started, job.CancellationToken).ConfigureAwait(false);
            var (plan, result, diff, verdict) = resolution.Outcome;
            var churn = diff is null || verdict is null ? null : new JobChurn(
                plan.Problem.Source.StartDate.AddDays(plan.FromDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                plan.Problem.Source.StartDate.AddDays(plan.ToDay - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                diff.RemovedCount, diff.AddedCount, diff.Changes.Count, Math.Round(diff.Churn, 4), verdict.Refused, verdict.Reasons, verdict.Warnings);
            var write = verdict is { Refused: false } || force;

            // As `scheduler resolve`: recorded as made for the problem file given, which later calls name again.
            return new JobRun(result, write ? Stamped(result, problem.Hash) : null, churn);
        });

    // The result's schedule, recorded as made for the problem the job was given.
    private static Schedule? Stamped(SolveResult result, string problemHash) =>
        result.Schedule is { } schedule ? schedule.ToSchedule() with { ProblemHash = problemHash } : null;

    private SolveJob Start(LoadedProblem problem, string problemPath, SolverOptions options, Func<string, string> output, Func<SolveJob, Task<JobRun>> run)
    {
        SolveJob job;
        lock (_lock)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"job-{++_next}");
            job = new SolveJob(id, problem, problemPath, output(id), options);
        }

        // The engine refuses a solve past its queue, and a change it cannot apply, before the task first waits:
        // both are known at once.
        var solve = run(job);
        if (solve.IsFaulted && solve.Exception.InnerException is ModelException bad)
        {
            throw bad;
        }

        if (solve.IsFaulted && solve.Exception.InnerException is EngineBusyException busy)
        {
            throw new EngineBusyException($"{busy.Message}; wait for a job to end, or cancel one with solve_cancel");
        }

        lock (_lock)
        {
            _jobs.Add(job.Id, job);
        }

        log.WriteLine($"scheduler mcp: {job.Id}: queued {problemPath}");
        _ = FinishAsync(job, solve);
        return job;
    }

    /// <summary>The job <paramref name="id"/> names, or null when there is none (never started, or dropped long after it ended).</summary>
    public SolveJob? Find(string id)
    {
        lock (_lock)
        {
            return _jobs.GetValueOrDefault(id);
        }
    }

    /// <summary>Cancels every job that has not ended and waits up to <paramref name="timeout"/> for them to end (shutdown).</summary>
    public async Task CancelAllAsync(TimeSpan timeout)
    {
        SolveJob[] open;
        lock (_lock)
        {
            open = [.. _jobs.Values.Where(j => !j.Ended.IsCompleted)];
        }

        foreach (var job in open)
        {
            job.Cancel();
        }

        await Task.WhenAny(Task.WhenAll(open.Select(j => j.Ended)), Task.Delay(timeout)).ConfigureAwait(false);
    }

    private async Task FinishAsync(SolveJob job, Task<JobRun> solve)
    {
        try
        {
            var (result, schedule, churn) = await solve.ConfigureAwait(false);
            if (job.State == JobState.Queued)
            {
                job.End(JobState.Cancelled); // cancelled while it waited for a slot: nothing was searched
                return;
            }

            string? written = null;
            if (schedule is not null)
            {
                ScheduleFile.Write(schedule, job.OutputPath);
                written = job.OutputPath;
            }

            job.End(JobState.Done, result, written, churn: churn);
            log.WriteLine($"scheduler mcp: {job.Id}: {SolveCommand.StatusText(result)}{(written is null ? "" : $"; schedule written to {written}")}");
        }
#pragma warning disable CA1031 // A job that throws is reported through solve_status; nothing may escape a background task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            job.End(JobState.Failed, error: e is ModelException or IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            log.WriteLine($"scheduler mcp: {job.Id}: failed: {e}");
        }
        finally
        {
            Forget(job);
        }
    }

    /// <summary>Keeps <paramref name="ended"/> for solve_status and drops the oldest ended jobs beyond <see cref="KeptEnded"/>.</summary>
    private void Forget(SolveJob ended)
    {
        lock (_lock)
        {
            _ended.Enqueue(ended);
            while (_ended.Count > KeptEnded)
            {
                _jobs.Remove(_ended.Dequeue().Id);
            }
        }
    }
}

/// <summary>One background solve: its settings, its latest progress, and its outcome once it has ended. Thread-safe.</summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The CancellationTokenSource has no timer and links to nothing: it holds nothing to release.")]
internal sealed class SolveJob : IProgress<SolveProgress>
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private JobState _state = JobState.Queued;
    private SolveProgress? _progress;
    private SolveResult? _result;
    private string? _written;
    private string? _error;
    private JobChurn? _churn;
    private TimeSpan? _startedAt;

    /// <summary>Makes a queued job.</summary>
    public SolveJob(string id, LoadedProblem problem, string problemPath, string outputPath, SolverOptions options)
    {
        Id = id;
        Problem = problem;
        ProblemPath = problemPath;
        OutputPath = outputPath;
        Options = options;
    }

    /// <summary>The job's id, unique in this server.</summary>
    public string Id { get; }

    /// <summary>The problem being solved.</summary>
    public LoadedProblem Problem { get; }

    /// <summary>The problem file's full path.</summary>
    public string ProblemPath { get; }

    /// <summary>Where the schedule is written when the solve finds one.</summary>
    public string OutputPath { get; }

    /// <summary>The solver's settings.</summary>
    public SolverOptions Options { get; }

    /// <summary>Completes once the job has ended (its schedule, if any, written).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Stops the search (keeping the best schedule so far) or, while queued, the wait.</summary>
    public CancellationToken CancellationToken => _stop.Token;

    /// <summary>The current state.</summary>
    public JobState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Asks the job to stop; a running search ends with the best schedule so far.</summary>
    public void Cancel() => _stop.Cancel();

    /// <summary>Keeps the latest improving solution (called on the solver's thread).</summary>
    public void Report(SolveProgress value)
    {
        lock (_lock)
        {
            _progress = value;
        }
    }

    /// <summary>The job got its slot and starts searching (called by the engine, on the solve's thread).</summary>
    public void Started()
    {
        lock (_lock)
        {
            _state = JobState.Running;
            _startedAt = _clock.Elapsed;
        }
    }

    /// <summary>The job has ended: records how, then completes <see cref="Ended"/>.</summary>
    public void End(JobState state, SolveResult? result = null, string? written = null, string? error = null, JobChurn? churn = null)
    {
        lock (_lock)
        {
            _state = state;
            _result = result;
            _written = written;
            _error = error;
            _churn = churn;
            _clock.Stop();
        }

        _ended.TrySetResult();
    }

    /// <summary>What <c>solve_status</c> reports: state, latest progress and, once done, the outcome.</summary>
    public JobStatus Status()
    {
        lock (_lock)
        {
            return new JobStatus(
                Id,
                StateName(_state),
                ProblemPath,
                OutputPath,
                Seconds(_clock.Elapsed),
                _startedAt is { } started ? Seconds(_clock.Elapsed - started) : null,
                _stop.IsCancellationRequested,
                _progress is { } p ? new JobProgress(p.Objective, Finite(p.BestBound), Finite(p.Gap), Seconds(p.Elapsed), p.Solutions, p.Weeks > 0 ? p.Week : null, p.Weeks > 0 ? p.Weeks : null) : null,
                _result is { } r ? Outcome(r, _written) : null,
                _churn,
                _error);
        }
    }

    private static JobOutcome Outcome(SolveResult r, string? written) => new(
        SolveCommand.StatusName(r.Status),
        SolveCommand.StatusText(r),
        r.Cancelled,
        r.Objective,
        r.Objective is null ? null : Finite(r.BestBound),
        r.Gap is { } gap ? Finite(gap) : null,
        r.ObjectiveTerms.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => ReportOutput.CamelCase(t.Key), t => t.Value),
        r.Report?.HardCount,
        r.Report is { } report ? report.Violations.Count - report.HardCount : null,
        written,
        r.Schedule?.AssignmentCount,
        r.Explanation,
        r.Notes,
        r.Strategy.ToString().ToLowerInvariant(),
        Seconds(r.Statistics.WallTime),
        r.Statistics.Reproducible);

    private static string StateName(JobState state) => state.ToString().ToLowerInvariant();

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;
}

/// <summary>A job as <c>solve</c>, <c>solve_status</c> and <c>solve_cancel</c> return it.</summary>
/// <param name="Job">The job's id.</param>
/// <param name="State">queued, running, done, cancelled (while queued: nothing searched) or failed.</param>
/// <param name="Problem">The problem file.</param>
/// <param name="Output">The file the schedule is written to when the solve finds one.</param>
/// <param name="ElapsedSeconds">Since the job was started, or until it ended.</param>
/// <param name="SearchSeconds">Since it got its solve slot (null while queued).</param>
/// <param name="CancelRequested">solve_cancel (or the server's shutdown) asked it to stop.</param>
/// <param name="Progress">The latest improving solution, or null before the first.</param>
/// <param name="Result">Once done: the outcome.</param>
/// <param name="Change">Once a resolve job is done with a schedule: the changes and the churn guard's verdict; null for a solve.</param>
/// <param name="Error">Once failed: why.</param>
internal sealed record JobStatus(
    string Job, string State, string Problem, string Output, double ElapsedSeconds, double? SearchSeconds, bool CancelRequested, JobProgress? Progress,
    JobOutcome? Result, JobChurn? Change, string? Error);

/// <summary>
/// What a resolve changed: the dates re-solved, assignments removed and added, changed person-days, churn (0..1), and
/// the churn guard's verdict (refused: the schedule was not written unless forced; the reasons and warnings as sentences).
/// </summary>
internal sealed record JobChurn(
    string From, string To, int Removed, int Added, int ChangedDays, double Churn, bool Refused, IReadOnlyList<string> Reasons, IReadOnlyList<string> Warnings);

/// <summary>What a job's work gave: the solve's result, the schedule to write (null: none, or refused), and for a resolve its changes.</summary>
internal sealed record JobRun(SolveResult Result, Schedule? Schedule, JobChurn? Churn);

/// <summary>
/// An improving solution: objective, best bound, gap, time since the search started, solutions so far; with the weekly
/// strategy, the week being solved and the number of weeks (null otherwise).
/// </summary>
internal sealed record JobProgress(long Objective, double? Bound, double? Gap, double ElapsedSeconds, int Solutions, int? Week, int? Weeks);

/// <summary>What a finished solve found; <c>Schedule</c> is the file written, null when there is no schedule.</summary>
internal sealed record JobOutcome(
    string Status, string StatusText, bool Cancelled, long? Objective, double? Bound, double? Gap, IReadOnlyDictionary<string, long> Terms,
    int? HardViolations, int? SoftViolations, string? Schedule, int? Assignments, string? Explanation, IReadOnlyList<string> Notes,
    string Strategy, double WallSeconds, bool Reproducible);
