using System.Diagnostics;
using System.Runtime.InteropServices;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Rules;

namespace Scheduler.Solver.Local;

/// <summary>Which worse moves a local search keeps.</summary>
public enum Acceptance
{
    /// <summary>Late acceptance: a move no worse than the score <see cref="LocalSearchOptions.History"/> moves ago.</summary>
    LateAcceptance,

    /// <summary>
    /// Simulated annealing: a move worse by d with probability exp(-d / T), T falling geometrically from the mean
    /// worsening of the first moves over ln 2 (half of them kept) to a thousandth of that, over the move or time limit.
    /// </summary>
    SimulatedAnnealing,
}

/// <summary>Settings of a local search: its seed, and when it stops (the first limit reached).</summary>
/// <param name="Seed">The random seed; with <paramref name="MaxMoves"/> and no time limit the search is repeatable.</param>
/// <param name="MaxMoves">Moves evaluated before it stops, or null for no limit.</param>
/// <param name="TimeLimit">Wall-clock limit, or null for none.</param>
/// <param name="History">Late acceptance's history length: a move is kept when it is no worse than the current score, or than the score this many moves ago.</param>
/// <param name="Acceptance">Late acceptance (the default) or simulated annealing.</param>
/// <param name="Patience">Stop when neither a new best nor a kick (<paramref name="Perturb"/>) has come for this long (the search has stalled), or null to go on.</param>
/// <param name="Tabu">
/// Tabu tenure in moves: a kept move's (person, shift) pairs may not be changed again for this many moves, unless
/// the move gives a new best; 0 for none.
/// </param>
/// <param name="CompoundMoves">
/// Whether one move in three is a compound one (<see cref="Local.CompoundMoves"/>: block swap, run added or dropped,
/// ruin and recreate), for rules that single-shift moves rarely keep (rostering limits).
/// </param>
/// <param name="Perturb">
/// Moves without a new best after which the search is kicked: three ruin-and-recreate moves of up to four people
/// over up to a week, kept whatever they cost, and the late-acceptance history restarted from there; 0 for never.
/// </param>
public sealed record LocalSearchOptions(
    int Seed = 1, long? MaxMoves = null, TimeSpan? TimeLimit = null, int History = 2000, Acceptance Acceptance = Acceptance.LateAcceptance,
    TimeSpan? Patience = null, int Tabu = 0, bool CompoundMoves = false, int Perturb = 0)
{
    /// <summary>
    /// Whether a move that would double book someone (<see cref="IncrementalChecker.DoubleBooks"/>), break their
    /// continuous duty or rest (<see cref="IncrementalChecker.BreaksDutyPeriods"/>) or leave a shift unsupervised
    /// (<see cref="Supervision.BrokenAfter"/>) is refused without being made when it could not be kept anyway; off
    /// only to test that the filter changes nothing.
    /// </summary>
    internal bool FilterMoves { get; init; } = true;

    /// <summary>
    /// The days of the run the search draws its moves from, a new run every 1,024 moves, on a horizon of at least
    /// eight runs and without <see cref="CompoundMoves"/> (0: every move from the whole horizon). Seven by default:
    /// on a year it evaluates about 1.4 times as many moves a second as from the whole horizon, the data they touch
    /// staying in the processor's caches. With compound moves, which are most of the time there, it ended 2-6 % worse
    /// on the 364-day rostering instances.
    /// </summary>
    internal int FocusDays { get; init; } = 7;
}

/// <summary>What a local search found: its best schedule and score, and how much it searched.</summary>
/// <param name="Best">The best schedule met: fewest hard violations, then the lowest objective.</param>
/// <param name="Hard">Its hard violations.</param>
/// <param name="Soft">Its objective.</param>
/// <param name="Moves">Moves evaluated.</param>
/// <param name="Kept">Moves kept.</param>
/// <param name="Improvements">Times a new best was met.</param>
/// <param name="Elapsed">Time searched.</param>
/// <param name="BestAt">When the best was met, from the search's start.</param>
/// <param name="Taken">Times the search went on from another search's better schedule.</param>
/// <param name="Kicks">Times the search was kicked (<see cref="LocalSearchOptions.Perturb"/>).</param>
/// <param name="Refused">Moves of <paramref name="Moves"/> refused unmade: they would break a hard rule (double booking, continuous duty, rest, supervision) and could not be kept.</param>
public sealed record LocalSearchResult(CompiledSchedule Best, long Hard, long Soft, long Moves, long Kept, int Improvements, TimeSpan Elapsed, TimeSpan BestAt, int Taken = 0, int Kicks = 0, long Refused = 0);

/// <summary>
/// Late-acceptance hill climbing (Burke and Bykov) on a <see cref="LocalScore"/>: from a schedule, random moves,
/// each an assignment added or dropped, a shift given to another person (for a shift of a continuity session, two
/// gives in three to someone on the session before or after it), or two people's shifts swapped, and, with
/// <see cref="LocalSearchOptions.CompoundMoves"/>, one move in three a compound one (<see cref="CompoundMoves"/>);
/// a move is kept when its score is no worse than the current one or than the score
/// <see cref="LocalSearchOptions.History"/> moves ago (and, with <see cref="LocalSearchOptions.Tabu"/>, changes
/// back no assignment changed in the last moves unless it gives a new best). The score is lexicographic: hard
/// violations first (each outweighs any objective), then the objective. Moves naming a person who may not work the
/// shift (eligibility, absence) are never tried. Once the schedule and the history it is compared with break no hard
/// rule, a move that would double book someone, break their continuous duty or rest, or leave a shift short of
/// faculty (each when its rule is hard) is refused without being made: it could not be kept, so the search is the
/// same, only cheaper. On a horizon of eight weeks or more, without compound moves, the moves come from a week at a
/// time, a new week every 1,024 moves. Every term of the objective is at least 0, so a schedule with no hard
/// violation and objective 0 is optimal: the search stops there.
/// </summary>
public static class LocalSearch
{
    /// <summary>What one hard violation weighs against the objective in the search's single score.</summary>
    public const long HardWeight = 1L << 40;

    /// <summary>
    /// Runs a search from <paramref name="start"/>; cancelling stops it with the best so far. <paramref name="improved"/>
    /// hears each new best's hard violations and objective, at most ten times a second.
    /// </summary>
    public static LocalSearchResult Run(
        CompiledSchedule start, LocalSearchOptions options, Action<long, long>? improved = null, CancellationToken cancellationToken = default) =>
        Run(start, options, improved, null, cancellationToken);

    /// <summary>
    /// Runs a search that, every <see cref="SharedBest.Every"/>, offers its best to <paramref name="shared"/> and goes
    /// on from the shared one instead when that is better.
    /// </summary>
    internal static LocalSearchResult Run(
        CompiledSchedule start, LocalSearchOptions options, Action<long, long>? improved, SharedBest? shared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.History);
        var clock = Stopwatch.StartNew();
        var score = new LocalScore(start);
        var problem = score.Problem;
        var checker = score.Checker;
        var rng = new Random(options.Seed);
        var workers = Workers(problem);
        var compound = new CompoundMoves(problem);
        var simple = new (int, int)[4];
        var supervisionHard = problem.Source.Objective.SoftWeight(RuleId.Supervision) is null;
        var periodsHard = problem.Source.Objective.SoftWeight(RuleId.ContinuousDuty) is null && problem.Source.Objective.SoftWeight(RuleId.Rest) is null;

        // Whether giving the person the shift (and taking the other off them) double books them or, once it does not,
        // breaks continuous duty or rest (when both are hard).
        bool Breaks(int person, int shift, int except) =>
            checker.DoubleBooks(person, shift, except) || (periodsHard && checker.BreaksDutyPeriods(person, shift, except));

        var tabu = options.Tabu > 0 ? new long[(long)problem.PersonCount * problem.ShiftCount] : null;

        // The best schedule: a snapshot of the assignments, and the kept moves' steps since, replayed on a new best.
        var best = new BestSchedule(problem, start);
        var current = Total(score);
        var bestTotal = current;
        var history = new long[options.History];
        Array.Fill(history, current);
        long moves = 0, kept = 0, refused = 0;
        var improvements = 0;
        var deadline = options.TimeLimit is { } limit ? limit : TimeSpan.MaxValue;
        var maxMoves = options.MaxMoves ?? long.MaxValue;
        var patience = options.Patience ?? TimeSpan.MaxValue;
        var shifts = problem.ShiftCount;
        var told = TimeSpan.Zero;
        var bestAt = TimeSpan.Zero;
        var annealing = options.Acceptance == Acceptance.SimulatedAnnealing;
        double worseSum = 0, temperature = 0, start0 = 0;
        var worseSeen = 0;
        var sharedAt = TimeSpan.Zero;
        var taken = 0;
        long progressAt = 0;
        var kicks = 0;
        var kickedAt = TimeSpan.Zero;

        // Focus: the moves are drawn from a run of days, a new one every 1,024 moves, on a horizon of at least eight
        // runs and without compound moves; the duties, people and violations they touch stay in the processor's caches.
        var focused = options.FocusDays > 0 && problem.HorizonDays >= 8 * options.FocusDays && !options.CompoundMoves;
        int focusFirst = -1, focusEnd = 0;
        while (moves < maxMoves && bestTotal > 0)
        {
            if ((moves & 1023) == 0)
            {
                var now = clock.Elapsed;
                if (now >= deadline || now - (bestAt > kickedAt ? bestAt : kickedAt) >= patience || cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (shared is not null && now - sharedAt >= shared.Every)
                {
                    sharedAt = now;
                    shared.Offer(bestTotal, best.ToSchedule);
                    if (shared.Better(bestTotal) is { } better)
                    {
                        // Go on from the better search's best: its score, and a history of it.
                        score = new LocalScore(better);
                        checker = score.Checker;
                        best = new BestSchedule(problem, better);
                        current = bestTotal = Total(score);
                        Array.Fill(history, current);
                        taken++;
                    }
                }

                // Stuck: no new best for options.Perturb moves. A kick of ruin-and-recreate moves, each clearing up to
                // four people over up to a week and kept whatever it costs; the history starts again from there.
                if (options.Perturb > 0 && moves - progressAt >= options.Perturb)
                {
                    progressAt = moves;
                    kickedAt = now;
                    kicks++;
                    for (var k = 0; k < 3; k++)
                    {
                        var s0 = rng.Next(shifts);
                        if (checker.PeopleOn(s0) is { Length: > 0 } people)
                        {
                            var first = Math.Max(0, problem.ShiftDay[s0] - rng.Next(7));
                            if (compound.RuinAndRecreate(score, rng, people[rng.Next(people.Length)], rng.Next(4), first, Math.Min(problem.DayCount - 1, first + 6)) is not null)
                            {
                                foreach (var (p, q) in compound.Touched)
                                {
                                    best.Log(p, q);
                                }
                            }
                        }
                    }

                    current = Total(score);
                    Array.Fill(history, current);
                }

                if (focused)
                {
                    // The next 1,024 moves' run of days (the whole horizon when no shift starts on them).
                    var first = problem.HistoryDays + rng.Next(problem.HorizonDays - options.FocusDays + 1);
                    (focusFirst, _) = problem.ShiftsOnDay(first);
                    (_, focusEnd) = problem.ShiftsOnDay(first + options.FocusDays - 1);
                    if (focusEnd <= focusFirst)
                    {
                        focusFirst = -1;
                    }
                }

                if (annealing && start0 > 0)
                {
                    // The share of the limit used: moves, or time when only time limits the search.
                    var used = options.MaxMoves is { } cap ? (double)moves / cap : clock.Elapsed / deadline;
                    temperature = start0 * Math.Pow(1e-3, Math.Clamp(used, 0, 1));
                }
            }

            var s = focusFirst < 0 ? rng.Next(shifts) : rng.Next(focusFirst, focusEnd);
            var on = checker.PeopleOn(s);
            var eligible = workers[s];
            if (eligible.Length == 0)
            {
                continue;
            }

            // Pick a move; a move that does not fit (nobody on the shift, the person already on it) is skipped uncounted.
            (long Hard, long Soft) delta = default;
            int a = -1, b = -1, t = -1;
            int kind;
            var pick = rng.Next(options.CompoundMoves ? 12 : 8);
            switch (pick)
            {
                case >= 8:
                    if (Compound(compound, score, rng, s, on, eligible) is not { } change)
                    {
                        continue;
                    }

                    delta = change;
                    kind = 4;
                    break;
                case 0:
                    a = eligible[rng.Next(eligible.Length)];
                    if (on.BinarySearch(a) >= 0 || on.Length >= problem.MaxPeople[s] + 1)
                    {
                        continue;
                    }

                    kind = 0;
                    break;
                case 1:
                    if (on.Length == 0)
                    {
                        continue;
                    }

                    a = on[rng.Next(on.Length)];
                    kind = 1;
                    break;
                case 2 or 3 or 4:
                    if (on.Length == 0)
                    {
                        continue;
                    }

                    a = on[rng.Next(on.Length)];
                    b = eligible[rng.Next(eligible.Length)];

                    // Two gives in three of a continuity session's shift go to someone on the session before or after it.
                    if (pick >= 3 && score.AdjacentSessionShift(s, rng.Next(2) == 0, rng.Next(int.MaxValue)) is var t0 and >= 0
                        && checker.PeopleOn(t0) is { Length: > 0 } near)
                    {
                        b = near[rng.Next(near.Length)];
                        if (!problem.CanWork(b, s))
                        {
                            continue;
                        }
                    }

                    if (on.BinarySearch(b) >= 0)
                    {
                        continue;
                    }

                    kind = 2;
                    break;
                default:
                    // Swap: a works s, b works t the same day, each may work the other's.
                    if (on.Length == 0)
                    {
                        continue;
                    }

                    a = on[rng.Next(on.Length)];
                    b = eligible[rng.Next(eligible.Length)];
                    if (b == a || on.BinarySearch(b) >= 0)
                    {
                        continue;
                    }

                    t = SameDayShift(problem, checker, b, s);
                    if (t < 0 || checker.IsAssigned(a, t) || !problem.CanWork(a, t))
                    {
                        continue;
                    }

                    kind = 3;
                    break;
            }

            // A move that would double book someone (a rule always hard), break their continuous duty or rest, or leave
            // a shift unsupervised (each when hard) breaks a hard rule: from a schedule with none broken, with none
            // broken in the history it is compared with, it cannot be kept, so it is refused unmade.
            var breaks = options.FilterMoves && score.Hard == 0 && kind switch
            {
                0 => Breaks(a, s, -1) || (supervisionHard && Supervision.BrokenAfter(problem, s, on, -1, a)),
                1 => supervisionHard && Supervision.BrokenAfter(problem, s, on, a, -1),
                2 => Breaks(b, s, -1) || (supervisionHard && Supervision.BrokenAfter(problem, s, on, a, b)),
                3 => Breaks(a, t, s) || Breaks(b, s, t)
                    || (supervisionHard && (Supervision.BrokenAfter(problem, s, on, a, b) || Supervision.BrokenAfter(problem, t, checker.PeopleOn(t), b, a))),
                _ => false,
            };
            moves++;
            var slot = (int)(moves % history.Length);
            if (breaks && history[slot] < HardWeight)
            {
                refused++;
                if (current < history[slot])
                {
                    history[slot] = current;
                }

                continue;
            }

            delta = kind switch
            {
                0 => score.Add(a, s),
                1 => score.Remove(a, s),
                2 => score.Reassign(s, a, b),
                3 => score.Swap(a, s, b, t),
                _ => delta, // made above
            };
            var candidate = current + (delta.Hard * HardWeight) + delta.Soft;
            bool keep;
            if (!annealing)
            {
                keep = candidate <= current || candidate <= history[slot];
            }
            else if (candidate <= current)
            {
                keep = true;
            }
            else if (start0 == 0)
            {
                // Calibrating: the first 1,000 worsening moves (no hard violation added) are refused and measured.
                keep = false;
                if (delta.Hard == 0 && ++worseSeen <= 1000)
                {
                    worseSum += candidate - current;
                }

                if (worseSeen == 1000)
                {
                    temperature = start0 = Math.Max(1e-9, worseSum / 1000 / Math.Log(2));
                }
            }
            else
            {
                keep = delta.Hard <= 0 && rng.NextDouble() < Math.Exp(-(candidate - current) / temperature);
            }

            // The (person, shift) pairs the move changed.
            ReadOnlySpan<(int Person, int Shift)> changed = default;
            if (keep)
            {
                if (kind == 4)
                {
                    changed = CollectionsMarshal.AsSpan(compound.Touched);
                }
                else
                {
                    (simple[0], simple[1], simple[2], simple[3]) = ((a, s), (b, s), (a, t), (b, t));
                    changed = simple.AsSpan(0, kind switch { 0 or 1 => 1, 2 => 2, _ => 4 });
                }

                // Tabu: a move that changes back a pair changed in the last moves is refused, unless it gives a new best.
                if (tabu is not null && candidate >= bestTotal)
                {
                    foreach (var (p, q) in changed)
                    {
                        keep &= tabu[((long)p * shifts) + q] <= moves;
                    }
                }
            }

            if (keep)
            {
                kept++;
                current = candidate;
                foreach (var (p, q) in changed)
                {
                    best.Log(p, q);
                    if (tabu is not null)
                    {
                        tabu[((long)p * shifts) + q] = moves + options.Tabu;
                    }
                }

                if (current < bestTotal)
                {
                    bestTotal = current;
                    best.Commit(checker);
                    improvements++;
                    progressAt = moves;
                    bestAt = clock.Elapsed;
                    if (improved is not null && (current == 0 || bestAt - told >= TimeSpan.FromMilliseconds(100)))
                    {
                        told = bestAt;
                        improved(score.Hard, score.Soft);
                    }
                }
            }
            else
            {
                score.Revert();
            }

            if (current < history[slot])
            {
                history[slot] = current;
            }
        }

        var schedule = best.ToSchedule();
        var final = new LocalScore(schedule);
        shared?.Offer(Total(final), () => schedule);
        return new LocalSearchResult(schedule, final.Hard, final.Soft, moves, kept, improvements, clock.Elapsed, bestAt, taken, kicks, refused);
    }

    private static long Total(LocalScore score) => (score.Hard * HardWeight) + score.Soft;

    // A compound move around shift s, each kind as likely: a block swap or a run added over 1-7 days, the run
    // through s dropped, or ruin and recreate over 1-4 days of 1-3 people.
    private static (long Hard, long Soft)? Compound(CompoundMoves moves, LocalScore score, Random rng, int s, ReadOnlySpan<int> on, int[] eligible)
    {
        var problem = score.Problem;
        var day = problem.ShiftDay[s];
        var length = 1 + rng.Next(7);
        var first = Math.Max(0, day - rng.Next(length));
        var last = Math.Min(problem.DayCount - 1, first + length - 1);
        var kind = rng.Next(4);
        if (kind == 1)
        {
            return moves.AddRun(score, eligible[rng.Next(eligible.Length)], problem.ShiftActivity[s], first, last);
        }

        if (on.Length == 0)
        {
            return null;
        }

        var a = on[rng.Next(on.Length)];
        return kind switch
        {
            0 => eligible[rng.Next(eligible.Length)] is var b && b != a ? moves.BlockSwap(score, a, b, first, last) : null,
            2 => moves.DropRun(score, a, day),
            _ => moves.RuinAndRecreate(score, rng, a, rng.Next(3), first, Math.Min(last, first + 3)),
        };
    }

    // Per shift, the people who may work it (eligible, not absent).
    private static int[][] Workers(CompiledProblem problem)
    {
        var workers = new int[problem.ShiftCount][];
        var list = new List<int>();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            list.Clear();
            for (var p = 0; p < problem.PersonCount; p++)
            {
                if (problem.CanWork(p, s))
                {
                    list.Add(p);
                }
            }

            workers[s] = [.. list];
        }

        return workers;
    }

    // A shift of the person's starting on the same local day as the shift (the first), or -1.
    private static int SameDayShift(CompiledProblem problem, IncrementalChecker checker, int person, int shift)
    {
        // The person's duties ascend by start: from the first starting on that day, those of that day.
        var day = problem.ShiftDay[shift];
        var duties = checker.Duties(person);
        for (var i = DutySearch.FirstStartingAtOrAfter(duties, problem.DayStarts[day]); i < duties.Length && duties[i].Day == day; i++)
        {
            if (!duties[i].IsHistory && duties[i].Shift != shift)
            {
                return duties[i].Shift;
            }
        }

        return -1;
    }

    /// <summary>The best schedule of searches run side by side: each offers its best in turn, and takes a better one.</summary>
    internal sealed class SharedBest(TimeSpan every)
    {
        private readonly Lock _gate = new();
        private long _total = long.MaxValue;
        private CompiledSchedule? _schedule;

        /// <summary>How often a search offers and takes.</summary>
        public TimeSpan Every { get; } = every;

        /// <summary>Keeps a search's best when it beats the shared one (the schedule is made only then).</summary>
        public void Offer(long total, Func<CompiledSchedule> schedule)
        {
            lock (_gate)
            {
                if (total < _total)
                {
                    _schedule = schedule();
                    _total = total;
                }
            }
        }

        /// <summary>The shared best when it beats <paramref name="total"/> (hard violations weighed by <see cref="HardWeight"/>, plus the objective), or null.</summary>
        public CompiledSchedule? Better(long total)
        {
            lock (_gate)
            {
                return _total < total ? _schedule : null;
            }
        }
    }

    // The best schedule met: its assignments as a bit per (person, shift), and the pairs touched by moves kept since.
    private sealed class BestSchedule
    {
        private readonly CompiledProblem _problem;
        private readonly bool[] _assigned;
        private readonly bool[] _touched;
        private readonly List<int> _since = [];

        public BestSchedule(CompiledProblem problem, CompiledSchedule start)
        {
            _problem = problem;
            _assigned = new bool[problem.PersonCount * problem.ShiftCount];
            _touched = new bool[_assigned.Length];
            foreach (var (p, s) in start.ToPairs())
            {
                _assigned[(p * problem.ShiftCount) + s] = true;
            }
        }

        public void Log(int person, int shift)
        {
            var i = (person * _problem.ShiftCount) + shift;
            if (!_touched[i])
            {
                _touched[i] = true;
                _since.Add(i);
            }
        }

        // The current schedule is the new best: copy what the moves since the last best touched.
        public void Commit(IncrementalChecker current)
        {
            foreach (var i in _since)
            {
                _assigned[i] = current.IsAssigned(i / _problem.ShiftCount, i % _problem.ShiftCount);
                _touched[i] = false;
            }

            _since.Clear();
        }

        public CompiledSchedule ToSchedule()
        {
            var pairs = new List<(int, int)>();
            for (var i = 0; i < _assigned.Length; i++)
            {
                if (_assigned[i])
                {
                    pairs.Add((i / _problem.ShiftCount, i % _problem.ShiftCount));
                }
            }

            return CompiledSchedule.FromPairs(_problem, [.. pairs]);
        }
    }
}
