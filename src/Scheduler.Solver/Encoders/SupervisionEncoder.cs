using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.Supervision"/>: in a supervised shift,
/// faculty x r1 x r2 &gt;= PGY-1 x r2 + senior x r1, which is the checker's faculty &gt;= ceil(...) for
/// integer faculty.
/// </summary>
/// <remarks>Soft, each faculty member short costs the weight once (the slack is in faculty units).</remarks>
internal static class SupervisionEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var vars = context.Vars;
        var r1 = (long)problem.Rules.Pgy1PerFaculty;
        var r2 = (long)problem.Rules.SeniorPerFaculty;
        var terms = new LinearTerms();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            context.ForShift(s);
            if (!problem.Supervised[s])
            {
                continue;
            }

            terms.Clear();
            var residents = false;
            foreach (var k in vars.OfShift(s))
            {
                var p = vars.PairPerson[k];
                var coefficient = problem.Roles[p] == Role.Faculty ? r1 * r2 : problem.Pgy[p] == 1 ? -r2 : -r1;
                residents |= coefficient < 0;
                terms.Add(vars.Index[k], coefficient);
            }

            if (!residents)
            {
                continue;
            }

            if (context.SoftWeight(RuleId.Supervision) is { } weight)
            {
                var short_ = context.Proto.NewInt(0, vars.OfShift(s).Length);
                terms.Add(short_, r1 * r2);
                context.Penalty(nameof(RuleId.Supervision), short_, weight);
            }

            context.Proto.Linear(terms, 0, long.MaxValue, context.Enforcement(RuleId.Supervision));
        }
    }
}
