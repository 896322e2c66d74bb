using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>The CP-SAT face of <see cref="Core.Rules.Coverage"/>: each shift gets between its min and max people.</summary>
/// <remarks>
/// Soft, each person short or over costs the weight once. A shift with its own <see cref="Core.Model.CoverPenalty"/>
/// is soft at its own prices whatever the rule is: slacks for the people short and over, each priced.
/// </remarks>
internal static class CoverageEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var vars = context.Vars;
        var terms = new List<ILiteral>();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            terms.Clear();
            foreach (var k in vars.OfShift(s))
            {
                terms.Add(vars.Vars[k]);
            }

            if (problem.CoverPenalty(s) is { } penalty)
            {
                EncodePriced(context, terms, problem.MinPeople[s], problem.MaxPeople[s], penalty);
            }
            else
            {
                context.Bound(LinearExpr.Sum(terms), problem.MinPeople[s], problem.MaxPeople[s], RuleId.Coverage);
            }
        }
    }

    private static void EncodePriced(ModelContext context, List<ILiteral> terms, int min, int max, Core.Model.CoverPenalty penalty)
    {
        var sum = LinearExpr.Sum(terms);
        if (min > 0)
        {
            var under = context.Model.NewIntVar(0, min, string.Empty);
            context.Model.Add(sum + under >= min);
            context.Penalty(nameof(RuleId.Coverage), under, penalty.Under);
        }

        if (terms.Count > max)
        {
            var over = context.Model.NewIntVar(0, terms.Count - max, string.Empty);
            context.Model.Add(sum - over <= max);
            context.Penalty(nameof(RuleId.Coverage), over, penalty.Over);
        }
    }
}
