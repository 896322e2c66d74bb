using Google.OrTools.Sat;

namespace Scheduler.Solver.Modeling;

/// <summary>A literal that may be a constant: history is fixed, so its terms are known while building.</summary>
internal readonly struct Lit
{
    private Lit(ILiteral? literal, bool value)
    {
        Literal = literal;
        Value = value;
    }

    /// <summary>Constant true.</summary>
    public static Lit True => new(null, true);

    /// <summary>Constant false.</summary>
    public static Lit False => new(null, false);

    /// <summary>The variable, or null for a constant.</summary>
    public ILiteral? Literal { get; }

    /// <summary>The constant's value (meaningless for a variable).</summary>
    public bool Value { get; }

    public bool IsTrue => Literal is null && Value;

    public bool IsFalse => Literal is null && !Value;

    public static Lit Of(ILiteral literal) => new(literal, false);

    public static Lit Of(bool value) => new(null, value);

    /// <summary>The negation.</summary>
    public Lit Not() => Literal is { } literal ? Of(literal.Not()) : Of(!Value);
}
