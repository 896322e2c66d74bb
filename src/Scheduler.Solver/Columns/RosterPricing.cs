using Scheduler.Core.Compiled;

namespace Scheduler.Solver.Columns;

/// <summary>
/// One person's cheapest roster over the horizon, given a price for each shift they may work: the pricing problem of
/// <see cref="ColumnGeneration"/>, solved exactly by dynamic programming over the days (a resource-constrained
/// shortest path). A roster works at most one shift a day, only shifts the person can work (eligible, not absent), and
/// keeps their <see cref="CompiledRoster"/> limits and the program's forbidden successions as the rules define them.
/// </summary>
/// <remarks>
/// A label is a partial roster up to a day. Its state is the activity worked that day (or off; activities whose
/// successors are forbidden alike are one), the length of the run of working days or days off it ends in
/// (capped where the limits stop caring), whether that run began on the horizon's first day (exempt from the
/// minimum), and its minutes when a total-minutes limit is set; its resources are its weekends worked and its shifts of
/// each activity whose maximum can bind. A resource below the level from which no roster could pass its maximum any
/// more (the maximum less what the days left, or the minutes left, can add) is raised to that level, so that such
/// labels are alike. Of two labels with the same state, one that costs no more and uses no more of any resource
/// dominates the other, which is dropped. Should a day hold more than <see cref="MaxLabels"/> labels, the
/// cheapest are kept and the answer is no longer proven cheapest (<see cref="Result.Exact"/>).
/// </remarks>
internal sealed class RosterPricing
{
    /// <summary>Most labels kept for one day (fewer in tests of what the cap does).</summary>
    public int MaxLabels { get; init; } = 1 << 18;

    private readonly CompiledProblem _problem;
    private readonly int _days;
    private readonly int[][] _options;         // local day -> the shifts the person may work that day
    private readonly int[] _minutes;           // shift -> its elapsed length
    private readonly int[] _class;             // activity -> the first activity whose successors are forbidden alike
    private readonly int _minWork, _maxWork, _workCap, _minOff, _offCap;
    private readonly int _minMinutes, _maxMinutes;
    private readonly bool _trackMinutes;
    private readonly int[] _maxRemaining;      // local day -> most minutes the days from it on can add
    private readonly int _maxWeekends;         // -1: not tracked
    private readonly int[] _tracked;           // activity -> its resource slot, or -1
    private readonly int[] _trackedMax;        // resource slot -> its maximum (slot 0 is the weekends)
    private readonly bool[] _weekendDay;       // local day -> a Saturday, or a Sunday whose Saturday is outside the horizon
    private readonly bool[] _sunday;
    private readonly int[][] _after;           // resource slot -> local day -> most units the days after it can add
    private readonly int _shortest;            // the shortest shift the person may work, in minutes

    // The labels of each day: state key, cost, resources, parent (a label of the day before) and shift (-1 off).
    private readonly List<Layer> _layers = [];

    public RosterPricing(CompiledProblem problem, int person)
    {
        _problem = problem;
        _days = problem.HorizonDays;
        var roster = problem.Roster(person);
        _class = new int[problem.ActivityCount];
        for (var a = 0; a < _class.Length; a++)
        {
            _class[a] = a;
            for (var b = 0; b < a && _class[a] == a; b++)
            {
                if (Enumerable.Range(0, _class.Length).All(c => problem.IsForbiddenSuccession(a, c) == problem.IsForbiddenSuccession(b, c)))
                {
                    _class[a] = _class[b];
                }
            }
        }
        _minWork = Math.Max(0, roster?.MinConsecutiveDays ?? -1);
        _maxWork = roster?.MaxConsecutiveDays ?? -1;
        _workCap = Math.Max(1, Math.Max(_minWork, _maxWork));
        _minOff = Math.Max(0, roster?.MinConsecutiveDaysOff ?? -1);
        _offCap = Math.Max(1, _minOff);
        _minMinutes = roster?.MinTotalMinutes ?? -1;
        _maxMinutes = roster?.MaxTotalMinutes ?? -1;
        _trackMinutes = _minMinutes >= 0 || _maxMinutes >= 0;

        _minutes = new int[problem.ShiftCount];
        _options = new int[_days][];
        var perActivity = new int[problem.ActivityCount];
        int[] maxShifts = roster is null ? [] : roster.MaxShifts.ToArray();
        for (var d = 0; d < _days; d++)
        {
            var (first, end) = problem.ShiftsOnDay(problem.HistoryDays + d);
            var list = new List<int>();
            for (var s = first; s < end; s++)
            {
                var a = problem.ShiftActivity[s];
                if (problem.CanWork(person, s) && (maxShifts.Length == 0 || maxShifts[a] != 0))
                {
                    list.Add(s);
                    _minutes[s] = problem.ShiftEnd[s] - problem.ShiftStart[s];
                }
            }

            _options[d] = [.. list];
            foreach (var a in list.Select(s => problem.ShiftActivity[s]).Distinct())
            {
                perActivity[a]++;
            }
        }

        _maxRemaining = new int[_days + 1];
        for (var d = _days - 1; d >= 0; d--)
        {
            _maxRemaining[d] = _maxRemaining[d + 1] + _options[d].Select(s => _minutes[s]).DefaultIfEmpty(0).Max();
        }

        _weekendDay = new bool[_days];
        _sunday = new bool[_days];
        var weekends = 0;
        for (var d = 0; d < _days; d++)
        {
            var day = problem.DayOfWeek(problem.HistoryDays + d);
            _sunday[d] = day == DayOfWeek.Sunday;
            _weekendDay[d] = day == DayOfWeek.Saturday || (_sunday[d] && d == 0);
            weekends += _weekendDay[d] ? 1 : 0;
        }

        var slots = new List<int>();
        _maxWeekends = roster is { MaxWeekends: >= 0 } && roster.MaxWeekends < weekends ? roster.MaxWeekends : -1;
        slots.Add(_maxWeekends);
        _tracked = new int[problem.ActivityCount];
        Array.Fill(_tracked, -1);
        for (var a = 0; a < maxShifts.Length; a++)
        {
            if (maxShifts[a] > 0 && maxShifts[a] < perActivity[a])
            {
                _tracked[a] = slots.Count;
                slots.Add(maxShifts[a]);
            }
        }

        _trackedMax = [.. slots];

        // What the days after each day can still add to each resource: its activity's days, or the weekends.
        _after = new int[slots.Count][];
        for (var k = 0; k < slots.Count; k++)
        {
            _after[k] = new int[_days];
            var saturdays = 0;
            for (var d = _days - 2; d >= 0; d--)
            {
                // The weekends: the Saturdays after the day, and the weekend of a Sunday the day after.
                saturdays += _weekendDay[d + 1] ? 1 : 0;
                _after[k][d] = k == 0
                    ? saturdays + (_sunday[d + 1] ? 1 : 0)
                    : _after[k][d + 1] + (_options[d + 1].Any(s => _tracked[problem.ShiftActivity[s]] == k) ? 1 : 0);
            }
        }

        _shortest = _options.SelectMany(o => o).Select(s => _minutes[s]).DefaultIfEmpty(1).Min();
    }

    // Raises each resource to where no roster from this label can pass its maximum any more, when it is below that:
    // labels below it are then alike, so they merge and dominate each other (the roster's feasibility is unchanged).
    private void Normalize(Span<int> used, int day, int minutes)
    {
        var workLeft = _trackMinutes && _maxMinutes >= 0 ? (_maxMinutes - minutes) / Math.Max(1, _shortest) : int.MaxValue;
        for (var k = 0; k < used.Length; k++)
        {
            if (_trackedMax[k] >= 0)
            {
                used[k] = Math.Max(used[k], _trackedMax[k] - Math.Min(_after[k][day], workLeft));
            }
        }
    }

    /// <summary>A cheapest roster: its shifts by day, its price, and whether it is proven cheapest.</summary>
    public sealed record Result(int[] Shifts, double Cost, bool Exact);

    /// <summary>
    /// The cheapest rosters at <paramref name="price"/> (by shift; a roster costs the sum of its shifts' prices; one
    /// priced at positive infinity is never worked), at most <paramref name="count"/>, cheapest first: the first is a
    /// cheapest of all, the others the cheapest of the other labels the last day holds (each a different roster). When
    /// <paramref name="working"/> is given (by day of the horizon), a roster works every day it marks. Empty when no
    /// roster keeps the person's limits; null when <paramref name="stop"/> came first (checked each day).
    /// </summary>
    public List<Result>? Cheapest(ReadOnlySpan<double> price, int count = 1, ReadOnlySpan<bool> working = default, CancellationToken stop = default)
    {
        var resources = _trackedMax.Length;
        Span<int> next = stackalloc int[resources];
        var exact = true;
        var previous = Layer.Start(resources);
        for (var d = 0; d < _days; d++)
        {
            if (stop.IsCancellationRequested)
            {
                return null;
            }

            var layer = d < _layers.Count ? _layers[d] : Add(resources);
            layer.Clear();
            for (var i = 0; i < previous.Count; i++)
            {
                if (previous.Dead[i])
                {
                    continue;
                }

                var (last, run, fromStart, minutes) = Unpack(previous.Key[i]);
                var cost = previous.Cost[i];
                var held = previous.Resources.AsSpan(i * resources, resources);
                var first = d == 0;

                // Off: a run of working days ends here, which must have its minimum unless it began on day 0.
                if ((working.IsEmpty || !working[d]) && (first || last < 0 || run >= _minWork || fromStart) && (_minMinutes < 0 || minutes + _maxRemaining[d + 1] >= _minMinutes))
                {
                    var offRun = first || last >= 0 ? 1 : Math.Min(_offCap, run + 1);
                    var keepsStart = first || (last < 0 && fromStart);
                    held.CopyTo(next);
                    Normalize(next, d, minutes);
                    layer.Insert(Pack(-1, offRun, keepsStart, minutes), cost, next, i, -1);
                }

                // A shift: a run of days off ends here, which must have its minimum unless it began on day 0.
                if (!first && last < 0 && run < _minOff && !fromStart)
                {
                    continue;
                }

                var workRun = first || last < 0 ? 1 : run + 1;
                if (_maxWork >= 0 && workRun > _maxWork)
                {
                    continue;
                }

                var weekend = _weekendDay[d] || (_sunday[d] && last < 0);
                foreach (var s in _options[d])
                {
                    var a = _problem.ShiftActivity[s];
                    if (double.IsPositiveInfinity(price[s]) || (last >= 0 && _problem.IsForbiddenSuccession(last, a)))
                    {
                        continue;
                    }

                    var total = minutes + (_trackMinutes ? _minutes[s] : 0);
                    if ((_maxMinutes >= 0 && total > _maxMinutes) || (_minMinutes >= 0 && total + _maxRemaining[d + 1] < _minMinutes))
                    {
                        continue;
                    }

                    held.CopyTo(next);
                    if (weekend && _maxWeekends >= 0 && ++next[0] > _maxWeekends)
                    {
                        continue;
                    }

                    if (_tracked[a] is var slot && slot >= 0 && ++next[slot] > _trackedMax[slot])
                    {
                        continue;
                    }

                    var keepsStart = first || (last >= 0 && fromStart);
                    Normalize(next, d, total);
                    layer.Insert(Pack(_class[a], Math.Min(_workCap, workRun), keepsStart, total), cost + price[s], next, i, s);
                }
            }

            // Too many labels: keep the cheapest.
            if (layer.Count > MaxLabels)
            {
                layer.KeepCheapest(MaxLabels / 2);
                exact = false;
            }

            previous = layer;
        }

        var ends = new List<int>();
        for (var i = 0; i < previous.Count; i++)
        {
            if (!previous.Dead[i] && Unpack(previous.Key[i]).Minutes >= _minMinutes)
            {
                ends.Add(i);
            }
        }

        var results = new List<Result>(Math.Min(count, ends.Count));
        foreach (var end in ends.OrderBy(i => previous.Cost[i]).ThenBy(i => i).Take(count))
        {
            var shifts = new List<int>();
            var label = end;
            for (var d = _days - 1; d >= 0; d--)
            {
                var layer = _layers[d];
                if (layer.Shift[label] >= 0)
                {
                    shifts.Add(layer.Shift[label]);
                }

                label = layer.Parent[label];
            }

            shifts.Reverse();
            results.Add(new Result([.. shifts], previous.Cost[end], exact));
        }

        return results;
    }

    private Layer Add(int resources)
    {
        var layer = new Layer(resources);
        _layers.Add(layer);
        return layer;
    }

    // The state: the activity of the day (-1 off; the first of those whose successors are forbidden alike), the run's
    // length, whether the run began on day 0, and the minutes so far (0 unless a total-minutes limit is set).
    private static long Pack(int last, int run, bool fromStart, int minutes) =>
        (long)(last + 1) | ((long)run << 16) | (fromStart ? 1L << 31 : 0) | ((long)minutes << 32);

    private static (int Last, int Run, bool FromStart, int Minutes) Unpack(long key) =>
        ((int)(key & 0xFFFF) - 1, (int)((key >> 16) & 0x7FFF), (key & (1L << 31)) != 0, (int)(key >> 32));

    /// <summary>The labels of a day, with the Pareto sets of each state.</summary>
    private sealed class Layer(int resources)
    {
        private readonly Dictionary<long, int> _head = [];
        private int[] _nextInSet = new int[64];

        public int Count { get; private set; }
        public long[] Key { get; private set; } = new long[64];
        public double[] Cost { get; private set; } = new double[64];
        public int[] Parent { get; private set; } = new int[64];
        public int[] Shift { get; private set; } = new int[64];
        public bool[] Dead { get; private set; } = new bool[64];
        public int[] Resources { get; private set; } = new int[64 * Math.Max(1, resources)];

        /// <summary>The label before day 0: nothing worked, no resource used.</summary>
        public static Layer Start(int resources)
        {
            var start = new Layer(resources);
            start.Insert(Pack(-1, 0, true, 0), 0, new int[resources], -1, -1);
            return start;
        }

        public void Clear()
        {
            _head.Clear();
            Count = 0;
        }

        /// <summary>Adds a label unless one of its state dominates it; drops those it dominates.</summary>
        public void Insert(long key, double cost, ReadOnlySpan<int> used, int parent, int shift)
        {
            ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_head, key, out var exists);
            if (!exists)
            {
                head = -1;
            }

            var previous = -1;
            for (var j = head; j >= 0; j = _nextInSet[j])
            {
                var theirs = Resources.AsSpan(j * resources, resources);
                if (Cost[j] <= cost && AtMost(theirs, used))
                {
                    return;
                }

                if (cost <= Cost[j] && AtMost(used, theirs))
                {
                    Dead[j] = true;
                    if (previous < 0)
                    {
                        head = _nextInSet[j];
                    }
                    else
                    {
                        _nextInSet[previous] = _nextInSet[j];
                    }

                    continue;
                }

                previous = j;
            }

            if (Count == Key.Length)
            {
                Grow();
            }

            var i = Count++;
            (Key[i], Cost[i], Parent[i], Shift[i], Dead[i], _nextInSet[i]) = (key, cost, parent, shift, false, head);
            used.CopyTo(Resources.AsSpan(i * resources, resources));
            head = i;
        }

        /// <summary>Kills all but the <paramref name="keep"/> cheapest live labels (their sets are not needed again).</summary>
        public void KeepCheapest(int keep)
        {
            var costs = new List<double>(Count);
            for (var i = 0; i < Count; i++)
            {
                if (!Dead[i])
                {
                    costs.Add(Cost[i]);
                }
            }

            if (costs.Count <= keep)
            {
                return;
            }

            costs.Sort();
            var cut = costs[keep - 1];
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                Dead[i] |= Cost[i] > cut || (Cost[i] == cut && kept >= keep);
                kept += Dead[i] ? 0 : 1;
            }
        }

        private static bool AtMost(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
        {
            for (var k = 0; k < a.Length; k++)
            {
                if (a[k] > b[k])
                {
                    return false;
                }
            }

            return true;
        }

        private void Grow()
        {
            var size = Key.Length * 2;
            Key = Resize(Key, size);
            Cost = Resize(Cost, size);
            Parent = Resize(Parent, size);
            Shift = Resize(Shift, size);
            Dead = Resize(Dead, size);
            _nextInSet = Resize(_nextInSet, size);
            Resources = Resize(Resources, size * Math.Max(1, resources));
        }

        private static T[] Resize<T>(T[] array, int size)
        {
            Array.Resize(ref array, size);
            return array;
        }
    }
}
