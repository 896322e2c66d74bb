using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.ContinuousDuty"/> (24 + 4): a worked duty item ends at most the
/// core limit (non-transition) or the period limit (any) after its period's start.
/// </summary>
/// <remarks>
/// A period's core and total lengths are the largest of these over its items, so bounding every item
/// bounds the period. Hard, the bound is the floor of the item's period-start variable (read only while the
/// item is worked, see <see cref="DutyPeriodTerms"/>), not a constraint of its own. History periods are
/// judged only when the horizon continues them: when the last history period already breaks the rule, no
/// candidate may continue it. Soft, each started hour over costs the weight once per item that ends beyond
/// the limit.
/// </remarks>
internal static class ContinuousDutyEncoder
{
    public static void Encode(ModelContext context, DutyPeriodTerms periods, in PersonRules rules)
    {
        var t = periods.Timeline;
        var weight = context.SoftWeight(RuleId.ContinuousDuty);
        if (weight == 0)
        {
            return;
        }

        for (var k = t.HistoryCount; k < t.Count; k++)
        {
            if (!t.IsDuty(k))
            {
                continue;
            }

            var limit = Limit(t, k, rules);
            var x = t.Items[k].Index;
            if (periods.Starts[k].Literal == x && !periods.JoinsHistory[k])
            {
                // No predecessor can exist: the item is its own period.
                var over = t.End[k] - t.Start[k] - limit;
                if (over > 0)
                {
                    context.Emit(context.Clause().When(t.Items[k]), RuleId.ContinuousDuty, Hours(over));
                }

                continue;
            }

            if (weight is { } w)
            {
                var hours = context.Proto.NewInt(0, (t.End[k] - t.Start[k] + context.Problem.DayStarts[context.Problem.DayCount]) / 60 + 1);
                context.Proto.Linear([periods.PeriodStartIndex[k], hours], [1, 60], t.End[k] - limit, long.MaxValue, [x]);
                context.Penalty(nameof(RuleId.ContinuousDuty), hours, w);
            }
            else if (context.Assumption(RuleId.ContinuousDuty) is { } assumed)
            {
                // Explaining: the bound holds only while the person's rule is assumed.
                context.Proto.Linear([periods.PeriodStartIndex[k]], [1], t.End[k] - limit, long.MaxValue, [x, assumed]);
            }
            else if (!context.Proto.Narrow(periods.PeriodStartIndex[k], t.End[k] - limit, long.MaxValue))
            {
                // Worked, the item ends beyond the limit after the latest start its period can have.
                context.Emit(context.Clause().When(t.Items[k]), RuleId.ContinuousDuty, 1);
            }
        }

        // The last history period, when it already breaks the rule, must not reach into the horizon (soft: that
        // costs, unless the history is earlier weeks of the same solve, which paid for it already).
        var first = periods.HistoryLastPeriodFirst;
        if (first < 0 || (weight is not null && context.HistoryJudged))
        {
            return;
        }

        var excess = 0;
        for (var i = first; i < t.HistoryCount; i++)
        {
            if (t.IsDuty(i))
            {
                excess = Math.Max(excess, t.End[i] - t.Start[first] - Limit(t, i, rules));
            }
        }

        if (excess > 0)
        {
            for (var k = t.HistoryCount; k < t.Count; k++)
            {
                if (periods.JoinsHistory[k])
                {
                    context.Emit(context.Clause().When(t.Items[k]), RuleId.ContinuousDuty, Hours(excess));
                }
            }
        }
    }

    private static int Limit(Timeline t, int i, in PersonRules rules) =>
        (t.Kinds[i] & ActivityKinds.Transition) == 0
            ? Math.Min(rules.MaxContinuousDutyMinutes, rules.MaxDutyPeriodMinutes)
            : rules.MaxDutyPeriodMinutes;

    internal static long Hours(long minutes) => (minutes + 59) / 60;
}
