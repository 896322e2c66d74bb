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
        var terms = new LinearTerms();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            context.ForPerson(p);
            if (problem.Roster(p) is not { } roster || (roster.MinTotalMinutes < 0 && roster.MaxTotalMinutes < 0))
            {
                continue;
            }

            var range = vars.OfPerson(p);
            terms.Clear();
            for (var k = range.Start.Value; k < range.End.Value; k++)
            {
                var s = vars.PairShift[k];
                terms.Add(vars.Index[k], problem.ShiftEnd[s] - problem.ShiftStart[s]);
            }

            var upper = roster.MaxTotalMinutes >= 0 ? roster.MaxTotalMinutes : long.MaxValue / 2;
            context.Bound(terms, Math.Max(0, roster.MinTotalMinutes), upper, RuleId.TotalMinutes);
        }
    }
}
