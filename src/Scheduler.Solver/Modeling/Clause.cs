namespace Scheduler.Solver.Modeling;

/// <summary>
/// Builds one clause in violation form: the rule is broken when every <see cref="When"/> term holds. Constant terms are folded away, so history costs nothing in the model.
/// </summary>
internal sealed class Clause
{
    /// <summary>The clause's literals, as variable indices (negative for a negation).</summary>
    public List<int> Literals { get; } = [];

    /// <summary>True once a constant makes the clause hold whatever the variables are.</summary>
    public bool Satisfied { get; private set; }

    public Clause Reset()
    {
        Literals.Clear();
        Satisfied = false;
        return this;
    }

    /// <summary>A condition of the violation (adds its negation to the clause).</summary>
    public Clause When(Lit term)
    {
        if (term.Literal is { } literal)
        {
            Literals.Add(ProtoWriter.Not(literal));
        }
        else if (!term.Value)
        {
            Satisfied = true;
        }

        return this;
    }
}
