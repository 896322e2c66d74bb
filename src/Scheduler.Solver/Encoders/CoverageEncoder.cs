using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>The CP-SAT face of <see cref="Core.Rules.Coverage"/>: each shift gets between its min and max people.</summary>
/// <remarks>Soft, each person short or over costs the weight once.</remarks>
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

            context.Bound(LinearExpr.Sum(terms), problem.MinPeople[s], problem.MaxPeople[s], RuleId.Coverage);
        }
    }
}
