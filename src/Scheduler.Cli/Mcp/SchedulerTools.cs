using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Service;
using Scheduler.Solver;

namespace Scheduler.Cli.Mcp;

/// <summary>
/// The tools of <c>scheduler mcp</c>, on a <see cref="SchedulerEngine"/>: validate, solve and resolve (background
/// jobs), solve_status, solve_cancel, check_swap, explain, partners and diff. Files are read on every call; the engine compiles each content once.
/// Bad input throws <see cref="McpException"/> with "field: what is wrong", which the server returns as a tool error.
/// </summary>
internal sealed class SchedulerTools(SchedulerEngine engine, SolveJobs jobs, Func<string> outputFolder)
{
    /// <summary>The longest solve_status waits for a job to end, in seconds.</summary>
    public const double MaxWaitSeconds = 5;

    /// <summary>The longest time limit, wall-clock or deterministic, a solve may ask for, in seconds.</summary>
    public const double MaxTimeLimitSeconds = 3600;

    private const string PathNote = " (absolute, or relative to the server's working directory)";

    /// <summary>The validate tool.</summary>
    [McpServerTool(Name = "validate", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Checks a schedule against every ACGME duty-hour rule and the program's own rules. Returns compliant (true when no hard rule is broken; soft violations are counted apart), "
        + "hard and soft violation counts (soft: rules the problem's objective prices instead of forbidding, such as coverage shortfalls in generated programs), "
        + "the count per rule, and the first violations as sentences (hard ones first), each with its rule. Takes milliseconds.")]
    public ValidateResult Validate(
        [Description("Problem file: .msgpack or .json, or a Curtois-Qu benchmark instance (.txt)" + PathNote + ".")] string problem,
        [Description("Schedule file of that problem (.msgpack or .json)" + PathNote + ".")] string schedule,
        [Description("How many violations to list as sentences, 0..1000; default 20. The counts always cover all of them.")] int max = 20)
    {
        Require(max is >= 0 and <= 1000, "max", $"expected 0..1000, got {max}");
        var loaded = LoadProblem(problem);
        var report = engine.Validate(loaded.Hash, LoadSchedule(loaded, schedule).Hash);
        var listed = report.Violations.Where(v => !report.IsSoft(v)).Concat(report.Violations.Where(report.IsSoft)).Take(max);
        return new ValidateResult(
            loaded.Problem.Source.Name,
            report.IsCompliant,
            ReportOutput.Verdict(report),
            report.HardCount,
            report.Violations.Count - report.HardCount,
            Enum.GetValues<RuleId>().Where(r => report.Count(r) > 0).ToDictionary(ReportOutput.JsonName, report.Count),
            [.. listed.Select(v => Describe(report.Problem, v))],
            Math.Max(0, report.Violations.Count - max));
    }

    /// <summary>The solve tool.</summary>
    [McpServerTool(Name = "solve", ReadOnly = false, Idempotent = false, OpenWorld = false)]
    [Description("Starts building a schedule for a problem with the CP-SAT solver, in the background, and returns at once with a job id. "
        + "Poll solve_status with the id to follow the search and get the result (the schedule is written to a file whose path solve_status returns); "
        + "solve_cancel stops the search early and keeps the best schedule found so far. Solves run one at a time by default; later ones queue.")]
    public JobStatus Solve(
        [Description("Problem file: .msgpack or .json, or a Curtois-Qu benchmark instance (.txt)" + PathNote + ".")] string problem,
        [Description("Wall-clock limit of the search in seconds, up to 3600. Default 60; none when only deterministicTime is given.")] double? timeLimitSeconds = null,
        [Description("CP-SAT's deterministic time limit (machine-independent work units, about seconds), up to 3600. With workers 1 and no timeLimitSeconds the result is reproducible.")] double? deterministicTime = null,
        [Description("CP-SAT search workers, 1..64; default 8.")] int? workers = null,
        [Description("Random seed of the search; default 1.")] int? seed = null,
        [Description("Schedule file to write (.msgpack, .mpk or .json; the extension picks the format)" + PathNote
            + ". Default: a new file in a folder the server makes under the system's temporary folder.")] string? output = null)
    {
        Require(timeLimitSeconds is null || (timeLimitSeconds > 0 && timeLimitSeconds <= MaxTimeLimitSeconds), "timeLimitSeconds",
            $"expected a number of seconds above 0 and at most {MaxTimeLimitSeconds}, got {timeLimitSeconds}");
        Require(deterministicTime is null || (deterministicTime > 0 && deterministicTime <= MaxTimeLimitSeconds), "deterministicTime",
            $"expected a number above 0 and at most {MaxTimeLimitSeconds}, got {deterministicTime}");
        Require(workers is null or (>= 1 and <= 64), "workers", $"expected 1..64, got {workers}");
        var outputPath = output is null ? null : OutputPath(output);
        var problemPath = FullPath(problem, "problem");
        Require(outputPath != problemPath, "output", "is the problem file itself: name another file for the schedule");
        var loaded = LoadProblem(problemPath);
        var options = new SolverOptions
        {
            // As on the command line: a deterministic limit alone stops the search, so the run can be reproducible.
            TimeLimit = timeLimitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : deterministicTime is null ? SolverOptions.Default.TimeLimit : null,
            DeterministicTimeLimit = deterministicTime,
            Workers = workers ?? SolverOptions.Default.Workers,
            Seed = seed ?? SolverOptions.Default.Seed,
        };
        var name = Path.GetFileNameWithoutExtension(problemPath);
        try
        {
            return jobs.Start(loaded, problemPath, options, id => outputPath ?? Path.Combine(outputFolder(), $"{name}-{id}.schedule.msgpack")).Status();
        }
        catch (EngineBusyException e)
        {
            throw new McpException(e.Message);
        }
    }

    /// <summary>The resolve tool.</summary>
    [McpServerTool(Name = "resolve", ReadOnly = false, Idempotent = false, OpenWorld = false)]
    [Description("Starts re-solving a published schedule after a change (new absences, people leaving or arriving, coverage changes, pinned assignments, a frozen period: "
        + "a change file, problems/README.md \"Change file\") with as few changed assignments as it can, in the background, and returns at once with a job id, as solve does. "
        + "Poll solve_status: once done it also gives the change (dates re-solved, assignments removed and added, churn) and the churn guard's verdict; a schedule the guard "
        + "refuses (above 20 % churn overall or 50 % for anyone) is not written unless force is true. A long horizon is re-solved only around the days the change touches.")]
    public JobStatus Resolve(
        [Description("Problem file: .msgpack or .json" + PathNote + ".")] string problem,
        [Description("The published schedule of that problem (.msgpack or .json)" + PathNote + ".")] string schedule,
        [Description("The change file (.json or .msgpack)" + PathNote + ".")] string change,
        [Description("Wall-clock limit of the search in seconds, up to 3600; default 60.")] double? timeLimitSeconds = null,
        [Description("CP-SAT search workers, 1..64; default 8.")] int? workers = null,
        [Description("Random seed of the search; default 1.")] int? seed = null,
        [Description("Write the new schedule even when the churn guard refuses it; default false.")] bool force = false,
        [Description("Schedule file to write (.msgpack, .mpk or .json)" + PathNote
            + ". Default: a new file in a folder the server makes under the system's temporary folder.")] string? output = null)
    {
        Require(timeLimitSeconds is null || (timeLimitSeconds > 0 && timeLimitSeconds <= MaxTimeLimitSeconds), "timeLimitSeconds",
            $"expected a number of seconds above 0 and at most {MaxTimeLimitSeconds}, got {timeLimitSeconds}");
        Require(workers is null or (>= 1 and <= 64), "workers", $"expected 1..64, got {workers}");
        var outputPath = output is null ? null : OutputPath(output);
        var problemPath = FullPath(problem, "problem");
        var loaded = LoadProblem(problemPath);
        var published = LoadSchedule(loaded, schedule);
        Require(outputPath != FullPath(schedule, "schedule"), "output", "is the published schedule itself: name another file for the new one");
        var changePath = FullPath(change, "change");
        ChangeRequest request;
        try
        {
            request = ChangeFile.Read(Read(changePath, "change"), loaded.Problem);
        }
        catch (ModelException e)
        {
            throw new McpException($"change: {Message(e)}");
        }

        var options = new SolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(timeLimitSeconds ?? 60),
            Workers = workers ?? SolverOptions.Default.Workers,
            Seed = seed ?? SolverOptions.Default.Seed,
        };
        var name = Path.GetFileNameWithoutExtension(problemPath);
        try
        {
            return jobs.StartResolve(loaded, problemPath, published.Hash, request, options, force, id => outputPath ?? Path.Combine(outputFolder(), $"{name}-{id}.schedule.msgpack")).Status();
        }
        catch (EngineBusyException e)
        {
            throw new McpException(e.Message);
        }
        catch (ModelException e)
        {
            throw new McpException($"change: {Message(e)}");
        }
    }

    /// <summary>The solve_status tool.</summary>
    [McpServerTool(Name = "solve_status", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Reports a solve job: state (queued, running, done, cancelled: stopped while still queued, or failed), the latest improving solution "
        + "(objective, bound, gap, elapsed seconds, solutions found), and once done the result: status (optimal, feasible, infeasible or unknown), "
        + "objective and its terms, gap, hard and soft violations, the schedule file written (null when none was found) and the explanation when there is no schedule. "
        + "Waits up to waitSeconds for the job to end, never longer, so call it again while the state is queued or running.")]
    public async Task<JobStatus> SolveStatus(
        [Description("The job id solve returned.")] string job,
        [Description("Seconds to wait for the job to end before answering, 0..5; default 2.")] double waitSeconds = 2,
        CancellationToken cancellationToken = default)
    {
        Require(waitSeconds is >= 0 and <= MaxWaitSeconds, "waitSeconds", $"expected 0..{MaxWaitSeconds}, got {waitSeconds}");
        var found = Job(job);
        await WaitAsync(found, waitSeconds, cancellationToken).ConfigureAwait(false);
        return found.Status();
    }

    /// <summary>The solve_cancel tool.</summary>
    [McpServerTool(Name = "solve_cancel", ReadOnly = false, Idempotent = true, OpenWorld = false)]
    [Description("Stops a solve job. A running search stops and keeps the best schedule found so far: the job ends as done with cancelled true, "
        + "and its schedule is written as usual. A job still queued ends as cancelled. Waits up to 2 seconds for the job to end, then reports it as solve_status does.")]
    public async Task<JobStatus> SolveCancel(
        [Description("The job id solve returned.")] string job,
        CancellationToken cancellationToken = default)
    {
        var found = Job(job);
        found.Cancel();
        await WaitAsync(found, 2, cancellationToken).ConfigureAwait(false);
        return found.Status();
    }

    /// <summary>The check_swap tool.</summary>
    [McpServerTool(Name = "check_swap", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Judges one change to a schedule without making it: legal is true when the change adds no violation of a hard rule. "
        + "Returns the violations the change would add and those it would remove, as sentences with their rules. Kinds: swap (person gives shift to otherPerson "
        + "and takes otherShift from them), give (person gives shift to otherPerson), add (person takes shift), remove (person leaves shift). Takes microseconds.")]
    public CheckSwapResult CheckSwap(
        [Description("Problem file: .msgpack or .json, or a Curtois-Qu benchmark instance (.txt)" + PathNote + ".")] string problem,
        [Description("Schedule file of that problem (.msgpack or .json)" + PathNote + ".")] string schedule,
        [Description("swap, give, add or remove.")] string kind,
        [Description("Id of the person who gives, takes or leaves a shift, as in the problem file.")] string person,
        [Description("Id of that person's shift, as in the problem file.")] string shift,
        [Description("swap and give: id of the other person.")] string? otherPerson = null,
        [Description("swap: id of the other person's shift, which they give in return.")] string? otherShift = null)
    {
        var index = Array.FindIndex([.. ScheduleChange.KindNames], name => string.Equals(name, kind, StringComparison.OrdinalIgnoreCase));
        Require(index >= 0, "kind", $"expected {string.Join(", ", ScheduleChange.KindNames)}, got '{kind}'");
        var loaded = LoadProblem(problem);
        var scheduleHash = LoadSchedule(loaded, schedule).Hash;
        ChangeCheck check;
        try
        {
            check = engine.CheckChange(loaded.Hash, scheduleHash, new ScheduleChange((ChangeKind)index, person, shift, otherPerson, otherShift));
        }
        catch (ModelException e)
        {
            // The change's errors name its own fields (person, shift, otherPerson, otherShift): the tool's parameters.
            throw new McpException(Message(e));
        }

        return new CheckSwapResult(
            check.Legal,
            [.. check.Added.Select(v => Describe(loaded.Problem, v))],
            [.. check.Removed.Select(v => Describe(loaded.Problem, v))]);
    }

    /// <summary>The explain tool.</summary>
    [McpServerTool(Name = "explain", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Explains why a problem has no schedule, or why shifts are short. Returns feasible (false when no schedule can exist), the capacity findings "
        + "(counts of people, faculty and hours against what shifts need, each a sentence; hard ones leave no schedule, the others leave shifts short where coverage is soft), "
        + "the core (the rules for given people, shift minimums and absences that cannot all hold together, each needed: status feasible, infeasible or unknown when the "
        + "time ran out) and, given a schedule, each short shift with every eligible person's reason (absent, overlapping, wouldBreak, free). "
        + "Takes at most timeLimitSeconds (5 at most; `scheduler explain` takes longer limits).")]
    public async Task<ExplainResult> Explain(
        [Description("Problem file: .msgpack or .json, or a Curtois-Qu benchmark instance (.txt)" + PathNote + ".")] string problem,
        [Description("Optional schedule file of that problem (.msgpack or .json)" + PathNote + ": also explain its short shifts.")] string? schedule = null,
        [Description("Seconds for the core search, 0.1..5; default 5.")] double timeLimitSeconds = MaxWaitSeconds,
        CancellationToken cancellationToken = default)
    {
        Require(timeLimitSeconds is >= 0.1 and <= MaxWaitSeconds, "timeLimitSeconds", $"expected 0.1..{MaxWaitSeconds}, got {timeLimitSeconds}");
        var loaded = LoadProblem(problem);
        var scheduleHash = schedule is null ? null : LoadSchedule(loaded, schedule).Hash;
        var explanation = await engine.ExplainAsync(loaded.Hash, scheduleHash, TimeSpan.FromSeconds(timeLimitSeconds), cancellationToken).ConfigureAwait(false);
        var compiled = loaded.Problem;
        return new ExplainResult(
            explanation.Feasible,
            [.. explanation.Capacity.Findings.Select(f => new ExplainFinding(ReportOutput.CamelCase(f.Kind.ToString()), f.Hard, f.Message))],
            ReportOutput.CamelCase(explanation.Core!.Status.ToString()),
            [.. explanation.Core.Items.Select(i => i.Message)],
            explanation.ShortShifts?.Select(x => new ExplainShortShift(
                compiled.ShiftId(x.Shift), x.Assigned, x.Needed, x.Mend is { } mend ? compiled.PersonId(mend.Person) : null,
                x.Candidates.ToDictionary(c => compiled.PersonId(c.Person), c => ReportOutput.CamelCase(c.Reason.ToString())))).ToArray());
    }

    /// <summary>The partners tool.</summary>
    [McpServerTool(Name = "partners", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists every legal taker of one person's shift and every legal swap for it (a shift of the partner's of the same activity starting within withinDays), "
        + "the least burdened partner first: duty hours in the 4 weeks up to the shift's day, then in-house calls, then nights, after the change. Legal: the change adds no "
        + "violation of a hard rule. Takes milliseconds.")]
    public PartnersResult Partners(
        [Description("Problem file: .msgpack or .json, or a Curtois-Qu benchmark instance (.txt)" + PathNote + ".")] string problem,
        [Description("Schedule file of that problem (.msgpack or .json)" + PathNote + ".")] string schedule,
        [Description("Id of the person giving the shift away.")] string person,
        [Description("Id of their shift.")] string shift,
        [Description("Days apart a swapped shift may start, 0..366; default 7.")] int withinDays = SwapPartners.DefaultWithinDays)
    {
        Require(withinDays is >= 0 and <= 366, "withinDays", $"expected 0..366, got {withinDays}");
        var loaded = LoadProblem(problem);
        var scheduleHash = LoadSchedule(loaded, schedule).Hash;
        IReadOnlyList<SwapPartner> partners;
        try
        {
            partners = engine.Partners(loaded.Hash, scheduleHash, person, shift, withinDays);
        }
        catch (ModelException e)
        {
            // The errors name the tool's own parameters: person or shift.
            throw new McpException(Message(e));
        }

        var compiled = loaded.Problem;
        return new PartnersResult([.. partners.Select(x => new ListedPartner(
            compiled.PersonId(x.Person), x.OtherShift < 0 ? "take" : "swap", x.OtherShift < 0 ? null : compiled.ShiftId(x.OtherShift),
            Math.Round(x.DutyMinutes / 60.0, 2), x.Calls, x.Nights, x.SoftAdded))]);
    }

    /// <summary>The diff tool.</summary>
    [McpServerTool(Name = "diff", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Compares two schedules of one problem: churn (changed person-days over person-days worked in either, 0..1), assignments removed and added, "
        + "each changed person's churn (largest first) and every changed day with the shifts removed and added; and the churn guard's verdict (refused above 20 % overall "
        + "or 50 % for anyone, a warning above 30 %). Takes milliseconds.")]
    public DiffResult Diff(
        [Description("Problem file: .msgpack or .json, or a Curtois-Qu benchmark instance (.txt)" + PathNote + ".")] string problem,
        [Description("The published schedule (.msgpack or .json)" + PathNote + ".")] string published,
        [Description("The changed schedule of the same problem (.msgpack or .json)" + PathNote + ".")] string changed)
    {
        var loaded = LoadProblem(problem);
        var diff = engine.Diff(loaded.Hash, LoadSchedule(loaded, published, "published").Hash, LoadSchedule(loaded, changed, "changed").Hash);
        var verdict = ChurnGuard.Judge(diff);
        var compiled = loaded.Problem;
        return new DiffResult(
            Math.Round(diff.Churn, 4),
            diff.Changes.Count,
            diff.WorkedDays,
            diff.RemovedCount,
            diff.AddedCount,
            diff.People.ToDictionary(p => compiled.PersonId(p.Person), p => Math.Round(p.Churn, 4)),
            [.. diff.Changes.Select(c => new ListedChange(
                compiled.PersonId(c.Person), compiled.Source.StartDate.AddDays(c.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [.. c.Removed.Select(compiled.ShiftId)], [.. c.Added.Select(compiled.ShiftId)]))],
            verdict.Refused,
            [.. verdict.Reasons.Concat(verdict.Warnings.Select(w => "warning: " + w))]);
    }

    private static async Task WaitAsync(SolveJob job, double seconds, CancellationToken cancellationToken)
    {
        if (seconds > 0 && !job.Ended.IsCompleted)
        {
            await Task.WhenAny(job.Ended, Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken)).ConfigureAwait(false);
        }
    }

    private SolveJob Job(string id) =>
        jobs.Find(id) ?? throw new McpException(
            $"job: no job '{id}' in this server (ids come from solve; the {SolveJobs.KeptEnded} most recently ended jobs are kept, and a restarted server forgets all)");

    private LoadedProblem LoadProblem(string path)
    {
        var full = FullPath(path, "problem");
        var content = Read(full, "problem");
        try
        {
            return engine.LoadProblem(ProblemInput.Read(content, full));
        }
        catch (ModelException e)
        {
            throw new McpException($"problem: {Message(e)}");
        }
    }

    private LoadedSchedule LoadSchedule(LoadedProblem problem, string path, string field = "schedule")
    {
        var full = FullPath(path, field);
        var content = Read(full, field);
        try
        {
            return engine.LoadSchedule(problem.Hash, content);
        }
        catch (ModelException e)
        {
            throw new McpException($"{field}: {Message(e)}");
        }
    }

    private static string OutputPath(string path)
    {
        var full = FullPath(path, "output");
        Require(FileFormats.TryFromPath(full, out _), "output", $"cannot tell the file format of '{path}': use a .msgpack, .mpk or .json extension");
        var folder = Path.GetDirectoryName(full);
        Require(folder is null || Directory.Exists(folder), "output", $"cannot write {full}: the folder {folder} does not exist");
        return full;
    }

    private static string FullPath(string path, string field)
    {
        Require(!string.IsNullOrWhiteSpace(path), field, "expected a file path, got an empty one");
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new McpException($"{field}: '{path}' is not a valid path: {e.Message}");
        }
    }

    private static byte[] Read(string path, string field)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new McpException($"{field}: cannot read {path}: {e.Message}");
        }
    }

    /// <summary>The errors of a <see cref="ModelException"/>, each "path: message": the first few, then how many more.</summary>
    private static string Message(ModelException e)
    {
        const int Shown = 5;
        var text = string.Join("; ", e.Errors.Take(Shown));
        return e.Errors.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text} (and {e.Errors.Count - Shown} more)") : text;
    }

    private static ListedViolation Describe(CompiledProblem problem, in Violation v) =>
        new(ReportOutput.JsonName(v.Rule), problem.IsSoft(v), ViolationText.Describe(problem, v));

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new McpException($"{field}: {message}");
        }
    }
}

/// <summary>One violation for a reader: its rule, whether the problem prices it instead of forbidding it, and a sentence.</summary>
internal sealed record ListedViolation(string Rule, bool Soft, string Text);

/// <summary>What validate returns.</summary>
/// <param name="Problem">The problem's name.</param>
/// <param name="Compliant">True when no hard rule is broken (soft violations are counted in Soft).</param>
/// <param name="Verdict">"ACGME COMPLIANT: no hard rule broken", or "NOT COMPLIANT: N violations of M hard rules".</param>
/// <param name="Hard">Violations of hard rules.</param>
/// <param name="Soft">Violations of rules the objective prices.</param>
/// <param name="ByRule">Violations per rule, rules with none left out.</param>
/// <param name="Violations">The first violations, hard ones first.</param>
/// <param name="NotListed">Violations beyond those listed.</param>
internal sealed record ValidateResult(
    string Problem, bool Compliant, string Verdict, int Hard, int Soft, IReadOnlyDictionary<string, int> ByRule, IReadOnlyList<ListedViolation> Violations,
    int NotListed);

/// <summary>A capacity finding: its kind, whether it leaves no schedule, and its sentence.</summary>
internal sealed record ExplainFinding(string Kind, bool Hard, string Message);

/// <summary>A short shift: its people, the person whose addition or move would mend it, and each eligible person's reason.</summary>
internal sealed record ExplainShortShift(string Shift, int Assigned, int Needed, string? Mend, IReadOnlyDictionary<string, string> Reasons);

/// <summary>What explain returns.</summary>
/// <param name="Feasible">False when no schedule can exist (a hard finding, or a core).</param>
/// <param name="Findings">The capacity findings.</param>
/// <param name="Core">feasible, infeasible or unknown.</param>
/// <param name="CoreItems">For infeasible, what cannot all hold, as sentences.</param>
/// <param name="ShortShifts">Given a schedule, its short shifts; else null.</param>
internal sealed record ExplainResult(
    bool Feasible, IReadOnlyList<ExplainFinding> Findings, string Core, IReadOnlyList<string> CoreItems, IReadOnlyList<ExplainShortShift>? ShortShifts);

/// <summary>A legal partner: who, take or swap (for which of their shifts), and their hours, calls and nights in the 4 weeks up to the shift after it.</summary>
internal sealed record ListedPartner(string Person, string Kind, string? OtherShift, double DutyHours, int Calls, int Nights, int SoftAdded);

/// <summary>What partners returns: the legal partners, the least burdened first.</summary>
internal sealed record PartnersResult(IReadOnlyList<ListedPartner> Partners);

/// <summary>A changed person-day: the shifts removed and added.</summary>
internal sealed record ListedChange(string Person, string Date, IReadOnlyList<string> Removed, IReadOnlyList<string> Added);

/// <summary>What diff returns.</summary>
internal sealed record DiffResult(
    double Churn, int ChangedDays, int WorkedDays, int Removed, int Added, IReadOnlyDictionary<string, double> People, IReadOnlyList<ListedChange> Changes,
    bool Refused, IReadOnlyList<string> Guard);

/// <summary>What check_swap returns: whether the change is legal, and the violations it would add and remove.</summary>
internal sealed record CheckSwapResult(bool Legal, IReadOnlyList<ListedViolation> Added, IReadOnlyList<ListedViolation> Removed);
