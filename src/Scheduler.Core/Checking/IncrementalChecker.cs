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

    // The last change's journal, for Revert: the assignments it made and undid, in order, and the violations of
    // each person and shift it re-checked as they were before (one segment of _saved each). A compound change's
    // journal holds all of its changes.
    private readonly List<(int Person, int Shift, bool Inserted)> _edits = new(4);
    private readonly List<(int Index, bool IsPerson, int Start, int Count)> _savedLists = new(4);
    private readonly ViolationSink _saved = new();
    private bool _canRevert;
    private bool _compound;

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
            ComplianceChecker.CheckPerson(problem, p, duties, _fresh);
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

    /// <summary>
    /// Whether the person holds a duty, other than shift <paramref name="except"/>, that overlaps the shift: giving
    /// them the shift would double book them, a violation of a rule that is always hard
    /// (<see cref="Rules.DoubleBooking"/>). Cheap, for filtering moves: a binary search, then the duties that start
    /// within the longest duty's length before the shift's end.
    /// </summary>
    public bool DoubleBooks(int person, int shift, int except = -1)
    {
        var (start, end) = (_problem.ShiftStart[shift], _problem.ShiftEnd[shift]);
        var duties = Duties(person);
        for (var i = Rules.DutySearch.FirstReaching(duties, start, _problem.MaxDutyLength); i < duties.Length && duties[i].Start < end; i++)
        {
            if (duties[i].End > start && (duties[i].IsHistory || (duties[i].Shift != except && duties[i].Shift != shift)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether giving the person the shift (and taking <paramref name="except"/> off them, -1 for none) certainly breaks
    /// continuous duty or rest (<see cref="Rules.ContinuousDuty"/>, <see cref="Rules.Rest"/>), judged from the duty
    /// shifts just before and after it: too little rest from the one before or to the one after, or a duty period
    /// through either of them already too long. For a person with no overlapping duties who would have none with the
    /// shift (<see cref="DoubleBooks"/> false): then a duty period is a run of consecutive duties, and its end the end
    /// of its last. False proves nothing.
    /// </summary>
    public bool BreaksDutyPeriods(int person, int shift, int except = -1)
    {
        ref readonly var rules = ref _problem.PersonRules[person];
        var kinds = _problem.ShiftKinds[shift];
        if (!rules.DutyHourRules || (kinds & Model.ActivityKinds.Duty) == 0)
        {
            return false;
        }

        var program = _problem.Rules;
        var (start, end) = (_problem.ShiftStart[shift], _problem.ShiftEnd[shift]);
        var rest = Math.Min(program.MinRestMinutes, program.MinRestAfterCallMinutes);
        var duties = Duties(person);
        var at = Rules.DutySearch.FirstStartingAtOrAfter(duties, start);
        bool Counts(in Duty d) => d.IsDuty && (d.IsHistory || d.Shift != except);
        var before = at - 1;
        while (before >= 0 && !Counts(duties[before]))
        {
            before--;
        }

        var after = at;
        while (after < duties.Length && !Counts(duties[after]))
        {
            after++;
        }

        // The shift opens a period too soon after the one before, or continues it (the period from that duty's start
        // at least) past a limit; it closes its period too soon before the next, or the next continues it past one.
        if (before >= 0 && start - duties[before].End is var idle
            && (idle >= program.ContinuityGapMinutes ? idle < rest : TooLong(rules, duties[before].Start, end, IsCore(kinds))))
        {
            return true;
        }

        return after < duties.Length && duties[after].Start - end is var next
            && (next >= program.ContinuityGapMinutes
                ? next < rest && !duties[after].IsHistory
                : TooLong(rules, start, duties[after].End, IsCore(duties[after].Kinds)));

        static bool IsCore(Model.ActivityKinds kinds) => (kinds & Model.ActivityKinds.Transition) == 0;
        static bool TooLong(in PersonRules rules, int from, int to, bool coreEnd) =>
            to - from > rules.MaxDutyPeriodMinutes || (coreEnd && to - from > rules.MaxContinuousDutyMinutes);
    }

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
    /// Moves a person from one shift to another (they leave <paramref name="fromShift"/> and take
    /// <paramref name="toShift"/>) and returns the net change of verdict.
    /// </summary>
    public VerdictChange Move(int person, int fromShift, int toShift)
    {
        BeginChange();
        Delete(person, fromShift);
        Insert(person, toShift);
        RecheckPerson(person, fromShift, toShift);
        RecheckShift(fromShift);
        RecheckShift(toShift);
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

    /// <summary>
    /// Opens a compound change: the changes from here to <see cref="EndCompound"/> each return their own change of
    /// verdict as usual, and <see cref="Revert"/> undoes all of them together (<see cref="RevertTo"/> those after a
    /// <see cref="Mark"/>), for trying a move made of several changes, or trying steps of one and keeping some.
    /// </summary>
    public void BeginCompound()
    {
        BeginChange();
        _compound = true;
    }

    /// <summary>Closes the compound change; <see cref="Revert"/> still undoes the whole of it.</summary>
    public void EndCompound() => _compound = false;

    /// <summary>Where the open compound change is: <see cref="RevertTo"/> undoes the changes made after it.</summary>
    public CompoundMark Mark => new(_edits.Count, _savedLists.Count, _saved.Count);

    /// <summary>Undoes the changes of the open compound change made after <paramref name="mark"/>; the compound stays open.</summary>
    /// <exception cref="InvalidOperationException">No compound change is open.</exception>
    public void RevertTo(CompoundMark mark)
    {
        if (!_compound)
        {
            throw new InvalidOperationException("no compound change is open: RevertTo undoes part of one");
        }

        Undo(mark);
    }

    /// <summary>
    /// Undoes the last change (add, remove, reassign, move or swap, or a whole compound change) by putting back what
    /// it touched, without re-checking: cheaper than the opposite change, for trying a change and taking it back.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no change to revert: none yet, or it was reverted.</exception>
    public void Revert()
    {
        if (!_canRevert)
        {
            throw new InvalidOperationException("no change to revert: Revert undoes the last change, once");
        }

        _canRevert = false;
        _compound = false;
        Undo(default);
    }

    private void Undo(CompoundMark mark)
    {
        for (var i = _edits.Count - 1; i >= mark.Edits; i--)
        {
            var (person, shift, inserted) = _edits[i];
            if (inserted)
            {
                Unplace(person, shift);
            }
            else
            {
                Place(person, shift);
            }
        }

        // Backwards, so that a list saved twice ends as it was first.
        for (var i = _savedLists.Count - 1; i >= mark.Lists; i--)
        {
            var (index, isPerson, start, count) = _savedLists[i];
            var saved = _saved.Items.Slice(start, count);
            if (isPerson)
            {
                Restore(ref _personViolations[index], ref _personViolationCount[index], saved);
            }
            else
            {
                Restore(ref _shiftViolations[index], ref _shiftViolationCount[index], saved);
            }
        }

        _edits.RemoveRange(mark.Edits, _edits.Count - mark.Edits);
        _savedLists.RemoveRange(mark.Lists, _savedLists.Count - mark.Lists);
        _saved.Truncate(mark.Saved);

        static void Restore(ref Violation[] items, ref int count, ReadOnlySpan<Violation> saved)
        {
            if (items.Length < saved.Length)
            {
                items = new Violation[saved.Length];
            }

            saved.CopyTo(items);
            count = saved.Length;
        }
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
        Place(person, shift);
        _edits.Add((person, shift, true));
    }

    private void Delete(int person, int shift)
    {
        Unplace(person, shift);
        _edits.Add((person, shift, false));
    }

    private void Place(int person, int shift)
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

    private void Unplace(int person, int shift)
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
        var duties = Duties(person);
        _fresh.Clear();

        // Windowed rules: only windows that overlap a changed shift can change (the others' duty, free and
        // call minutes are the same). Two shifts give two window ranges, merged when they meet.
        var (first1, last1) = WindowsOverlapping(shift);
        var (first2, last2) = otherShift >= 0 ? WindowsOverlapping(otherShift) : (0, -1);
        var removedOnly1 = !IsAssigned(person, shift);
        var removedOnly2 = otherShift >= 0 && !IsAssigned(person, otherShift);
        if (first2 <= last2 && first1 <= last1 && first2 <= last1 + 1 && first1 <= last2 + 1)
        {
            (first1, last1) = (Math.Min(first1, first2), Math.Max(last1, last2));
            (first2, last2) = (0, -1);
            removedOnly1 &= removedOnly2;
        }

        // Removing a shift only lowers duty minutes and calls and only lengthens free gaps, so a window
        // range that lost a shift and gained none keeps its verdict unless it already had a violation.
        if (removedOnly1 && !HasWindowedViolation(person, first1, last1))
        {
            (first1, last1) = (0, -1);
        }

        if (removedOnly2 && !HasWindowedViolation(person, first2, last2))
        {
            (first2, last2) = (0, -1);
        }

        ComplianceChecker.CheckPersonWindows(problem, person, duties, first1, last1, _fresh);
        ComplianceChecker.CheckPersonWindows(problem, person, duties, first2, last2, _fresh);

        // Period rules: only the duty periods between the quiet points around a change can change.
        var region1 = PeriodRegion(duties, shift);
        var region2 = otherShift >= 0 ? PeriodRegion(duties, otherShift) : LocalRegion.None;
        if (region2.IsSet && region1.Overlaps(region2))
        {
            region1 = region1.Union(region2);
            region2 = LocalRegion.None;
        }

        CheckPeriods(person, duties, region1);
        CheckPeriods(person, duties, region2);

        // Night runs: only the runs through the changed shift's local day and its neighbours.
        var nights1 = NightRegion(duties, shift);
        var nights2 = otherShift >= 0 ? NightRegion(duties, otherShift) : LocalRegion.None;
        if (nights2.IsSet && nights1.Overlaps(nights2))
        {
            nights1 = nights1.Union(nights2);
            nights2 = LocalRegion.None;
        }

        CheckNights(person, duties, nights1);
        CheckNights(person, duties, nights2);

        // Faculty clinic sessions: only the weeks the changed shifts start in.
        var week1 = WeekOf(shift);
        var week2 = otherShift >= 0 ? WeekOf(otherShift) : -1;
        Rules.FacultyClinicSessions.Check(problem, person, duties, week1, week1, _fresh);
        if (week2 != week1)
        {
            Rules.FacultyClinicSessions.Check(problem, person, duties, week2, week2, _fresh);
        }

        // Generic rostering rules judge the whole horizon: re-check them all (linear in the person's shifts).
        ComplianceChecker.CheckRoster(problem, person, duties, _fresh);

        // Absences and eligibility: only the changed assignments.
        CheckAssignment(person, shift);
        if (otherShift >= 0)
        {
            CheckAssignment(person, otherShift);
        }

        // Keep the stored violations the re-check did not cover; the rest are stale.
        Save(person, isPerson: true, PersonViolations(person));
        var days = problem.DayStarts;
        _stale.Clear();
        var stored = _personViolations[person];
        var kept = 0;
        for (var i = 0; i < _personViolationCount[person]; i++)
        {
            var v = stored[i];
            var covered = v.Rule switch
            {
                RuleId.WeeklyHours or RuleId.DaysOff or RuleId.CallFrequency =>
                    (first1 <= last1 && v.From >= days[first1] && v.From <= days[last1])
                    || (first2 <= last2 && v.From >= days[first2] && v.From <= days[last2]),
                RuleId.ContinuousDuty or RuleId.DoubleBooking => region1.CoversStart(v.From) || region2.CoversStart(v.From),
                RuleId.Rest => region1.CoversLaterStart(v.To) || region2.CoversLaterStart(v.To),
                RuleId.ConsecutiveNights => nights1.CoversDay(v.From) || nights2.CoversDay(v.From),
                RuleId.Availability or RuleId.Eligibility => v.Shift == shift || v.Shift == otherShift,
                RuleId.FacultyClinicSessions => v.From == WeekStart(week1) || v.From == WeekStart(week2),
                >= RuleId.ShiftsPerActivity => true,
                _ => false,
            };
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

    // Duty periods, rest and overlaps around a changed shift: from the last quiet point before it to the
    // first quiet point at least a continuity gap after it. A quiet point is a duty shift that every earlier
    // duty (of any kind) ends at least the continuity gap before, so a duty period starts there and no
    // period or overlap crosses it, with or without the changed shift. The rests into both quiet points'
    // periods are covered too (the left one's period may gain or lose its only horizon shift), so the
    // sub-span starts one quiet point earlier and takes the right quiet point's shift.
    private LocalRegion PeriodRegion(ReadOnlySpan<Duty> duties, int shift)
    {
        var gap = _problem.Rules.ContinuityGapMinutes;
        var left = PreviousQuiet(duties, Rules.DutySearch.FirstStartingAtOrAfter(duties, _problem.ShiftStart[shift]) - 1, gap);
        var first = left > 0 ? PreviousQuiet(duties, left - 1, gap) : 0;
        var right = Rules.DutySearch.FirstStartingAtOrAfter(duties, _problem.ShiftEnd[shift] + gap);
        while (right < duties.Length && !IsQuiet(duties, right, gap))
        {
            right++;
        }

        return new LocalRegion(
            first, Math.Min(right + 1, duties.Length),
            left == 0 ? int.MinValue : duties[left].Start,
            right >= duties.Length ? int.MaxValue : duties[right].Start);
    }

    // The last quiet point at or before index (0, the start, when there is none).
    private int PreviousQuiet(ReadOnlySpan<Duty> duties, int index, int gap)
    {
        while (index > 0 && !IsQuiet(duties, index, gap))
        {
            index--;
        }

        return Math.Max(index, 0);
    }

    private bool IsQuiet(ReadOnlySpan<Duty> duties, int index, int gap)
    {
        if (!duties[index].IsDuty)
        {
            return false;
        }

        // Only duties starting within the longest duty before this one's start minus the gap can reach it.
        var limit = (long)duties[index].Start - gap;
        for (var j = index - 1; j >= 0 && duties[j].Start + (long)_problem.MaxDutyLength > limit; j--)
        {
            if (duties[j].End > limit)
            {
                return false;
            }
        }

        return true;
    }

    private void CheckPeriods(int person, ReadOnlySpan<Duty> duties, LocalRegion region)
    {
        if (!region.IsSet)
        {
            return;
        }

        var span = duties[region.FirstIndex..region.EndIndex];
        var mark = _fresh.Count;
        ComplianceChecker.CheckDutyPeriods(_problem, person, span, _fresh);
        Rules.DoubleBooking.Check(person, span, _fresh);

        // Keep what the region covers: the sub-span's first and last periods are there only as sides of a rest.
        var items = _fresh.WritableItems;
        var kept = mark;
        for (var i = mark; i < items.Length; i++)
        {
            var v = items[i];
            if (v.Rule == RuleId.Rest ? region.CoversLaterStart(v.To) : region.CoversStart(v.From))
            {
                items[kept++] = v;
            }
        }

        _fresh.Truncate(kept);
    }

    // Night runs around a changed shift: local days from the first night of the run that ends the day
    // before the shift's day to the last night of the run that starts the day after; the days just outside
    // have no night, with or without the changed shift, so no run crosses them.
    private LocalRegion NightRegion(ReadOnlySpan<Duty> duties, int shift)
    {
        var day = _problem.ShiftDay[shift];
        var at = Rules.DutySearch.FirstStartingAtOrAfter(duties, _problem.ShiftStart[shift]);
        var firstDay = day;
        var first = at;
        for (var j = at - 1; j >= 0 && duties[j].Day >= firstDay - 1; j--)
        {
            if (duties[j].Day == firstDay - 1 && (duties[j].Kinds & Model.ActivityKinds.Night) != 0)
            {
                firstDay--;
            }

            first = j;
        }

        var lastDay = day;
        var end = at;
        for (; end < duties.Length && duties[end].Day <= lastDay + 1; end++)
        {
            if (duties[end].Day == lastDay + 1 && (duties[end].Kinds & Model.ActivityKinds.Night) != 0)
            {
                lastDay++;
            }
        }

        var days = _problem.DayStarts;
        return new LocalRegion(first, end, days[firstDay], days[lastDay]);
    }

    private void CheckNights(int person, ReadOnlySpan<Duty> duties, LocalRegion region)
    {
        if (!region.IsSet)
        {
            return;
        }

        var mark = _fresh.Count;
        Rules.ConsecutiveNights.Check(_problem, _problem.PersonRules[person], person, duties[region.FirstIndex..region.EndIndex], _fresh);
        var items = _fresh.WritableItems;
        var kept = mark;
        for (var i = mark; i < items.Length; i++)
        {
            if (region.CoversDay(items[i].From))
            {
                items[kept++] = items[i];
            }
        }

        _fresh.Truncate(kept);
    }

    private void CheckAssignment(int person, int shift)
    {
        if (!IsAssigned(person, shift))
        {
            return;
        }

        var duty = _problem.DutyOf(shift);
        ReadOnlySpan<Duty> one = [duty];
        Rules.Availability.Check(_problem, person, one, _fresh);
        Rules.Eligibility.Check(_problem, person, one, _fresh);
    }

    private bool HasWindowedViolation(int person, int firstWindow, int lastWindow)
    {
        if (lastWindow < firstWindow)
        {
            return false;
        }

        var from = _problem.DayStarts[firstWindow];
        var to = _problem.DayStarts[lastWindow];
        foreach (ref readonly var v in PersonViolations(person))
        {
            if (v.Rule is RuleId.WeeklyHours or RuleId.DaysOff or RuleId.CallFrequency && v.From >= from && v.From <= to)
            {
                return true;
            }
        }

        return false;
    }

    // The horizon week a shift starts in (-1 before the horizon or in a trailing partial week).
    private int WeekOf(int shift)
    {
        var week = (_problem.ShiftDay[shift] - _problem.HistoryDays) / 7;
        return week < _problem.WeekCount ? week : -1;
    }

    private int WeekStart(int week) => week >= 0 ? _problem.DayStarts[_problem.HistoryDays + 7 * week] : int.MinValue;

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
        var stored = _shiftViolations[shift].AsSpan(0, _shiftViolationCount[shift]);
        Save(shift, isPerson: false, stored);
        foreach (ref readonly var v in stored)
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

    private void Save(int index, bool isPerson, ReadOnlySpan<Violation> violations)
    {
        _savedLists.Add((index, isPerson, _saved.Count, violations.Length));
        foreach (ref readonly var v in violations)
        {
            _saved.Add(v);
        }
    }

    private void BeginChange()
    {
        _added.Clear();
        _removed.Clear();
        if (_compound)
        {
            return; // the compound's journal goes on
        }

        _edits.Clear();
        _savedLists.Clear();
        _saved.Clear();
        _canRevert = true;
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

/// <summary>
/// A stretch of one person's duties an incremental re-check recomputes: duty indices [FirstIndex, EndIndex)
/// and the anchors it covers, [FromMinute, ToMinute) of period starts (or local day starts for night runs).
/// </summary>
internal readonly record struct LocalRegion(int FirstIndex, int EndIndex, int FromMinute, int ToMinute)
{
    public static LocalRegion None { get; } = new(0, -1, 0, 0);

    public bool IsSet => EndIndex >= FirstIndex;

    public bool CoversStart(int minute) => IsSet && minute >= FromMinute && minute < ToMinute;

    // Rest is anchored on the later period's start: the rests into both quiet points' periods are inside.
    public bool CoversLaterStart(int minute) => IsSet && minute >= FromMinute && minute <= ToMinute;

    public bool CoversDay(int dayStart) => IsSet && dayStart >= FromMinute && dayStart <= ToMinute;

    public bool Overlaps(LocalRegion other) => FirstIndex <= other.EndIndex && other.FirstIndex <= EndIndex;

    public LocalRegion Union(LocalRegion other) => new(
        Math.Min(FirstIndex, other.FirstIndex), Math.Max(EndIndex, other.EndIndex),
        Math.Min(FromMinute, other.FromMinute), Math.Max(ToMinute, other.ToMinute));
}

/// <summary>A point inside a compound change of an <see cref="IncrementalChecker"/>, to revert to.</summary>
public readonly record struct CompoundMark(int Edits, int Lists, int Saved);
