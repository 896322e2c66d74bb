using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver.Local;

/// <summary>
/// A schedule's score kept up to date move by move, for local search: the hard violations (counted), and the
/// objective the solver minimises (the soft rules' violations priced by <see cref="SoftCost"/>, unmet requests,
/// the fairness spreads within PGY years, continuity breaks), on an <see cref="IncrementalChecker"/>. A move is
/// made with <see cref="Add"/>, <see cref="Remove"/>, <see cref="Reassign"/> or <see cref="Swap"/>, which return
/// the score's change, then kept or undone with <see cref="Revert"/> (the last move only, or the last compound move:
/// several moves between <see cref="BeginCompound"/> and <see cref="EndCompound"/>). No allocation per move.
/// </summary>
/// <remarks>
/// The preference terms are counted as <see cref="SoftTerms"/> counts them and the continuity term as the solver's
/// (consecutive sessions of a continuity activity, less than the continuity gap apart, worked by a person in one
/// but not the other); history duties count for neither. A property test holds the whole score equal to
/// <see cref="ScheduleSolver.Evaluate"/> with coverage (plain or priced), supervision, weekly hours, days off, call
/// frequency, consecutive nights and faculty clinic sessions soft. Rest and continuous duty, when soft (only after a
/// relaxation), are priced here per violation in whole hours, where the model prices some per shift of the duty
/// period: for them the two can differ.
/// </remarks>
public sealed class LocalScore
{
    private static readonly int[] s_noSessions = [];
    private static readonly int[][] s_noShifts = [];

    private readonly CompiledProblem _problem;
    private readonly IncrementalChecker _checker;
    private readonly RequestTable _requests;
    private readonly int[] _worksDay;                              // (person, local day) -> shifts worked starting that day
    private readonly int[] _fairnessWeight;
    private readonly int[][] _fairnessCount;                       // [kind][person]
    private readonly int[][] _yearMembers;                         // residents of each PGY year group
    private readonly int[] _yearOf;                                // person -> year group, or -1
    private readonly int[][] _spread;                              // [kind][year group]
    private readonly int _continuityWeight;
    private readonly int[] _session;                               // shift -> continuity session, or -1
    private readonly int[] _previousSession, _nextSession;        // session -> the session it continues (or continues into), or -1
    private readonly int[][] _sessionShifts;                       // session -> its shifts
    private readonly int[] _worksSession;                          // (person, session) -> shifts of it worked (0 or 1)

    // Undo log of the last move (a compound move's every step): its elementary steps, undone in reverse.
    private (int Person, int Shift, int Sign)[] _steps = new (int, int, int)[16];
    private int _stepCount;
    private long _pending, _lastHard, _lastSoft;
    private bool _compound;

    /// <summary>Scores <paramref name="schedule"/> (a fresh checker is built on it).</summary>
    public LocalScore(CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _problem = schedule.Problem;
        _checker = new IncrementalChecker(_problem, schedule);
        var problem = _problem;
        var weights = problem.Source.Objective;
        _worksDay = new int[problem.PersonCount * problem.DayCount];
        _requests = new RequestTable(problem);
        _fairnessWeight = [weights.CallFairness, weights.NightFairness, weights.WeekendFairness];
        _fairnessCount = [new int[problem.PersonCount], new int[problem.PersonCount], new int[problem.PersonCount]];
        _yearOf = new int[problem.PersonCount];
        var years = new List<List<int>>();
        var yearIndex = new Dictionary<int, int>();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            _yearOf[p] = -1;
            if (problem.Roles[p] == Role.Resident)
            {
                if (!yearIndex.TryGetValue(problem.Pgy[p], out var g))
                {
                    yearIndex[problem.Pgy[p]] = g = years.Count;
                    years.Add([]);
                }

                years[g].Add(p);
                _yearOf[p] = g;
            }
        }

        _yearMembers = [.. years.Select(y => y.ToArray())];
        _spread = [new int[years.Count], new int[years.Count], new int[years.Count]];

        _continuityWeight = weights.Continuity;
        (_session, _previousSession, _nextSession, _sessionShifts) = Sessions(problem);
        _worksSession = new int[problem.PersonCount * _sessionShifts.Length];

        foreach (var (person, shift) in schedule.ToPairs())
        {
            Step(person, shift, +1, log: false);
        }

        Soft = RequestsBase() + FairnessTotal() + ContinuityTotal();
        foreach (var v in _checker.Report().Violations)
        {
            if (_problem.IsSoft(v))
            {
                Soft += SoftCost(_problem, v);
            }
            else
            {
                Hard++;
            }
        }
    }

    /// <summary>The problem.</summary>
    public CompiledProblem Problem => _problem;

    /// <summary>The checker the moves are made on (its schedule is the current one).</summary>
    public IncrementalChecker Checker => _checker;

    /// <summary>Violations of hard rules in the current schedule.</summary>
    public long Hard { get; private set; }

    /// <summary>The objective of the current schedule, as the solver counts it.</summary>
    public long Soft { get; private set; }

    /// <summary>
    /// The objective's terms, by the names the solver gives them (a rule's name for its violations, Requests,
    /// CallFairness, NightFairness, WeekendFairness, Continuity), those that are not zero; they sum to <see cref="Soft"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long> Terms()
    {
        var terms = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string name, long value)
        {
            if (value != 0)
            {
                terms[name] = terms.GetValueOrDefault(name) + value;
            }
        }

        foreach (var v in _checker.Report().Violations)
        {
            if (_problem.IsSoft(v))
            {
                Add(v.Rule.ToString(), SoftCost(_problem, v));
            }
        }

        Add("Requests", RequestsBase());
        string[] fairness = ["CallFairness", "NightFairness", "WeekendFairness"];
        for (var kind = 0; kind < 3; kind++)
        {
            for (var g = 0; g < _yearMembers.Length; g++)
            {
                Add(fairness[kind], (long)_fairnessWeight[kind] * _spread[kind][g]);
            }
        }

        Add("Continuity", ContinuityTotal());
        return terms;
    }

    /// <summary>
    /// What a violation of a soft rule costs: the rule's weight (or the shift's cover penalty) times its units, people
    /// short or over, faculty short, calls, nights, days or sessions, and whole hours (rounded up) of minutes over or
    /// short.
    /// </summary>
    public static long SoftCost(CompiledProblem problem, in Violation v)
    {
        ArgumentNullException.ThrowIfNull(problem);
        long gap = Math.Abs((long)v.Measured - v.Limit);
        if (v.Rule == RuleId.Coverage && problem.CoverPenalty(v.Shift) is { } penalty)
        {
            return gap * (v.Measured < v.Limit ? penalty.Under : penalty.Over);
        }

        var weight = problem.Source.Objective.SoftWeight(v.Rule) ?? 0;
        var units = v.Rule is RuleId.WeeklyHours or RuleId.ContinuousDuty or RuleId.Rest ? (gap + 59) / 60 : gap;
        return weight * units;
    }

    /// <summary>
    /// For a shift of a continuity session, a shift of the session it continues (<paramref name="after"/> false) or
    /// that continues it (true), the <paramref name="pick"/>-th modulo their number; -1 when there is none.
    /// </summary>
    public int AdjacentSessionShift(int shift, bool after, int pick)
    {
        var session = _session[shift];
        if (session < 0 || (after ? _nextSession[session] : _previousSession[session]) is not (var adjacent and >= 0))
        {
            return -1;
        }

        var shifts = _sessionShifts[adjacent];
        return shifts[pick % shifts.Length];
    }

    /// <summary>Adds a person to a shift; the score's change.</summary>
    public (long Hard, long Soft) Add(int person, int shift)
    {
        Begin();
        Step(person, shift, +1);
        return End(_checker.Add(person, shift));
    }

    /// <summary>Takes a person off a shift; the score's change.</summary>
    public (long Hard, long Soft) Remove(int person, int shift)
    {
        Begin();
        Step(person, shift, -1);
        return End(_checker.Remove(person, shift));
    }

    /// <summary>Gives a shift from one person to another; the score's change.</summary>
    public (long Hard, long Soft) Reassign(int shift, int fromPerson, int toPerson)
    {
        Begin();
        Step(fromPerson, shift, -1);
        Step(toPerson, shift, +1);
        return End(_checker.Reassign(shift, fromPerson, toPerson));
    }

    /// <summary>Swaps two people's shifts (A works B's shift and B works A's); the score's change.</summary>
    public (long Hard, long Soft) Swap(int personA, int shiftA, int personB, int shiftB)
    {
        Begin();
        Step(personA, shiftA, -1);
        Step(personB, shiftB, -1);
        Step(personA, shiftB, +1);
        Step(personB, shiftA, +1);
        return End(_checker.Swap(personA, shiftA, personB, shiftB));
    }

    /// <summary>
    /// Opens a compound move: the moves up to <see cref="EndCompound"/> each return their own change of the score,
    /// and <see cref="Revert"/> undoes them all (<see cref="RevertTo"/> those after a <see cref="Mark"/>).
    /// </summary>
    public void BeginCompound()
    {
        _checker.BeginCompound();
        _stepCount = 0;
        _lastHard = _lastSoft = 0;
        _compound = true;
    }

    /// <summary>Closes the compound move; the score's change over all of it.</summary>
    public (long Hard, long Soft) EndCompound()
    {
        _checker.EndCompound();
        _compound = false;
        return (_lastHard, _lastSoft);
    }

    /// <summary>Where the open compound move is, to revert to.</summary>
    public ScoreMark Mark => new(_checker.Mark, _stepCount, Hard, Soft);

    /// <summary>Undoes the moves of the open compound move made after <paramref name="mark"/>.</summary>
    public void RevertTo(ScoreMark mark)
    {
        _checker.RevertTo(mark.Checker);
        Unstep(mark.Steps);
        _lastHard -= Hard - mark.Hard;
        _lastSoft -= Soft - mark.Soft;
        (Hard, Soft) = (mark.Hard, mark.Soft);
    }

    /// <summary>Undoes the last move (or compound move), and its change of the score.</summary>
    public void Revert()
    {
        _checker.Revert();
        _compound = false;
        Unstep(0);
        Hard -= _lastHard;
        Soft -= _lastSoft;
        _lastHard = _lastSoft = 0;
    }

    // Undoes the logged steps back to the first `keep`.
    private void Unstep(int keep)
    {
        for (var k = _stepCount - 1; k >= keep; k--)
        {
            var (p, s, sign) = _steps[k];
            Step(p, s, -sign, log: false);
        }

        _stepCount = keep;
    }

    private void Begin()
    {
        if (!_compound)
        {
            _stepCount = 0;
        }

        _pending = 0;
    }

    private (long Hard, long Soft) End(VerdictChange change)
    {
        long hard = 0, soft = _pending;
        foreach (var v in change.Added)
        {
            if (_problem.IsSoft(v))
            {
                soft += SoftCost(_problem, v);
            }
            else
            {
                hard++;
            }
        }

        foreach (var v in change.Removed)
        {
            if (_problem.IsSoft(v))
            {
                soft -= SoftCost(_problem, v);
            }
            else
            {
                hard--;
            }
        }

        Hard += hard;
        Soft += soft;
        (_lastHard, _lastSoft) = _compound ? (_lastHard + hard, _lastSoft + soft) : (hard, soft);
        return (hard, soft);
    }

    // One person on or off one shift: the preference terms' state and their change (into _pending while a move is made).
    private void Step(int p, int s, int sign, bool log = true)
    {
        if (log)
        {
            if (_stepCount == _steps.Length)
            {
                Array.Resize(ref _steps, _steps.Length * 2);
            }

            _steps[_stepCount++] = (p, s, sign);
        }

        long delta = 0;
        if (_requests.Shift.TryGetValue(_requests.ShiftKey(p, s), out var shiftCost))
        {
            delta += sign * shiftCost;
        }

        var day = _problem.ShiftDay[s];
        var dayKey = _requests.DayKey(p, day);
        ref var onDay = ref _worksDay[dayKey];
        var before = onDay;
        onDay += sign;
        if ((before == 0) != (onDay == 0) && _requests.Day[dayKey] is var dayCost and not 0)
        {
            delta += onDay > 0 ? dayCost : -dayCost;
        }

        var g = _yearOf[p];
        if (g >= 0)
        {
            var bits = SoftTerms.FairnessKinds(_problem, s);
            for (var kind = 0; kind < 3; kind++)
            {
                if (((bits >> kind) & 1) != 0)
                {
                    _fairnessCount[kind][p] += sign;
                    var spread = Spread(kind, g);
                    delta += (long)_fairnessWeight[kind] * (spread - _spread[kind][g]);
                    _spread[kind][g] = spread;
                }
            }
        }

        var session = _session[s];
        if (session >= 0)
        {
            ref var worked = ref _worksSession[SessionKey(p, session)];
            var was = worked;
            var now = was + sign;
            worked = now;
            if ((was > 0) != (now > 0))
            {
                delta += _continuityWeight * (Breaks(p, session, now > 0) - Breaks(p, session, was > 0));
            }
        }

        _pending += delta;
    }

    // Breaks of a person between a session and its neighbours, if they work it (works) or not.
    private long Breaks(int p, int session, bool works)
    {
        long breaks = 0;
        if (_previousSession[session] is var previous and >= 0 && Works(p, previous) != works)
        {
            breaks++;
        }

        if (_nextSession[session] is var next and >= 0 && Works(p, next) != works)
        {
            breaks++;
        }

        return breaks;
    }

    private bool Works(int p, int session) => _worksSession[SessionKey(p, session)] > 0;

    private int SessionKey(int p, int session) => (p * _sessionShifts.Length) + session;

    private int Spread(int kind, int g)
    {
        int high = int.MinValue, low = int.MaxValue;
        var counts = _fairnessCount[kind];
        foreach (var p in _yearMembers[g])
        {
            high = Math.Max(high, counts[p]);
            low = Math.Min(low, counts[p]);
        }

        return high - low;
    }

    private long FairnessTotal()
    {
        long total = 0;
        for (var kind = 0; kind < 3; kind++)
        {
            for (var g = 0; g < _yearMembers.Length; g++)
            {
                total += (long)_fairnessWeight[kind] * _spread[kind][g];
            }
        }

        return total;
    }

    // The requests' cost: every want unmet, plus what the current assignments change.
    private long RequestsBase()
    {
        var cost = _requests.Unmet.Sum();
        foreach (var (p, s, change) in _requests.ShiftChanges())
        {
            if (_checker.IsAssigned(p, s))
            {
                cost += change;
            }
        }

        for (var key = 0; key < _requests.Day.Length; key++)
        {
            if (_worksDay[key] > 0)
            {
                cost += _requests.Day[key];
            }
        }

        return cost;
    }

    private long ContinuityTotal()
    {
        long total = 0;
        for (var session = 0; session < _nextSession.Length; session++)
        {
            if (_nextSession[session] is var next and >= 0)
            {
                for (var p = 0; p < _problem.PersonCount; p++)
                {
                    if (Works(p, session) != Works(p, next))
                    {
                        total += _continuityWeight;
                    }
                }
            }
        }

        return total;
    }

    // Continuity sessions: per continuity activity, runs of shifts with the same start; a session's next is the
    // following one when it starts at or after its end and less than the continuity gap after it.
    private static (int[] Session, int[] Previous, int[] Next, int[][] Shifts) Sessions(CompiledProblem problem)
    {
        var session = new int[problem.ShiftCount];
        Array.Fill(session, -1);
        if (problem.Source.Objective.Continuity == 0)
        {
            return (session, s_noSessions, s_noSessions, s_noShifts);
        }

        var ends = new List<int>();
        var starts = new List<int>();
        var lastOfActivity = new Dictionary<int, int>();
        var previous = new List<int>();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if ((problem.ShiftKinds[s] & ActivityKinds.Continuity) == 0)
            {
                continue;
            }

            var activity = problem.ShiftActivity[s];
            if (lastOfActivity.TryGetValue(activity, out var last) && starts[last] == problem.ShiftStart[s])
            {
                session[s] = last;
                ends[last] = Math.Max(ends[last], problem.ShiftEnd[s]);
                continue;
            }

            session[s] = starts.Count;
            starts.Add(problem.ShiftStart[s]);
            ends.Add(problem.ShiftEnd[s]);
            previous.Add(lastOfActivity.TryGetValue(activity, out var before) ? before : -1);
            lastOfActivity[activity] = session[s];
        }

        var gap = problem.Rules.ContinuityGapMinutes;
        var prev = new int[starts.Count];
        var next = new int[starts.Count];
        Array.Fill(next, -1);
        for (var k = 0; k < starts.Count; k++)
        {
            var p = previous[k];
            prev[k] = p >= 0 && starts[k] >= ends[p] && starts[k] - ends[p] < gap ? p : -1;
            if (prev[k] >= 0)
            {
                next[prev[k]] = k;
            }
        }

        var shifts = new List<int>[starts.Count];
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if (session[s] >= 0)
            {
                (shifts[session[s]] ??= []).Add(s);
            }
        }

        return (session, prev, next, [.. shifts.Select(list => list.ToArray())]);
    }
}

/// <summary>A point inside a compound move of a <see cref="LocalScore"/>, to revert to.</summary>
/// <param name="Checker">The checker's mark.</param>
/// <param name="Steps">Steps logged before it.</param>
/// <param name="Hard">The hard violations there.</param>
/// <param name="Soft">The objective there.</param>
public readonly record struct ScoreMark(CompoundMark Checker, int Steps, long Hard, long Soft);
