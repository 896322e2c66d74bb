using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>The CP-SAT face of <see cref="Core.Rules.ShiftsPerActivity"/>: per limited activity, the person's shifts of it sum to at most the limit.</summary>
internal static class ShiftsPerActivityEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var vars = context.Vars;
        var terms = new LinearTerms();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            context.ForPerson(p);
            if (problem.Roster(p) is not { } roster)
            {
                continue;
            }

            var max = roster.MaxShifts;
            for (var a = 0; a < max.Length; a++)
            {
                if (max[a] < 0)
                {
                    continue;
                }

                terms.Clear();
                foreach (var k in vars.OfPerson(p).Enumerate())
                {
                    if (problem.ShiftActivity[vars.PairShift[k]] == a)
                    {
                        terms.Add(vars.Index[k]);
                    }
                }

                if (terms.Count > max[a])
                {
                    context.Bound(terms, 0, max[a], RuleId.ShiftsPerActivity);
                }
            }
        }
    }
}
