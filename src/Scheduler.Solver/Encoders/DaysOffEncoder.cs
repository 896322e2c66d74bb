using System.Runtime.InteropServices;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.DaysOff"/>: every judged window holds at least the minimum of
/// free days, counted as the checker counts them (each maximal free gap clipped to the window gives
/// floor(length / 24 h)).
/// </summary>
/// <remarks>
/// <para>
/// The checker's count in a window equals the most pairwise disjoint free 24-hour intervals that fit in it
/// (packing each gap from its left end achieves floor(length / 24 h), and no gap holds more). The model asks
/// for enough of them, shared across windows:
/// </para>
/// <list type="bullet">
/// <item>a global family of disjoint free 24-hour intervals ("free days", <c>y</c>), starting at the span's
/// start or at a busy item's end plus whole days: where a gap's left-packed days start. Only the first
/// minimum-many days of a gap are offered, enough for any window;</item>
/// <item>per window, a free prefix of j whole days from its start (a gap that the window's start clips is
/// packed from there), for j = 0..minimum, and a selector: some j with the prefix free and at least
/// minimum - j global free days starting after the prefix and ending inside the window.</item>
/// </list>
/// <para>
/// Left-packing every gap is one family that serves every window at once, so a schedule the checker accepts
/// has a model solution; any model solution names that many disjoint free days, so the checker accepts it.
/// A free interval's literal forbids every busy slot (duty or home call) that overlaps it, in one linear
/// constraint; history overlapping it makes it impossible. Global free days are counted through running
/// totals at the cut points windows need. Soft, each day short costs the weight once per window.
/// </para>
/// </remarks>
internal static class DaysOffEncoder
{
    private const int Day = 24 * 60;

    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        if (problem.LastWindow < problem.FirstWindow)
        {
            return;
        }

        var weight = context.SoftWeight(RuleId.DaysOff);
        if (weight == 0)
        {
            return;
        }

        foreach (var t in context.Timelines)
        {
            ref readonly var rules = ref problem.PersonRules[t.Person];
            if (rules.DutyHourRules && rules.MinFreeDaysPerWindow > 0)
            {
                context.ForPerson(t.Person);
                new PersonDaysOff(context, t, rules.MinFreeDaysPerWindow, weight).Encode();
            }
        }
    }

    private sealed class PersonDaysOff
    {
        // Free-interval literals are ProtoWriter indices (negative for a negation) or one of these constants.
        private const int Always = int.MaxValue;
        private const int Never = int.MinValue;

        private readonly ModelContext _context;
        private readonly ProtoWriter _proto;
        private readonly CompiledProblem _problem;
        private readonly Timeline _t;
        private readonly int _need;
        private readonly int? _weight;
        private readonly int _regionStart;
        private readonly int _regionEnd;
        private readonly Dictionary<long, int> _free = [];
        private readonly List<int> _busy = [];

        public PersonDaysOff(ModelContext context, Timeline t, int need, int? weight)
        {
            _context = context;
            _proto = context.Proto;
            _problem = context.Problem;
            _t = t;
            _need = need;
            _weight = weight;
            _regionStart = _problem.DayStarts[_problem.FirstWindow];
            _regionEnd = _problem.DayStarts[_problem.LastWindow + _problem.WindowDays];
        }

        public void Encode()
        {
            var starts = FreeDayStarts();

            // Global free days: the candidates that can be free at all, each forbidding the busy slots it overlaps.
            var yStart = new List<int>();
            var y = new List<int>();
            foreach (var s in starts)
            {
                if (!CollectBusy(s, s + Day))
                {
                    continue;
                }

                var chosen = _proto.NewBool();
                if (_busy.Count == 1)
                {
                    _proto.Implies(chosen, ProtoWriter.Not(_busy[0]));
                }
                else if (_busy.Count > 1)
                {
                    _proto.NoneOf(CollectionsMarshal.AsSpan(_busy), chosen);
                }

                yStart.Add(s);
                y.Add(chosen);
            }

            Disjoint(yStart, y);
            var cumulative = new Cumulative(_proto, yStart, y);
            var days = _problem.DayStarts;
            var windowDays = _problem.WindowDays;
            var selectors = new List<int>();
            for (var w = _problem.FirstWindow; w <= _problem.LastWindow; w++)
            {
                var a = days[w];
                var b = days[w + windowDays];
                selectors.Clear();
                var short_ = _weight is { } ? _proto.NewInt(0, _need) : -1;
                var prefix = Always;
                for (var j = 0; j <= _need; j++)
                {
                    if (j > 0)
                    {
                        var end = a + j * Day;
                        prefix = end > b ? Never : Free(a, end);
                        if (prefix == Never)
                        {
                            break;
                        }
                    }

                    var still = _need - j;
                    var select = _proto.NewBool();
                    selectors.Add(select);
                    if (prefix != Always)
                    {
                        _proto.Implies(select, prefix);
                    }

                    if (still > 0)
                    {
                        // Days in [a + j days, b - 1 day] (plus the shortfall) reach what is still needed.
                        var (upTo, before) = cumulative.Between(a + j * Day, b - Day + 1);
                        Span<int> vars = [upTo, before, short_];
                        Span<long> coefficients = [1, -1, 1];
                        var used = 0;
                        for (var k = 0; k < 3; k++)
                        {
                            if (vars[k] >= 0)
                            {
                                vars[used] = vars[k];
                                coefficients[used++] = coefficients[k];
                            }
                        }

                        _proto.Linear(vars[..used], coefficients[..used], still, long.MaxValue, [select]);
                    }
                }

                if (_context.Assumption(RuleId.DaysOff) is { } assumed)
                {
                    selectors.Add(ProtoWriter.Not(assumed));
                }

                _proto.Or(CollectionsMarshal.AsSpan(selectors));
                if (short_ >= 0)
                {
                    _context.Penalty(nameof(RuleId.DaysOff), short_, _weight!.Value);
                }
            }
        }

        // Where a gap's left-packed days can start: the region's start and each busy item's end, plus up to
        // need - 1 whole days, ending inside the region.
        private List<int> FreeDayStarts()
        {
            var set = new HashSet<int>();
            void Offer(int origin)
            {
                for (var k = 0; k < _need; k++)
                {
                    var s = origin + k * Day;
                    if (s + Day > _regionEnd)
                    {
                        break;
                    }

                    set.Add(s);
                }
            }

            Offer(_regionStart);
            for (var i = 0; i < _t.Count; i++)
            {
                if (_t.IsBusy(i) && _t.End[i] >= _regionStart && _t.End[i] < _regionEnd)
                {
                    Offer(_t.End[i]);
                }
            }

            var list = new List<int>(set);
            list.Sort();
            return list;
        }

        // Whether [from, to) is free of busy items: Never when history fills part of it, Always when nothing
        // can, else a literal that forbids every busy slot overlapping it (one constraint, whatever its length).
        private int Free(int from, int to)
        {
            var key = ((long)from << 32) | (uint)to;
            if (_free.TryGetValue(key, out var known))
            {
                return known;
            }

            var result = !CollectBusy(from, to) ? Never : _busy.Count switch
            {
                0 => Always,
                1 => ProtoWriter.Not(_busy[0]),
                _ => _proto.NewBool(),
            };
            if (_busy.Count > 1 && result != Never)
            {
                _proto.NoneOf(CollectionsMarshal.AsSpan(_busy), result);
            }

            _free.Add(key, result);
            return result;
        }

        // The literals of the busy slots that overlap [from, to), in _busy; false when history fills part of it.
        private bool CollectBusy(int from, int to)
        {
            _busy.Clear();
            var t = _t;
            var reach = from - _problem.MaxDutyLength;
            var i = Array.BinarySearch(t.Start, 0, t.Count, reach);
            for (i = i >= 0 ? i : ~i; i > 0 && t.Start[i - 1] >= reach; i--)
            {
            }

            for (; i < t.Count && t.Start[i] < to; i++)
            {
                if (!t.IsBusy(i) || t.End[i] <= from)
                {
                    continue;
                }

                if (t.Items[i].Literal is not { } literal)
                {
                    return false;
                }

                _busy.Add(literal);
            }

            return true;
        }

        // Chosen free days never overlap: at most one among those starting within a day of each other.
        private void Disjoint(List<int> starts, List<int> chosen)
        {
            var first = 0;
            for (var m = 0; m < starts.Count; m++)
            {
                while (starts[first] <= starts[m] - Day)
                {
                    first++;
                }

                var subsumed = m + 1 < starts.Count && starts[first] > starts[m + 1] - Day;
                if (m - first >= 1 && !subsumed)
                {
                    _proto.AtMostOne(CollectionsMarshal.AsSpan(chosen)[first..(m + 1)]);
                }
            }
        }
    }

    /// <summary>Running totals of chosen free days by start, so a window's count is a difference of two.</summary>
    private sealed class Cumulative
    {
        private readonly ProtoWriter _proto;
        private readonly List<int> _starts;
        private readonly List<int> _chosen;

        // By count of days before a cut: the index of the variable holding that total, plus one (0: none yet).
        private readonly int[] _before;
        private readonly List<int> _vars = [];
        private readonly List<long> _coefficients = [];

        public Cumulative(ProtoWriter proto, List<int> starts, List<int> chosen)
        {
            _proto = proto;
            _starts = starts;
            _chosen = chosen;
            _before = new int[starts.Count + 1];
        }

        /// <summary>
        /// Chosen free days starting in [from, to), as the variables of the totals before <paramref name="to"/> and
        /// before <paramref name="from"/> (-1 for a total that is 0).
        /// </summary>
        public (int UpTo, int Before) Between(int from, int to) =>
            to <= from ? (-1, -1) : (Before(to), Before(from));

        // Chosen free days starting before a cut: each new cut adds the days between it and the nearest
        // known cut below, so totals chain instead of repeating long sums.
        private int Before(int cut)
        {
            var index = LowerBound(cut);
            if (index == 0)
            {
                return -1;
            }

            if (_before[index] != 0)
            {
                return _before[index] - 1;
            }

            var below = index - 1;
            while (below > 0 && _before[below] == 0)
            {
                below--;
            }

            var total = _proto.NewInt(0, index);
            _vars.Clear();
            _coefficients.Clear();
            _vars.Add(total);
            _coefficients.Add(1);
            if (below > 0)
            {
                _vars.Add(_before[below] - 1);
                _coefficients.Add(-1);
            }

            for (var l = below; l < index; l++)
            {
                _vars.Add(_chosen[l]);
                _coefficients.Add(-1);
            }

            _proto.Linear(CollectionsMarshal.AsSpan(_vars), CollectionsMarshal.AsSpan(_coefficients), 0, 0);
            _before[index] = total + 1;
            return total;
        }

        private int LowerBound(int value)
        {
            var k = _starts.BinarySearch(value);
            return k >= 0 ? k : ~k;
        }
    }
}
