using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>The CP-SAT face of <see cref="Core.Rules.TotalMinutes"/>: the person's shift lengths sum to between the limits.</summary>
internal static class TotalMinutesEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var vars = context.Vars;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (problem.Roster(p) is not { } roster || (roster.MinTotalMinutes < 0 && roster.MaxTotalMinutes < 0))
            {
                continue;
            }

            var range = vars.OfPerson(p);
            var literals = new BoolVar[range.End.Value - range.Start.Value];
            var lengths = new long[literals.Length];
            for (var k = range.Start.Value; k < range.End.Value; k++)
            {
                var s = vars.PairShift[k];
                literals[k - range.Start.Value] = vars.Vars[k];
                lengths[k - range.Start.Value] = problem.ShiftEnd[s] - problem.ShiftStart[s];
            }

            var upper = roster.MaxTotalMinutes >= 0 ? roster.MaxTotalMinutes : long.MaxValue / 2;
            context.Bound(LinearExpr.WeightedSum(literals, lengths), Math.Max(0, roster.MinTotalMinutes), upper, RuleId.TotalMinutes);
        }
    }
}
