using Scheduler.Core.Compiled;

namespace Scheduler.Core.Checking;

/// <summary>What one change did to the verdict: the violations it added and the ones it removed.</summary>
/// <remarks>The spans stay valid until the checker's next change.</remarks>
public readonly ref struct VerdictChange
{
    internal VerdictChange(ReadOnlySpan<Violation> added, ReadOnlySpan<Violation> removed)
    {
        Added = added;
        Removed = removed;
    }

    /// <summary>Violations that hold after the change and did not before.</summary>
    public ReadOnlySpan<Violation> Added { get; }

    /// <summary>Violations that held before the change and no longer do.</summary>
    public ReadOnlySpan<Violation> Removed { get; }

    /// <summary>True when the change left the verdict as it was.</summary>
    public bool IsEmpty => Added.IsEmpty && Removed.IsEmpty;
}

/// <summary>
/// A mutable schedule that keeps its verdict current. After adding, removing, reassigning or swapping one
/// assignment it re-checks only what the change can affect (the changed people's windows that overlap the
/// shift, their duty periods, and the shift's coverage and supervision) and returns the changed verdict.
/// Its violations always equal a full <see cref="ComplianceChecker"/> run on <see cref="ToSchedule"/>.
/// Not thread-safe.
/// </summary>
public sealed class IncrementalChecker
{
    private readonly CompiledProblem _problem;
    private readonly Duty[][] _duties;
    private readonly int[] _dutyCount;
    private readonly int[][] _people;
    private readonly int[] _peopleCount;
    private readonly Violation[][] _personViolations;
    private readonly int[] _personViolationCount;
    private readonly Violation[][] _shiftViolations;
    private readonly int[] _shiftViolationCount;
    private readonly ViolationSink _fresh = new();
    private readonly ViolationSink _stale = new();
    private readonly ViolationSink _added = new();
    private readonly ViolationSink _removed = new();

    /// <summary>Starts from an empty schedule (history only).</summary>
    public IncrementalChecker(CompiledProblem problem)
        : this(problem, CompiledSchedule.FromPairs(problem, []))
    {
    }

    /// <summary>Starts from <paramref name="schedule"/> and runs one full check.</summary>
    public IncrementalChecker(CompiledProblem problem, CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(schedule);
        if (!ReferenceEquals(schedule.Problem, problem))
        {
            throw new ArgumentException("the schedule was compiled for another problem", nameof(schedule));
        }

        _problem = problem;
        var people = problem.PersonCount;
        var shifts = problem.ShiftCount;
        _duties = new Duty[people][];
        _dutyCount = new int[people];
        _personViolations = new Violation[people][];
        _personViolationCount = new int[people];
        for (var p = 0; p < people; p++)
        {
            var duties = schedule.Duties(p);
            _duties[p] = new Duty[Math.Max(8, duties.Length * 2)];
            duties.CopyTo(_duties[p]);
            _dutyCount[p] = duties.Length;
            _fresh.Clear();
            ComplianceChecker.CheckPerson(problem, p, duties, problem.FirstWindow, problem.LastWindow, _fresh);
            _personViolations[p] = _fresh.Items.ToArray();
            _personViolationCount[p] = _fresh.Count;
        }

        _people = new int[shifts][];
        _peopleCount = new int[shifts];
        _shiftViolations = new Violation[shifts][];
        _shiftViolationCount = new int[shifts];
        for (var s = 0; s < shifts; s++)
        {
            var onShift = schedule.PeopleOn(s);
            _people[s] = new int[Math.Max(4, onShift.Length + 2)];
            onShift.CopyTo(_people[s]);
            _peopleCount[s] = onShift.Length;
            _fresh.Clear();
            ComplianceChecker.CheckShift(problem, s, onShift, _fresh);
            _shiftViolations[s] = _fresh.Items.ToArray();
            _shiftViolationCount[s] = _fresh.Count;
        }
    }

    /// <summary>The problem.</summary>
    public CompiledProblem Problem => _problem;

    /// <summary>Number of violations that hold now.</summary>
    public int ViolationCount
    {
        get
        {
            var count = 0;
            foreach (var c in _personViolationCount)
            {
                count += c;
            }

            foreach (var c in _shiftViolationCount)
            {
                count += c;
            }

            return count;
        }
    }

    /// <summary>A person's duties now (history, then assigned shifts), sorted by start.</summary>
    public ReadOnlySpan<Duty> Duties(int person) => _duties[person].AsSpan(0, _dutyCount[person]);

    /// <summary>The people on a shift now, ascending.</summary>
    public ReadOnlySpan<int> PeopleOn(int shift) => _people[shift].AsSpan(0, _peopleCount[shift]);

    /// <summary>The violations of one person's rules that hold now.</summary>
    public ReadOnlySpan<Violation> PersonViolations(int person) =>
        _personViolations[person].AsSpan(0, _personViolationCount[person]);

    /// <summary>Whether the person works the shift now.</summary>
    public bool IsAssigned(int person, int shift) => PeopleOn(shift).BinarySearch(person) >= 0;

    /// <summary>Assigns a person to a shift and returns the changed verdict.</summary>
    public VerdictChange Add(int person, int shift)
    {
        BeginChange();
        Insert(person, shift);
        Recheck(person, shift);
        return EndChange(batch: false);
    }

    /// <summary>Removes a person from a shift and returns the changed verdict.</summary>
    public VerdictChange Remove(int person, int shift)
    {
        BeginChange();
        Delete(person, shift);
        Recheck(person, shift);
        return EndChange(batch: false);
    }

    /// <summary>Moves a shift from one person to another and returns the net change of verdict.</summary>
    public VerdictChange Reassign(int shift, int fromPerson, int toPerson)
    {
        BeginChange();
        Delete(fromPerson, shift);
        Insert(toPerson, shift);
        RecheckPerson(fromPerson, shift);
        RecheckPerson(toPerson, shift);
        RecheckShift(shift);
        return EndChange(batch: true);
    }

    /// <summary>
    /// Swaps two assignments: <paramref name="personA"/> gives <paramref name="shiftA"/> to
    /// <paramref name="personB"/> and takes <paramref name="shiftB"/>; returns the net change of verdict.
    /// </summary>
    public VerdictChange Swap(int personA, int shiftA, int personB, int shiftB)
    {
        BeginChange();
        Delete(personA, shiftA);
        Delete(personB, shiftB);
        Insert(personA, shiftB);
        Insert(personB, shiftA);
        RecheckPerson(personA, shiftA, shiftB);
        RecheckPerson(personB, shiftB, shiftA);
        RecheckShift(shiftA);
        RecheckShift(shiftB);
        return EndChange(batch: true);
    }

    /// <summary>Appends every violation that holds now to <paramref name="sink"/>, persons first, then shifts.</summary>
    public void CopyViolations(ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        for (var p = 0; p < _personViolations.Length; p++)
        {
            foreach (ref readonly var v in PersonViolations(p))
            {
                sink.Add(v);
            }
        }

        for (var s = 0; s < _shiftViolations.Length; s++)
        {
            foreach (ref readonly var v in _shiftViolations[s].AsSpan(0, _shiftViolationCount[s]))
            {
                sink.Add(v);
            }
        }
    }

    /// <summary>The report of the schedule as it is now.</summary>
    public ComplianceReport Report()
    {
        var sink = new ViolationSink();
        CopyViolations(sink);
        return new ComplianceReport(_problem, sink.Items.ToArray());
    }

    /// <summary>The schedule as it is now.</summary>
    public CompiledSchedule ToSchedule()
    {
        var pairs = new List<(int, int)>();
        for (var s = 0; s < _people.Length; s++)
        {
            foreach (var p in PeopleOn(s))
            {
                pairs.Add((p, s));
            }
        }

        return CompiledSchedule.FromPairs(_problem, pairs.ToArray());
    }

    private void Insert(int person, int shift)
    {
        var people = PeopleOn(shift);
        var at = people.BinarySearch(person);
        if (at >= 0)
        {
            throw new InvalidOperationException($"{_problem.PersonId(person)} already works {_problem.ShiftId(shift)}");
        }

        InsertAt(ref _people[shift], ref _peopleCount[shift], ~at, person);
        var duty = _problem.DutyOf(shift);
        var where = Duties(person).BinarySearch(duty, DutyOrder.Instance);
        InsertAt(ref _duties[person], ref _dutyCount[person], ~where, duty);
    }

    private void Delete(int person, int shift)
    {
        var at = PeopleOn(shift).BinarySearch(person);
        if (at < 0)
        {
            throw new InvalidOperationException($"{_problem.PersonId(person)} does not work {_problem.ShiftId(shift)}");
        }

        RemoveAt(_people[shift], ref _peopleCount[shift], at);
        var where = Duties(person).BinarySearch(_problem.DutyOf(shift), DutyOrder.Instance);
        RemoveAt(_duties[person], ref _dutyCount[person], where);
    }

    private void Recheck(int person, int shift)
    {
        RecheckPerson(person, shift);
        RecheckShift(shift);
    }

    private void RecheckPerson(int person, int shift, int otherShift = -1)
    {
        var problem = _problem;

        // Only windows that overlap a changed shift can change: the others' duty, free and call minutes are
        // the same. Two shifts give two window ranges, merged when they meet so no window is judged twice.
        var (first1, last1) = WindowsOverlapping(shift);
        var (first2, last2) = otherShift >= 0 ? WindowsOverlapping(otherShift) : (0, -1);
        if (first2 <= last2 && first1 <= last1 && first2 <= last1 + 1 && first1 <= last2 + 1)
        {
            (first1, last1) = (Math.Min(first1, first2), Math.Max(last1, last2));
            (first2, last2) = (0, -1);
        }

        var duties = Duties(person);
        _fresh.Clear();
        ComplianceChecker.CheckPersonPeriods(problem, person, duties, _fresh);
        ComplianceChecker.CheckPersonWindows(problem, person, duties, first1, last1, _fresh);
        ComplianceChecker.CheckPersonWindows(problem, person, duties, first2, last2, _fresh);

        // Keep the stored violations the re-check did not cover; the rest are stale.
        var days = problem.DayStarts;
        _stale.Clear();
        var stored = _personViolations[person];
        var kept = 0;
        for (var i = 0; i < _personViolationCount[person]; i++)
        {
            var v = stored[i];
            var covered = !Violation.IsWindowed(v.Rule)
                || (first1 <= last1 && v.From >= days[first1] && v.From <= days[last1])
                || (first2 <= last2 && v.From >= days[first2] && v.From <= days[last2]);
            if (covered)
            {
                _stale.Add(v);
            }
            else
            {
                stored[kept++] = v;
            }
        }

        _personViolationCount[person] = kept;
        foreach (ref readonly var v in _fresh.Items)
        {
            InsertAt(ref _personViolations[person], ref _personViolationCount[person], _personViolationCount[person], v);
        }

        Diff(_stale, _fresh);
    }

    private (int First, int Last) WindowsOverlapping(int shift)
    {
        var problem = _problem;
        var days = problem.DayStarts;
        var first = Math.Max(problem.FirstWindow, UpperBound(days, problem.ShiftStart[shift]) - problem.WindowDays);
        var last = Math.Min(problem.LastWindow, LowerBound(days, problem.ShiftEnd[shift]) - 1);
        return (first, last);
    }

    private void RecheckShift(int shift)
    {
        _fresh.Clear();
        ComplianceChecker.CheckShift(_problem, shift, PeopleOn(shift), _fresh);
        _stale.Clear();
        foreach (ref readonly var v in _shiftViolations[shift].AsSpan(0, _shiftViolationCount[shift]))
        {
            _stale.Add(v);
        }

        _shiftViolationCount[shift] = 0;
        foreach (ref readonly var v in _fresh.Items)
        {
            InsertAt(ref _shiftViolations[shift], ref _shiftViolationCount[shift], _shiftViolationCount[shift], v);
        }

        Diff(_stale, _fresh);
    }

    // Appends old - new to removed and new - old to added (as multisets).
    private void Diff(ViolationSink old, ViolationSink fresh)
    {
        var a = old.WritableItems;
        var b = fresh.WritableItems;
        a.Sort();
        b.Sort();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var c = i == a.Length ? 1 : j == b.Length ? -1 : a[i].CompareTo(b[j]);
            if (c == 0)
            {
                i++;
                j++;
            }
            else if (c < 0)
            {
                _removed.Add(a[i++]);
            }
            else
            {
                _added.Add(b[j++]);
            }
        }
    }

    private void BeginChange()
    {
        _added.Clear();
        _removed.Clear();
    }

    private VerdictChange EndChange(bool batch)
    {
        if (batch)
        {
            // Several re-checks may remove and re-add the same violation: cancel such pairs.
            var added = _added.WritableItems;
            var removed = _removed.WritableItems;
            added.Sort();
            removed.Sort();
            int i = 0, j = 0, na = 0, nr = 0;
            while (i < added.Length || j < removed.Length)
            {
                var c = i == added.Length ? 1 : j == removed.Length ? -1 : added[i].CompareTo(removed[j]);
                if (c == 0)
                {
                    i++;
                    j++;
                }
                else if (c < 0)
                {
                    added[na++] = added[i++];
                }
                else
                {
                    removed[nr++] = removed[j++];
                }
            }

            _added.Truncate(na);
            _removed.Truncate(nr);
        }

        return new VerdictChange(_added.Items, _removed.Items);
    }

    private static int UpperBound(ReadOnlySpan<int> sorted, int value)
    {
        var k = sorted.BinarySearch(value);
        return k >= 0 ? k + 1 : ~k;
    }

    private static int LowerBound(ReadOnlySpan<int> sorted, int value)
    {
        var k = sorted.BinarySearch(value);
        return k >= 0 ? k : ~k;
    }

    private static void InsertAt<T>(ref T[] items, ref int count, int index, T item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, Math.Max(4, items.Length * 2));
        }

        Array.Copy(items, index, items, index + 1, count - index);
        items[index] = item;
        count++;
    }

    private static void RemoveAt<T>(T[] items, ref int count, int index)
    {
        count--;
        Array.Copy(items, index + 1, items, index, count - index);
    }
}
