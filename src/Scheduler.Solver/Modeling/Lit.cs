namespace Scheduler.Solver.Modeling;

/// <summary>
/// A literal that may be a constant: history is fixed, so its terms are known while building. A variable literal
/// is its index in the model (negative for a negation, as <see cref="ProtoWriter.Not"/> makes it).
/// </summary>
internal readonly struct Lit
{
    // Constants sit at the ends of the int range, which no variable index reaches.
    private const int TrueIndex = int.MaxValue;
    private const int FalseIndex = int.MinValue;

    private readonly int _index;

    private Lit(int index) => _index = index;

    /// <summary>Constant true.</summary>
    public static Lit True => new(TrueIndex);

    /// <summary>Constant false.</summary>
    public static Lit False => new(FalseIndex);

    /// <summary>The variable literal's index, or null for a constant.</summary>
    public int? Literal => IsConstant ? null : _index;

    /// <summary>The variable literal's index; for a variable literal only.</summary>
    public int Index => IsConstant ? throw new InvalidOperationException("A constant has no index.") : _index;

    /// <summary>The constant's value (false for a variable).</summary>
    public bool Value => _index == TrueIndex;

    public bool IsTrue => _index == TrueIndex;

    public bool IsFalse => _index == FalseIndex;

    private bool IsConstant => _index is TrueIndex or FalseIndex;

    /// <summary>A variable literal, by its index.</summary>
    public static Lit Of(int literal) => new(literal);

    public static Lit Of(bool value) => value ? True : False;

    /// <summary>The negation.</summary>
    public Lit Not() => IsConstant ? Of(!Value) : Of(ProtoWriter.Not(_index));
}
