using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.Succession"/>, per shift and day rather than per pair: a person's
/// shift of activity A on day d excludes every shift of the next day whose activity may not follow A.
/// </summary>
/// <remarks>
/// When the excluded shifts overlap one another (double booking lets at most one of them be worked), one
/// constraint says it: the shift plus the excluded ones sum to at most 1. Otherwise one clause per pair.
/// Pairwise clauses over every person, day and shift pair would grow with the square of the shift types.
/// </remarks>
internal static class SuccessionEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        if (!problem.HasForbiddenSuccessions)
        {
            return;
        }

        var vars = context.Vars;
        var shifts = vars.PairShift;
        var excluded = new List<int>();
        var terms = new LinearTerms();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            context.ForPerson(p);
            var range = vars.OfPerson(p);
            var next = range.Start.Value;
            for (var k = range.Start.Value; k < range.End.Value; k++)
            {
                var day = problem.ShiftDay[shifts[k]];
                var activity = problem.ShiftActivity[shifts[k]];
                while (next < range.End.Value && problem.ShiftDay[shifts[next]] <= day)
                {
                    next++;
                }

                excluded.Clear();
                for (var j = next; j < range.End.Value && problem.ShiftDay[shifts[j]] == day + 1; j++)
                {
                    if (problem.IsForbiddenSuccession(activity, problem.ShiftActivity[shifts[j]]))
                    {
                        excluded.Add(j);
                    }
                }

                if (excluded.Count > 1 && vars.ShareAnInstant(problem, excluded))
                {
                    terms.Clear().Add(vars.Index[k]);
                    foreach (var j in excluded)
                    {
                        terms.Add(vars.Index[j]);
                    }

                    context.Bound(terms, 0, 1, RuleId.Succession);
                    continue;
                }

                foreach (var j in excluded)
                {
                    context.Emit(context.Clause().When(Lit.Of(vars.Index[k])).When(Lit.Of(vars.Index[j])), RuleId.Succession, 1);
                }
            }
        }
    }
}
