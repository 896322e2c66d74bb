using Google.OrTools.Sat;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// Adds constraints straight to the model's protocol buffer. The expression API allocates an expression
/// tree per constraint and walks it; on the millions of small constraints of a year-long program that was
/// most of the build time, so the encoders' hot paths write the few fields CP-SAT needs directly.
/// </summary>
internal sealed class ProtoWriter(CpModel model)
{
    private readonly CpModelProto _proto = model.Model;

    /// <summary>lower &lt;= sum(coefficients x variables) &lt;= upper, when every enforcement literal holds.</summary>
    public void Linear(ReadOnlySpan<int> variables, ReadOnlySpan<long> coefficients, long lower, long upper, ReadOnlySpan<int> enforcement = default)
    {
        var linear = new LinearConstraintProto();
        foreach (var v in variables)
        {
            linear.Vars.Add(v);
        }

        foreach (var c in coefficients)
        {
            linear.Coeffs.Add(c);
        }

        linear.Domain.Add(lower);
        linear.Domain.Add(upper);
        var constraint = new ConstraintProto { Linear = linear };
        foreach (var e in enforcement)
        {
            constraint.EnforcementLiteral.Add(e);
        }

        _proto.Constraints.Add(constraint);
    }

    /// <summary>Every Boolean variable (by index) is false when the enforcement literal holds.</summary>
    public void Zero(ReadOnlySpan<int> variables, int enforcement)
    {
        var linear = new LinearConstraintProto();
        foreach (var v in variables)
        {
            linear.Vars.Add(v);
            linear.Coeffs.Add(1);
        }

        linear.Domain.Add(0);
        linear.Domain.Add(0);
        var constraint = new ConstraintProto { Linear = linear };
        constraint.EnforcementLiteral.Add(enforcement);
        _proto.Constraints.Add(constraint);
    }

    /// <summary>Every literal in the list is false when the enforcement literal holds.</summary>
    public void NoneOf(List<ILiteral> literals, int enforcement)
    {
        // A Boolean sum forced to zero: CP-SAT reads the Boolean variables and negated literals the same way
        // as a linear of literals, so write each literal as (index, +1) or, when negated, through its variable.
        var linear = new LinearConstraintProto();
        long offset = 0;
        foreach (var literal in literals)
        {
            var index = literal.GetIndex();
            if (index >= 0)
            {
                linear.Vars.Add(index);
                linear.Coeffs.Add(1);
            }
            else
            {
                // not(v) = 1 - v
                linear.Vars.Add(-index - 1);
                linear.Coeffs.Add(-1);
                offset++;
            }
        }

        linear.Domain.Add(-offset);
        linear.Domain.Add(-offset);
        var constraint = new ConstraintProto { Linear = linear };
        constraint.EnforcementLiteral.Add(enforcement);
        _proto.Constraints.Add(constraint);
    }

    /// <summary>At least one literal holds.</summary>
    public void Or(ReadOnlySpan<int> literals)
    {
        var clause = new BoolArgumentProto();
        foreach (var l in literals)
        {
            clause.Literals.Add(l);
        }

        _proto.Constraints.Add(new ConstraintProto { BoolOr = clause });
    }

    /// <summary>a implies b.</summary>
    public void Implies(int a, int b) => Or([Not(a), b]);

    /// <summary>The index of a literal's negation.</summary>
    public static int Not(int literal) => -literal - 1;
}
