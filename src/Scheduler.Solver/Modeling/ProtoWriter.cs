using Google.OrTools.Sat;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// Adds variables, constraints and the objective straight to the model's protocol buffer, naming variables
/// by index. The expression API allocates an expression tree per constraint and an object per variable and
/// walks them; on the millions of small constraints of a year-long program that was most of the build time,
/// so every encoder writes the few fields CP-SAT needs directly.
/// </summary>
internal sealed class ProtoWriter(CpModel model)
{
    private readonly CpModelProto _proto = model.Model;

    /// <summary>lower &lt;= sum(coefficients x variables) &lt;= upper, when every enforcement literal holds.</summary>
    public void Linear(ReadOnlySpan<int> variables, ReadOnlySpan<long> coefficients, long lower, long upper, ReadOnlySpan<int> enforcement = default)
    {
        var linear = new LinearConstraintProto();
        linear.Vars.Capacity = variables.Length;
        foreach (var v in variables)
        {
            linear.Vars.Add(v);
        }

        linear.Coeffs.Capacity = coefficients.Length;
        foreach (var c in coefficients)
        {
            linear.Coeffs.Add(c);
        }

        linear.Domain.Capacity = 2;
        linear.Domain.Add(lower);
        linear.Domain.Add(upper);
        var constraint = new ConstraintProto { Linear = linear };
        constraint.EnforcementLiteral.Capacity = enforcement.Length;
        foreach (var e in enforcement)
        {
            constraint.EnforcementLiteral.Add(e);
        }

        _proto.Constraints.Add(constraint);
    }

    /// <summary>lower &lt;= terms &lt;= upper, when every enforcement literal holds.</summary>
    public void Linear(LinearTerms terms, long lower, long upper, ReadOnlySpan<int> enforcement = default) =>
        Linear(terms.Variables, terms.Coefficients, Less(lower, terms.Constant), Less(upper, terms.Constant), enforcement);

    /// <summary>Every literal (an index, negative for a negation) is false when the enforcement literal holds.</summary>
    public void NoneOf(ReadOnlySpan<int> literals, int enforcement)
    {
        // A Boolean sum forced to zero, with not(v) written as 1 - v.
        var linear = new LinearConstraintProto();
        linear.Vars.Capacity = literals.Length;
        linear.Coeffs.Capacity = literals.Length;
        long offset = 0;
        foreach (var literal in literals)
        {
            if (literal >= 0)
            {
                linear.Vars.Add(literal);
                linear.Coeffs.Add(1);
            }
            else
            {
                linear.Vars.Add(Not(literal));
                linear.Coeffs.Add(-1);
                offset++;
            }
        }

        linear.Domain.Capacity = 2;
        linear.Domain.Add(-offset);
        linear.Domain.Add(-offset);
        var constraint = new ConstraintProto { Linear = linear };
        constraint.EnforcementLiteral.Capacity = 1;
        constraint.EnforcementLiteral.Add(enforcement);
        _proto.Constraints.Add(constraint);
    }

    /// <summary>At least one literal holds.</summary>
    public void Or(ReadOnlySpan<int> literals) => _proto.Constraints.Add(new ConstraintProto { BoolOr = Literals(literals) });

    /// <summary>At most one literal holds.</summary>
    public void AtMostOne(ReadOnlySpan<int> literals) => _proto.Constraints.Add(new ConstraintProto { AtMostOne = Literals(literals) });

    /// <summary>A new Boolean variable; returns its index.</summary>
    public int NewBool() => NewInt(0, 1);

    /// <summary>A new integer variable with domain [lower, upper]; returns its index.</summary>
    public int NewInt(long lower, long upper)
    {
        var variable = new IntegerVariableProto();
        variable.Domain.Capacity = 2;
        variable.Domain.Add(lower);
        variable.Domain.Add(upper);
        _proto.Variables.Add(variable);
        return _proto.Variables.Count - 1;
    }

    /// <summary>The least and the greatest value the terms can take, from their variables' domains.</summary>
    public (long Lowest, long Highest) Range(LinearTerms terms)
    {
        long lowest = terms.Constant, highest = terms.Constant;
        var variables = terms.Variables;
        var coefficients = terms.Coefficients;
        for (var k = 0; k < variables.Length; k++)
        {
            // A negated Boolean (negative index) lies in [0, 1] too.
            var domain = variables[k] >= 0 ? _proto.Variables[variables[k]].Domain : null;
            long min = domain is null ? 0 : domain[0], max = domain is null ? 1 : domain[^1];
            var c = coefficients[k];
            lowest += c >= 0 ? c * min : c * max;
            highest += c >= 0 ? c * max : c * min;
        }

        return (lowest, highest);
    }

    /// <summary>
    /// Narrows an integer variable's domain (one interval) to its intersection with [lower, upper]; when that is
    /// empty, leaves it as it was and returns false.
    /// </summary>
    public bool Narrow(int variable, long lower, long upper)
    {
        var domain = _proto.Variables[variable].Domain;
        lower = Math.Max(lower, domain[0]);
        upper = Math.Min(upper, domain[1]);
        if (lower > upper)
        {
            return false;
        }

        domain[0] = lower;
        domain[1] = upper;
        return true;
    }

    /// <summary>a implies b.</summary>
    public void Implies(int a, int b) => Or([Not(a), b]);

    /// <summary>The model's objective: minimise the sum of the terms (repeated variables are merged).</summary>
    public void Minimize(IEnumerable<LinearTerms> terms)
    {
        var merged = new Dictionary<int, long>();
        long constant = 0;
        foreach (var t in terms)
        {
            for (var i = 0; i < t.Count; i++)
            {
                merged[t.Variables[i]] = merged.GetValueOrDefault(t.Variables[i]) + t.Coefficients[i];
            }

            constant += t.Constant;
        }

        var objective = new CpObjectiveProto { Offset = constant, ScalingFactor = 1 };
        objective.Vars.Capacity = merged.Count;
        objective.Coeffs.Capacity = merged.Count;
        foreach (var (variable, coefficient) in merged)
        {
            if (coefficient != 0)
            {
                objective.Vars.Add(variable);
                objective.Coeffs.Add(coefficient);
            }
        }

        _proto.Objective = objective;
    }

    /// <summary>The index of a literal's negation.</summary>
    public static int Not(int literal) => -literal - 1;

    // A bound less a constant; an infinite bound (the long range's ends) stays infinite.
    private static long Less(long bound, long constant) =>
        bound is long.MinValue or long.MaxValue ? bound : bound - constant;

    private static BoolArgumentProto Literals(ReadOnlySpan<int> literals)
    {
        var argument = new BoolArgumentProto();
        argument.Literals.Capacity = literals.Length;
        foreach (var l in literals)
        {
            argument.Literals.Add(l);
        }

        return argument;
    }
}
