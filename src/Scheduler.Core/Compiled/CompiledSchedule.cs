using Scheduler.Core.Model;

namespace Scheduler.Core.Compiled;

/// <summary>
/// A schedule in compiled form: for each person a contiguous span of duties (history, then assigned
/// shifts, sorted by start) and for each shift the people assigned to it. Immutable.
/// </summary>
public sealed class CompiledSchedule
{
    private readonly int[] _dutyOffsets;
    private readonly Duty[] _duties;
    private readonly int[] _shiftOffsets;
    private readonly int[] _shiftPeople;

    private CompiledSchedule(CompiledProblem problem, int[] dutyOffsets, Duty[] duties, int[] shiftOffsets, int[] shiftPeople)
    {
        Problem = problem;
        _dutyOffsets = dutyOffsets;
        _duties = duties;
        _shiftOffsets = shiftOffsets;
        _shiftPeople = shiftPeople;
    }

    /// <summary>The problem this schedule belongs to.</summary>
    public CompiledProblem Problem { get; }

    /// <summary>Number of assignments (history excluded).</summary>
    public int AssignmentCount => _shiftPeople.Length;

    /// <summary>A person's duties (history, then assigned shifts), sorted by start.</summary>
    public ReadOnlySpan<Duty> Duties(int person) =>
        _duties.AsSpan(_dutyOffsets[person], _dutyOffsets[person + 1] - _dutyOffsets[person]);

    /// <summary>The people assigned to a shift, ascending.</summary>
    public ReadOnlySpan<int> PeopleOn(int shift) =>
        _shiftPeople.AsSpan(_shiftOffsets[shift], _shiftOffsets[shift + 1] - _shiftOffsets[shift]);

    /// <summary>
    /// Resolves a schedule's ids against a compiled problem; throws <see cref="ModelException"/> naming every
    /// unknown person or shift and every duplicate assignment.
    /// </summary>
    public static CompiledSchedule Compile(CompiledProblem problem, Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(schedule);
        var pairs = new (int Person, int Shift)[schedule.Assignments.Count];
        var errors = new List<ModelError>();
        var seen = new HashSet<long>();
        for (var i = 0; i < pairs.Length; i++)
        {
            var a = schedule.Assignments[i];
            var ok = true;
            if (!problem.TryGetPerson(a.PersonId, out var person))
            {
                errors.Add(new($"assignments[{i}].person", $"unknown person '{a.PersonId}'"));
                ok = false;
            }

            if (!problem.TryGetShift(a.ShiftId, out var shift))
            {
                errors.Add(new($"assignments[{i}].shift", $"unknown shift '{a.ShiftId}'"));
                ok = false;
            }

            if (ok && !seen.Add(((long)person << 32) | (uint)shift))
            {
                errors.Add(new($"assignments[{i}]", $"'{a.PersonId}' is assigned to '{a.ShiftId}' twice"));
            }

            pairs[i] = (person, shift);
        }

        if (errors.Count > 0)
        {
            throw new ModelException(errors);
        }

        return FromPairs(problem, pairs);
    }

    /// <summary>Builds a schedule from (person, shift) index pairs; pairs must be distinct and in range.</summary>
    public static CompiledSchedule FromPairs(CompiledProblem problem, ReadOnlySpan<(int Person, int Shift)> pairs)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var personCount = problem.PersonCount;
        var dutyOffsets = new int[personCount + 1];
        var shiftOffsets = new int[problem.ShiftCount + 1];
        foreach (var (person, shift) in pairs)
        {
            if ((uint)person >= (uint)personCount || (uint)shift >= (uint)problem.ShiftCount)
            {
                throw new ArgumentOutOfRangeException(nameof(pairs), $"assignment ({person}, {shift}) is out of range");
            }

            dutyOffsets[person + 1]++;
            shiftOffsets[shift + 1]++;
        }

        for (var p = 0; p < personCount; p++)
        {
            dutyOffsets[p + 1] += dutyOffsets[p] + problem.History(p).Length;
        }

        for (var s = 0; s < problem.ShiftCount; s++)
        {
            shiftOffsets[s + 1] += shiftOffsets[s];
        }

        var duties = new Duty[dutyOffsets[personCount]];
        var dutyFill = new int[personCount];
        for (var p = 0; p < personCount; p++)
        {
            var history = problem.History(p);
            history.CopyTo(duties.AsSpan(dutyOffsets[p]));
            dutyFill[p] = dutyOffsets[p] + history.Length;
        }

        var shiftPeople = new int[pairs.Length];
        var shiftFill = (int[])shiftOffsets.Clone();
        foreach (var (person, shift) in pairs)
        {
            duties[dutyFill[person]++] = problem.DutyOf(shift);
            shiftPeople[shiftFill[shift]++] = person;
        }

        for (var p = 0; p < personCount; p++)
        {
            duties.AsSpan(dutyOffsets[p], dutyOffsets[p + 1] - dutyOffsets[p]).Sort(DutyOrder.Instance);
        }

        for (var s = 0; s < problem.ShiftCount; s++)
        {
            shiftPeople.AsSpan(shiftOffsets[s], shiftOffsets[s + 1] - shiftOffsets[s]).Sort();
        }

        return new CompiledSchedule(problem, dutyOffsets, duties, shiftOffsets, shiftPeople);
    }

    /// <summary>The assignments as (person, shift) index pairs, by shift then person.</summary>
    public (int Person, int Shift)[] ToPairs()
    {
        var pairs = new (int, int)[_shiftPeople.Length];
        var k = 0;
        for (var s = 0; s < Problem.ShiftCount; s++)
        {
            foreach (var p in PeopleOn(s))
            {
                pairs[k++] = (p, s);
            }
        }

        return pairs;
    }

    /// <summary>The schedule with ids, by shift start then person order.</summary>
    public Schedule ToSchedule()
    {
        var assignments = new Assignment[_shiftPeople.Length];
        var k = 0;
        for (var s = 0; s < Problem.ShiftCount; s++)
        {
            foreach (var p in PeopleOn(s))
            {
                assignments[k++] = new Assignment(Problem.PersonId(p), Problem.ShiftId(s));
            }
        }

        return new Schedule(Problem.Source.Name, assignments);
    }
}
