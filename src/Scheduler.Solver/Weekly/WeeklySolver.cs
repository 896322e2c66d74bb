using System.Diagnostics;
using System.Globalization;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver.Encoders;

namespace Scheduler.Solver.Weekly;

/// <summary>
/// The weekly strategy: the horizon is cut into weeks from its first day; each window (a week, plus
/// <see cref="SolverOptions.LookaheadWeeks"/> weeks solved but not committed) is a problem of its own with the
/// committed weeks before it as history (<see cref="ProblemSlicer"/>) and their fairness counts carried in.
/// A week that is infeasible given the committed past is re-solved together with the weeks before it (up to
/// <see cref="MaxBackups"/>). After each committed week a checkpoint is written when a directory is set.
/// </summary>
/// <remarks>
/// Every rule judges each item of a window exactly as in the whole problem: rolling windows and night blocks
/// are judged in the window holding their last day, duty periods at each shift with what came before it, so
/// the windows' hard constraints together are the whole problem's, and the schedule passes the full checker.
/// The objective is the whole problem's too: each committed span's share (every term but fairness, judged
/// where its last day lies) plus fairness over the final counts.
/// </remarks>
internal sealed class WeeklySolver
{
    /// <summary>How many weeks before an infeasible one are re-opened, one at a time, before giving up.</summary>
    public const int MaxBackups = 2;

    private readonly CompiledProblem _full;
    private readonly ProblemSlicer _slicer;
    private readonly SolverOptions _options;
    private readonly IProgress<SolveProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _weeks;
    private readonly List<(int Person, int Shift)> _committed = [];
    private readonly Dictionary<string, long> _terms = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private readonly CheckpointStore? _store;
    private readonly string _problemHash = string.Empty;
    private readonly string _settings;
    private List<(int Person, int Shift)> _hint = [];
    private int _hintTo;
    private int _keptHints;
    private int _committedDays;
    private int _windows;
    private SolveStatistics _statistics;
    private double _hintKeptSum;
    private int _hintKeptCount;
    private SolveResult? _single;

    private WeeklySolver(CompiledProblem full, SolverOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        _full = full;
        _slicer = new ProblemSlicer(full);
        _options = options;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _weeks = (full.HorizonDays + 6) / 7;
        _statistics = new SolveStatistics { Workers = options.Workers, Seed = options.Seed, Reproducible = options.IsReproducible };
        _settings = Settings(full, options);
        if (options.CheckpointDirectory is { } directory)
        {
            _store = new CheckpointStore(directory);
            _problemHash = ContentHash.Of(full.Source);
        }
    }

    /// <summary>Solves a problem week by week (see the class remarks).</summary>
    public static SolveResult Solve(
        CompiledProblem problem, SolverOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var solver = new WeeklySolver(problem, options, progress, cancellationToken);
        try
        {
            return solver.Run();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while building or scoring a window rather than searching it.
            return solver.Stopped(cancelled: true, $"cancelled after {solver._committedDays / 7} of {solver._weeks} weeks");
        }
    }

    /// <summary>
    /// The settings a checkpoint must have been written with to be resumed: everything that shapes the result,
    /// the time zone database version included (it decides the problem's minutes).
    /// </summary>
    public static string Settings(CompiledProblem problem, SolverOptions o) => string.Create(
        CultureInfo.InvariantCulture,
        $"weekly tzdb={problem.TzdbVersion} lookahead={o.LookaheadWeeks} workers={o.Workers} seed={o.Seed} time-limit={o.TimeLimit?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "none"} "
        + $"deterministic-time={o.DeterministicTimeLimit?.ToString(CultureInfo.InvariantCulture) ?? "none"} gap={o.RelativeGap} greedy-hint={o.GreedyHint} "
        + $"previous={(o.PreviousSchedule is { } previous ? ContentHash.Of(previous) : "none")}")
        + (string.IsNullOrWhiteSpace(o.CpSatParameters) ? string.Empty : " cp-sat=" + o.CpSatParameters.Trim());

    private SolveResult Run()
    {
        if (_options.Resume)
        {
            Resume();
        }

        while (_committedDays < _full.HorizonDays)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                return Stopped(cancelled: true, $"cancelled after {_committedDays / 7} of {_weeks} weeks");
            }

            var from = _committedDays;
            var commitTo = Math.Min(from + 7, _full.HorizonDays);
            var window = SolveWindow(from, commitTo);
            for (var back = 1; window.Result.Status == SolveStatus.Infeasible && back <= MaxBackups && from - 7 * back >= 0; back++)
            {
                var start = from - 7 * back;
                Uncommit(start);
                _notes.Add($"{Weeks(from, commitTo)} is infeasible given the weeks before it: re-solving {Weeks(start, commitTo)} together");
                window = SolveWindow(start, commitTo);
            }

            switch (window.Result.Status)
            {
                case SolveStatus.Infeasible:
                    return Stopped(cancelled: false, window.Slice.From == 0
                        ? $"no schedule for {Weeks(0, commitTo)} meets every hard rule: {window.Result.Explanation}"
                        : $"no schedule for {Weeks(window.Slice.From, commitTo)} meets every hard rule given the weeks committed before (re-solving up to {MaxBackups} weeks before did not help): {window.Result.Explanation}",
                        SolveStatus.Infeasible);
                case SolveStatus.Unknown:
                    return Stopped(window.Result.Cancelled, window.Result.Cancelled
                        ? $"cancelled while solving {Weeks(window.Slice.From, commitTo)}"
                        : $"{Weeks(window.Slice.From, commitTo)} found no schedule within its share of the time limit");
            }

            Commit(window, commitTo);
        }

        return Finished();
    }

    private readonly record struct Window(Slice Slice, SolveResult Result);

    private Window SolveWindow(int from, int commitTo)
    {
        var to = Math.Min(commitTo + 7 * _options.LookaheadWeeks, _full.HorizonDays);
        var started = _clock.Elapsed;
        var slice = _slicer.Make(from, to, _committed);
        var carried = new FairnessCounts(_full.PersonCount);
        carried.Add(_full, _committed.ToArray());
        var model = ScheduleModel.Build(slice.Problem, carried, historyJudged: from > 0, _cancellationToken);

        // Completing the hint decides the window: from the assignments alone the search on large fell from full
        // coverage to a third. It gets what it needs (half a second on a week of large, see Complete), with
        // deterministic limits in a repeatable run; the search gets the rest of the window's share.
        var hintClock = Stopwatch.StartNew();
        CompiledSchedule? completed = null;
        foreach (var hint in Hints(slice))
        {
            if (Complete(model, hint))
            {
                completed = hint;
                break;
            }
        }

        var hintTime = hintClock.Elapsed;
        var options = WindowOptions(from, started);
        var week = from / 7 + 1;
        var progress = _progress is null ? null : new ImmediateProgress(p => _progress.Report(p with
        {
            Elapsed = started + model.BuildTime + hintTime + p.Elapsed,
            Week = week,
            Weeks = _weeks,
        }));
        var result = ScheduleSolver.Solve(model, options, progress, ScheduleSolver.Shortage(slice.Problem), hintTime, _cancellationToken);
        if (result.Status == SolveStatus.Unknown && !result.Cancelled && completed is not null)
        {
            // The search found nothing in its share, but the completed hint is a schedule of the window.
            result = result with { Status = SolveStatus.Feasible, Schedule = completed, ObjectiveTerms = new Dictionary<string, long>(), Objective = null };
            _keptHints++;
        }

        var s = result.Statistics;
        _statistics = _statistics with
        {
            AssignmentVariables = Math.Max(_statistics.AssignmentVariables, s.AssignmentVariables),
            Variables = Math.Max(_statistics.Variables, s.Variables),
            Constraints = Math.Max(_statistics.Constraints, s.Constraints),
            BuildTime = _statistics.BuildTime + s.BuildTime,
            HintTime = _statistics.HintTime + s.HintTime,
            SearchTime = _statistics.SearchTime + s.SearchTime,
            Solutions = _statistics.Solutions + s.Solutions,
        };
        if (s.HintKept is { } kept)
        {
            _hintKeptSum += kept;
            _hintKeptCount++;
        }

        return new Window(slice, result);
    }

    // The hints of a window, best first: the previous published schedule if there is one; the lookahead part of
    // the previous window (kept in the checkpoint too) followed by the greedy schedule of the days after it, made
    // with that part as history; the greedy schedule of the window.
    private IEnumerable<CompiledSchedule> Hints(Slice slice)
    {
        var problem = slice.Problem;
        if (_options.PreviousSchedule is { } previous)
        {
            yield return ScheduleSolver.KnownPairs(problem, previous.Assignments);
        }

        if (_hint.Count > 0)
        {
            var pairs = new List<(int Person, int Shift)>(_hint);
            if (_hintTo < slice.To && _options.GreedyHint)
            {
                var after = _slicer.Make(_hintTo, slice.To, [.. _committed, .. _hint]);
                pairs.AddRange(after.ToFull(GreedyScheduler.Build(after.Problem)));
            }

            yield return ScheduleSolver.KnownPairs(problem, pairs.Select(p => new Assignment(_full.PersonId(p.Person), _full.ShiftId(p.Shift))));
        }

        if (_options.GreedyHint)
        {
            yield return GreedyScheduler.Build(problem);
        }
    }

    // A window's search limits. The deterministic limit is split evenly over the weeks, so a repeatable run
    // gives every window the same work whatever happened before; the wall-clock time left is split over the
    // weeks left, and the search gets the window's share less what building and hinting it took.
    private SolverOptions WindowOptions(int from, TimeSpan started)
    {
        var options = _options with
        {
            Strategy = SolveStrategy.Monolithic, CheckpointDirectory = null, Resume = false, PreviousSchedule = null, Presolve = false,
            ExactCost = false,
        };
        if (_options.DeterministicTimeLimit is { } work)
        {
            options = options with { DeterministicTimeLimit = work / _weeks };
        }

        if (_options.TimeLimit is { } limit)
        {
            var share = (limit * TimeShare - started) / (_weeks - from / 7) - (_clock.Elapsed - started);
            options = options with { TimeLimit = share > MinWindowTime ? share : MinWindowTime };
        }

        return options;
    }

    private static readonly TimeSpan MinWindowTime = TimeSpan.FromSeconds(0.3);

    // The windows plan to end a little before the limit: the floor above and the last window's overhead
    // otherwise carry the run past it (60.5 s on large for 60 s).
    private const double TimeShare = 0.97;

    // Completing a hint: first with CP-SAT's presolve, which settles a week of large in 0.4 s; on some
    // lookahead hints of medium it ran 9-10 s without an answer, while the search without presolve completed
    // them in under a second (and takes twice as long as presolve where presolve works). So presolve gets a
    // short limit, and the search without it the rest.
    private bool Complete(ScheduleModel model, CompiledSchedule hint)
    {
        var wall = _options.TimeLimit is null;
        var work = _options.DeterministicTimeLimit is null;
        return model.HintCompleted(hint, wall ? null : PresolvedCompletion, work ? null : PresolvedCompletion.TotalSeconds, cancellationToken: _cancellationToken)
            || model.HintCompleted(hint, wall ? null : Completion, work ? null : Completion.TotalSeconds, presolve: false, _cancellationToken);
    }

    private static readonly TimeSpan PresolvedCompletion = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(10);

    private void Commit(Window window, int commitTo)
    {
        var (slice, result) = window;
        var committed = new List<(int Person, int Shift)>();
        var lookahead = new List<(int Person, int Shift)>();
        foreach (var pair in slice.ToFull(result.Schedule!))
        {
            (Day(pair.Shift) < commitTo ? committed : lookahead).Add(pair);
        }

        var share = slice.To == commitTo && result.Objective is not null ? Share(result) : Evaluate(slice.From, commitTo, committed);
        foreach (var (name, value) in share)
        {
            _terms[name] = _terms.GetValueOrDefault(name) + value;
        }

        _committed.AddRange(committed);
        _hint = lookahead;
        _hintTo = slice.To;
        _committedDays = commitTo;
        _windows++;
        _single = slice.From == 0 && commitTo == _full.HorizonDays ? result : null;
        var objective = _terms.Values.Sum();
        _progress?.Report(new SolveProgress(objective, double.NaN, double.NaN, _clock.Elapsed, _statistics.Solutions, (commitTo + 6) / 7, _weeks, Committed: true));
        Save(objective);
    }

    // Takes back the committed weeks from day start on, and their share of the objective.
    private void Uncommit(int start)
    {
        var removed = _committed.Where(p => Day(p.Shift) >= start).ToList();
        foreach (var (name, value) in Evaluate(start, _committedDays, removed))
        {
            _terms[name] -= value;
        }

        _committed.RemoveAll(p => Day(p.Shift) >= start);
        _committedDays = start;
        _hint = [];
    }

    // The objective terms (fairness aside) of days [from, to) with the given assignments there and the
    // committed ones before: the span's own model with every assignment fixed.
    private Dictionary<string, long> Evaluate(int from, int to, List<(int Person, int Shift)> pairs)
    {
        var slice = _slicer.Make(from, to, _committed);
        var model = ScheduleModel.Build(slice.Problem, null, historyJudged: from > 0, _cancellationToken);
        model.Fix(ScheduleSolver.KnownPairs(slice.Problem, pairs.Select(p => new Assignment(_full.PersonId(p.Person), _full.ShiftId(p.Shift)))));
        var options = new SolverOptions { Workers = 1, TimeLimit = null, GreedyHint = false };
        var result = ScheduleSolver.Solve(model, options, null, null, TimeSpan.Zero, _cancellationToken);
        if (result.Status != SolveStatus.Optimal)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"the assignments of {Weeks(from, to)} break a hard rule of their own model ({result.Status})");
        }

        return Share(result);
    }

    private static Dictionary<string, long> Share(SolveResult result)
    {
        var share = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in result.ObjectiveTerms)
        {
            if (Array.IndexOf(FairnessTerm.Names, name) < 0)
            {
                share[name] = value;
            }
        }

        return share;
    }

    private int Day(int shift) => _full.ShiftDay[shift] - _full.HistoryDays;

    private string Weeks(int from, int to)
    {
        var first = from / 7 + 1;
        var last = (to + 6) / 7;
        var dates = $"{_full.Source.StartDate.AddDays(from):yyyy-MM-dd}..{_full.Source.StartDate.AddDays(to - 1):yyyy-MM-dd}";
        return first == last ? $"week {first} ({dates})" : $"weeks {first}-{last} ({dates})";
    }

    /// <summary>
    /// The objective terms of a schedule that breaks no hard rule, counted week by week: each week's model with
    /// every assignment fixed and the weeks before it as history, plus fairness over the whole horizon's counts.
    /// </summary>
    public static Dictionary<string, long> Score(CompiledSchedule schedule, CancellationToken cancellationToken)
    {
        var full = schedule.Problem;
        var scorer = new WeeklySolver(full, new SolverOptions { Workers = 1, TimeLimit = null }, null, cancellationToken);
        var pairs = schedule.ToPairs();
        for (var from = 0; from < full.HorizonDays; from += 7)
        {
            var to = Math.Min(from + 7, full.HorizonDays);
            var week = pairs.Where(p => scorer.Day(p.Shift) >= from && scorer.Day(p.Shift) < to).ToList();
            foreach (var (name, value) in scorer.Evaluate(from, to, week))
            {
                scorer._terms[name] = scorer._terms.GetValueOrDefault(name) + value;
            }

            scorer._committed.AddRange(week);
        }

        return scorer.Terms();
    }

    // The objective terms of the committed weeks with fairness over their counts.
    private Dictionary<string, long> Terms()
    {
        var terms = new Dictionary<string, long>(_terms, StringComparer.Ordinal);
        var counts = new FairnessCounts(_full.PersonCount);
        counts.Add(_full, _committed.ToArray());
        var weights = FairnessTerm.Weights(_full.Source.Objective);
        for (var kind = 0; kind < FairnessTerm.Names.Length; kind++)
        {
            if (weights[kind] != 0)
            {
                terms[FairnessTerm.Names[kind]] = FairnessTerm.Value(_full, counts, kind, weights[kind]);
            }
        }

        return terms;
    }

    private SolveResult Finished()
    {
        if (_keptHints > 0)
        {
            _notes.Add($"{_keptHints} of {_windows} windows found no better schedule than their hint within their share of the time limit and kept it");
        }

        var schedule = CompiledSchedule.FromPairs(_full, _committed.ToArray());
        var terms = Terms();
        var objective = terms.Values.Sum();
        var elapsed = _clock.Elapsed;
        var single = _single is { Status: SolveStatus.Optimal } && _single.Objective == objective;
        return new SolveResult
        {
            Status = single ? SolveStatus.Optimal : SolveStatus.Feasible,
            Schedule = schedule,
            Report = ComplianceChecker.Check(schedule),
            Objective = objective,
            ObjectiveTerms = terms,
            BestBound = _single?.BestBound ?? double.NaN,
            Gap = _single is not null ? ScheduleSolver.RelativeGap(objective, _single.BestBound) : null,
            Statistics = _statistics with
            {
                WallTime = elapsed,
                TimeToFirst = elapsed,
                TimeToBest = elapsed,
                HintKept = _hintKeptCount == 0 ? null : _hintKeptSum / _hintKeptCount,
            },
            Strategy = SolveStrategy.Weekly,
            Notes = _notes,
        };
    }

    private SolveResult Stopped(bool cancelled, string why, SolveStatus status = SolveStatus.Unknown) => new()
    {
        Status = status,
        Cancelled = cancelled,
        Explanation = why + (_store is not null && _committedDays > 0
            ? $"; weeks 1-{(_committedDays + 6) / 7} are committed in the checkpoint, and --resume continues from there"
            : string.Empty),
        Statistics = _statistics with { WallTime = _clock.Elapsed },
        Strategy = SolveStrategy.Weekly,
        Notes = _notes,
    };

    private void Save(long objective)
    {
        if (_store is null)
        {
            return;
        }

        var counts = new FairnessCounts(_full.PersonCount);
        counts.Add(_full, _committed.ToArray());
        var carried = new List<CarriedCounts>();
        for (var p = 0; p < _full.PersonCount; p++)
        {
            carried.Add(new CarriedCounts(_full.PersonId(p), counts.Calls[p], counts.Nights[p], counts.WeekendShifts[p]));
        }

        _store.Save(new Checkpoint
        {
            ProblemHash = _problemHash,
            Settings = _settings,
            CommittedDays = _committedDays,
            Windows = _windows,
            Committed = Ids(_committed),
            Hint = Ids(_hint),
            Counters = carried,
            Objective = objective,
            Terms = _terms.Select(t => new ObjectiveTerm(t.Key, t.Value)).ToArray(),
            Log = _notes.ToArray(),
        });
    }

    private void Resume()
    {
        var refused = new List<string>();
        var checkpoint = _store!.LoadNewest(_problemHash, _settings, refused);
        foreach (var line in refused)
        {
            _notes.Add("checkpoint refused: " + line);
        }

        if (checkpoint is null)
        {
            _notes.Add("no valid checkpoint to resume from: starting from the first week");
            return;
        }

        _committed.AddRange(ScheduleSolver.KnownPairs(_full, checkpoint.Committed).ToPairs());
        _hint = [.. ScheduleSolver.KnownPairs(_full, checkpoint.Hint).ToPairs()];
        _hintTo = Math.Min(checkpoint.CommittedDays + 7 * _options.LookaheadWeeks, _full.HorizonDays);
        _committedDays = checkpoint.CommittedDays;
        _windows = checkpoint.Windows;
        foreach (var term in checkpoint.Terms)
        {
            _terms[term.Name] = term.Value;
        }

        _notes.AddRange(checkpoint.Log);
        _notes.Add($"resumed from the checkpoint after {Weeks(0, _committedDays)}");
    }

    private Assignment[] Ids(List<(int Person, int Shift)> pairs) =>
        pairs.Select(p => new Assignment(_full.PersonId(p.Person), _full.ShiftId(p.Shift))).ToArray();
}
