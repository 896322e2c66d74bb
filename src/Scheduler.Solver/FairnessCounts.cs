using Scheduler.Core.Compiled;
using Scheduler.Solver.Encoders;

namespace Scheduler.Solver;

/// <summary>
/// Per resident, the in-house calls, night shifts and weekend duty shifts of some assignments: what the
/// committed weeks of a week-by-week solve carry into the fairness term of the next.
/// </summary>
internal sealed class FairnessCounts
{
    private readonly int[][] _counts;

    /// <summary>Zero counts for a number of people.</summary>
    public FairnessCounts(int people) => _counts = [new int[people], new int[people], new int[people]];

    /// <summary>In-house calls per person index.</summary>
    public int[] Calls => _counts[0];

    /// <summary>Night shifts per person index.</summary>
    public int[] Nights => _counts[1];

    /// <summary>Weekend duty shifts per person index.</summary>
    public int[] WeekendShifts => _counts[2];

    internal int Get(int kind, int person) => _counts[kind][person];

    internal ReadOnlySpan<int> Of(int kind) => _counts[kind];

    /// <summary>Adds the shifts of the given (person, shift) pairs of a problem.</summary>
    public void Add(CompiledProblem problem, ReadOnlySpan<(int Person, int Shift)> pairs)
    {
        ArgumentNullException.ThrowIfNull(problem);
        foreach (var (person, shift) in pairs)
        {
            var bits = FairnessTerm.Kinds(problem, shift);
            for (var kind = 0; kind < 3; kind++)
            {
                _counts[kind][person] += (bits >> kind) & 1;
            }
        }
    }
}
