using Google.OrTools.Sat;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// Pins some of a model's decision variables to values by narrowing their domains in place, and restores the
/// domains after: cheaper than copying the model for each schedule fixed or neighbourhood re-solved.
/// </summary>
internal sealed class PinnedDomains(CpModelProto proto, int[] variables)
{
    private readonly long[]?[] _saved = new long[]?[variables.Length];

    /// <summary>Pins the decision variable of pair <paramref name="k"/> to a value.</summary>
    public void Pin(int k, long value)
    {
        var domain = proto.Variables[variables[k]].Domain;
        _saved[k] ??= [.. domain];
        domain.Clear();
        domain.Add(value);
        domain.Add(value);
    }

    /// <summary>Gives every pinned variable its domain back.</summary>
    public void Restore()
    {
        for (var k = 0; k < _saved.Length; k++)
        {
            if (_saved[k] is { } saved)
            {
                var domain = proto.Variables[variables[k]].Domain;
                domain.Clear();
                domain.Add(saved);
                _saved[k] = null;
            }
        }
    }

    /// <summary>A hint of every variable of the model: a whole solution.</summary>
    public static PartialVariableAssignment Hint(IReadOnlyList<long> solution)
    {
        var hint = new PartialVariableAssignment();
        hint.Vars.Capacity = solution.Count;
        hint.Values.Capacity = solution.Count;
        for (var i = 0; i < solution.Count; i++)
        {
            hint.Vars.Add(i);
            hint.Values.Add(solution[i]);
        }

        return hint;
    }
}
