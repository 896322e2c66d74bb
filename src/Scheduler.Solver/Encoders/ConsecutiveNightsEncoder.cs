using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.ConsecutiveNights"/>: no run of more than the limit of local
/// dates that each hold a night shift start, when the run reaches into the horizon.
/// </summary>
/// <remarks>
/// One literal per date that may hold a night (implied by each night shift starting that date, so it can
/// only be true more often than the schedule says, never less), and in every block of limit + 1
/// consecutive dates that holds a horizon date, fewer nights than dates. A run that breaks the limit holds
/// such a block exactly when it reaches into the horizon. Soft, each night over costs the weight once.
/// </remarks>
internal static class ConsecutiveNightsEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var dayCount = problem.DayCount;
        var nights = new Lit[dayCount];
        var candidates = new List<int>[dayCount];
        foreach (var t in context.Timelines)
        {
            context.ForPerson(t.Person);
            ref readonly var rules = ref problem.PersonRules[t.Person];
            if (!rules.DutyHourRules)
            {
                continue;
            }

            Array.Fill(nights, Lit.False);
            for (var d = 0; d < dayCount; d++)
            {
                (candidates[d] ??= []).Clear();
            }

            for (var i = 0; i < t.Count; i++)
            {
                if ((t.Kinds[i] & ActivityKinds.Night) == 0 || (uint)t.Day[i] >= (uint)dayCount)
                {
                    continue;
                }

                if (t.Items[i].Literal is { } literal)
                {
                    candidates[t.Day[i]].Add(literal);
                }
                else
                {
                    nights[t.Day[i]] = Lit.True;
                }
            }

            for (var d = 0; d < dayCount; d++)
            {
                if (nights[d].IsTrue || candidates[d].Count == 0)
                {
                    continue;
                }

                if (candidates[d].Count == 1)
                {
                    nights[d] = Lit.Of(candidates[d][0]);
                    continue;
                }

                var night = context.Proto.NewBool();
                foreach (var literal in candidates[d])
                {
                    context.Proto.Implies(literal, night);
                }

                nights[d] = Lit.Of(night);
            }

            var limit = rules.MaxConsecutiveNights;
            var block = new LinearTerms();
            for (var start = Math.Max(0, problem.HistoryDays - limit); start + limit < dayCount; start++)
            {
                block.Clear();
                var fixedNights = 0;
                var possible = true;
                for (var d = start; d <= start + limit && possible; d++)
                {
                    if (nights[d].Literal is { } literal)
                    {
                        block.Add(literal);
                    }
                    else if (nights[d].IsTrue)
                    {
                        fixedNights++;
                    }
                    else
                    {
                        possible = false;
                    }
                }

                if (possible && block.Count > 0)
                {
                    context.Bound(block, long.MinValue / 2, limit - fixedNights, RuleId.ConsecutiveNights);
                }
            }
        }
    }
}
