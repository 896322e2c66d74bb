using System.Runtime.InteropServices;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// A linear expression as the model's protocol buffer holds one: variable indices, their coefficients, and a
/// constant. A Boolean literal's negation (a negative index) is written as 1 - v. Encoders fill one, write
/// it with <see cref="ProtoWriter.Linear(LinearTerms, long, long, ReadOnlySpan{int})"/>, and clear it for the
/// next constraint, so building a constraint allocates only the constraint.
/// </summary>
internal sealed class LinearTerms
{
    private readonly List<int> _variables = [];
    private readonly List<long> _coefficients = [];

    public ReadOnlySpan<int> Variables => CollectionsMarshal.AsSpan(_variables);

    public ReadOnlySpan<long> Coefficients => CollectionsMarshal.AsSpan(_coefficients);

    /// <summary>The constant part.</summary>
    public long Constant { get; private set; }

    /// <summary>The number of variable terms.</summary>
    public int Count => _variables.Count;

    public LinearTerms Clear()
    {
        _variables.Clear();
        _coefficients.Clear();
        Constant = 0;
        return this;
    }

    /// <summary>Adds coefficient x a variable or literal given by its index (negative: a Boolean's negation).</summary>
    public LinearTerms Add(int index, long coefficient = 1)
    {
        if (index < 0)
        {
            Constant += coefficient;
            index = ProtoWriter.Not(index);
            coefficient = -coefficient;
        }

        _variables.Add(index);
        _coefficients.Add(coefficient);
        return this;
    }

    /// <summary>Adds a constant.</summary>
    public LinearTerms AddConstant(long constant)
    {
        Constant += constant;
        return this;
    }

    /// <summary>Adds every term of another expression, times a factor.</summary>
    public LinearTerms Add(LinearTerms other, long factor = 1)
    {
        for (var i = 0; i < other.Count; i++)
        {
            _variables.Add(other._variables[i]);
            _coefficients.Add(other._coefficients[i] * factor);
        }

        Constant += other.Constant * factor;
        return this;
    }

    /// <summary>The expression's value in a solution (values indexed by variable).</summary>
    public long Value(IReadOnlyList<long> solution)
    {
        var value = Constant;
        for (var i = 0; i < _variables.Count; i++)
        {
            value += _coefficients[i] * solution[_variables[i]];
        }

        return value;
    }
}
