using Scheduler.Core.Compiled;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// The decision variables: one Boolean per (person, shift) pair that is eligible and available, so
/// eligibility and availability hold by construction. Stored twice as compressed rows (by person, shifts in
/// start order; by shift, people ascending) over one array of variables.
/// </summary>
internal sealed class AssignmentVariables
{
    private readonly int[] _personOffsets;
    private readonly int[] _pairShift;
    private readonly int[] _shiftOffsets;
    private readonly int[] _shiftPairs;

    /// <param name="proto">The model to add the variables to.</param>
    /// <param name="problem">The problem.</param>
    /// <param name="withAbsent">
    /// Also eligible pairs during an absence (to explain infeasibility, where absences are assumptions too).
    /// </param>
    public AssignmentVariables(ProtoWriter proto, CompiledProblem problem, bool withAbsent = false)
    {
        var people = problem.PersonCount;
        var shifts = problem.ShiftCount;
        _personOffsets = new int[people + 1];
        var pairShift = new List<int>();
        var index = new List<int>();
        var perShift = new int[shifts + 1];
        for (var p = 0; p < people; p++)
        {
            for (var s = 0; s < shifts; s++)
            {
                if (withAbsent ? problem.IsEligible(p, s) : problem.CanWork(p, s))
                {
                    pairShift.Add(s);
                    index.Add(proto.NewBool());
                    perShift[s + 1]++;
                }
            }

            _personOffsets[p + 1] = pairShift.Count;
        }

        _pairShift = pairShift.ToArray();
        Index = index.ToArray();
        PairPerson = new int[_pairShift.Length];
        for (var p = 0; p < people; p++)
        {
            PairPerson.AsSpan(_personOffsets[p], _personOffsets[p + 1] - _personOffsets[p]).Fill(p);
        }

        for (var s = 0; s < shifts; s++)
        {
            perShift[s + 1] += perShift[s];
        }

        _shiftOffsets = perShift;
        _shiftPairs = new int[_pairShift.Length];
        var fill = (int[])perShift.Clone();
        for (var k = 0; k < _pairShift.Length; k++)
        {
            _shiftPairs[fill[_pairShift[k]]++] = k;
        }
    }

    /// <summary>Every variable's index in the model, indexed by pair.</summary>
    public int[] Index { get; }

    /// <summary>The person of each pair.</summary>
    public int[] PairPerson { get; }

    /// <summary>The shift of each pair.</summary>
    public ReadOnlySpan<int> PairShift => _pairShift;

    public int Count => Index.Length;

    /// <summary>The pairs of one person, shifts in start order.</summary>
    public Range OfPerson(int person) => _personOffsets[person].._personOffsets[person + 1];

    /// <summary>The pairs of one shift.</summary>
    public ReadOnlySpan<int> OfShift(int shift) => _shiftPairs.AsSpan(_shiftOffsets[shift], _shiftOffsets[shift + 1] - _shiftOffsets[shift]);

    /// <summary>
    /// Whether the shifts of these pairs all contain one instant (the latest start is before the earliest end), so
    /// that double booking lets a person work at most one of them.
    /// </summary>
    public bool ShareAnInstant(CompiledProblem problem, IEnumerable<int> pairs)
    {
        int latestStart = int.MinValue, earliestEnd = int.MaxValue;
        foreach (var k in pairs)
        {
            latestStart = Math.Max(latestStart, problem.ShiftStart[_pairShift[k]]);
            earliestEnd = Math.Min(earliestEnd, problem.ShiftEnd[_pairShift[k]]);
        }

        return latestStart < earliestEnd;
    }

    /// <summary>The pair of (person, shift), or -1 when the person cannot work it.</summary>
    public int Find(int person, int shift)
    {
        var range = OfPerson(person);
        var k = Array.BinarySearch(_pairShift, range.Start.Value, range.End.Value - range.Start.Value, shift);
        return k >= 0 ? k : -1;
    }
}

/// <summary>Loops over an index range (model building only; not a hot path).</summary>
internal static class RangeExtensions
{
    public static IEnumerable<int> Enumerate(this Range range)
    {
        for (var k = range.Start.Value; k < range.End.Value; k++)
        {
            yield return k;
        }
    }
}
