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
        var terms = new LinearTerms();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            context.ForShift(s);
            terms.Clear();
            foreach (var k in vars.OfShift(s))
            {
                terms.Add(vars.Index[k]);
            }

            if (problem.CoverPenalty(s) is { } penalty)
            {
                // Slacks bounded by the people who could be short (all of the minimum) or over (those beyond the maximum).
                context.Priced(
                    terms, problem.MinPeople[s], problem.MaxPeople[s], nameof(RuleId.Coverage),
                    penalty.Under, penalty.Over, problem.MinPeople[s], terms.Count - problem.MaxPeople[s]);
            }
            else
            {
                context.Bound(terms, problem.MinPeople[s], problem.MaxPeople[s], RuleId.Coverage);
            }
        }
    }
}
