using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.Rest"/>: when a worked item starts a period, no worked duty item
/// ends less than the rest before it, nor less than the after-call rest when its period up to it is a long
/// in-house call period.
/// </summary>
/// <remarks>
/// A period start has no worked duty ending within the continuity gap before it, so any worked item ending
/// earlier but within the rest belongs to an earlier period that ends too late: the clauses are binary. The
/// long-call literal of an item is forced true when it is worked and its period holds call and started the
/// long-call length before its end, so it stands for the item in the 14 h rule. History periods are judged only when the horizon continues them. Soft, each started
/// hour short costs the weight once per clause.
/// </remarks>
internal static class RestEncoder
{
    public static void Encode(ModelContext context, DutyPeriodTerms periods)
    {
        var t = periods.Timeline;
        var rules = context.Problem.Rules;
        var gap = rules.ContinuityGapMinutes;
        var rest = rules.MinRestMinutes;
        var afterCall = rules.MinRestAfterCallMinutes;
        var longCall = rules.LongCallPeriodMinutes;
        var reach = Math.Max(rest, afterCall) + context.Problem.MaxDutyLength;
        var longCallTerms = new Lit?[t.Count];
        var soft = context.SoftWeight(RuleId.Rest) is not null;
        var tooClose = new List<int>();
        for (var b = t.HistoryCount; b < t.Count; b++)
        {
            var starts = periods.Starts[b];
            if (!t.IsDuty(b) || starts.IsFalse)
            {
                continue;
            }

            // Hard, every worked item (or long-call period end) too close before a period start is one sum
            // that the start forces to zero; soft, each is its own clause with its own cost.
            tooClose.Clear();
            var fixedTooClose = false;
            for (var a = b - 1; a >= 0 && t.Start[a] > t.Start[b] - reach; a--)
            {
                var gapMinutes = t.Start[b] - t.End[a];
                if (!t.IsDuty(a) || gapMinutes < gap)
                {
                    continue;
                }

                Lit close;
                long hoursShort;
                if (gapMinutes < rest)
                {
                    close = t.Items[a];
                    hoursShort = ContinuousDutyEncoder.Hours(rest - gapMinutes);
                }
                else if (gapMinutes < afterCall)
                {
                    close = longCallTerms[a] ??= LongCall(context, periods, a, longCall);
                    hoursShort = ContinuousDutyEncoder.Hours(afterCall - gapMinutes);
                }
                else
                {
                    continue;
                }

                if (soft)
                {
                    context.Emit(context.Clause().When(starts).When(close), RuleId.Rest, hoursShort);
                }
                else if (close.Literal is { } literal)
                {
                    tooClose.Add(literal);
                }
                else
                {
                    fixedTooClose |= close.IsTrue;
                }
            }

            if (fixedTooClose)
            {
                context.Emit(context.Clause().When(starts), RuleId.Rest, 1);
            }
            else if (tooClose.Count > 0 && context.Assumption(RuleId.Rest) is not null)
            {
                // Explaining: one clause each, so that the person's rule can be assumed.
                foreach (var literal in tooClose)
                {
                    context.Emit(context.Clause().When(starts).When(Lit.Of(literal)), RuleId.Rest, 1);
                }
            }
            else if (tooClose.Count > 0)
            {
                context.Proto.NoneOf(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tooClose), starts.Index);
            }
        }

        // The last history period, when its rest before it was short, must not reach into the horizon (soft: that
        // costs, unless the history is earlier weeks of the same solve, which paid for it already).
        var first = periods.HistoryLastPeriodFirst;
        if (first >= 0 && periods.PreviousHistoryPeriodEnd != int.MinValue && !(soft && context.HistoryJudged))
        {
            var required = periods.PreviousHistoryPeriodLongCall ? afterCall : rest;
            var short_ = required - (t.Start[first] - periods.PreviousHistoryPeriodEnd);
            if (short_ > 0)
            {
                for (var k = t.HistoryCount; k < t.Count; k++)
                {
                    if (periods.JoinsHistory[k])
                    {
                        context.Emit(context.Clause().When(t.Items[k]), RuleId.Rest, ContinuousDutyEncoder.Hours(short_));
                    }
                }
            }
        }
    }

    /// <summary>True (at least) when item a is worked and its period up to a holds call and is long.</summary>
    private static Lit LongCall(ModelContext context, DutyPeriodTerms periods, int a, int longCall)
    {
        var t = periods.Timeline;
        var holds = periods.HoldsCall[a];
        if (t.IsHistory(a))
        {
            var start = periods.HistoryPeriodStart(a);
            return Lit.Of(holds.IsTrue && t.End[a] - start >= longCall);
        }

        var lc = context.Proto.NewBool();
        context.Proto.Linear(
            [periods.PeriodStartIndex[a]], [1], t.End[a] - longCall + 1, long.MaxValue,
            [ProtoWriter.Not(lc), holds.Index, t.Items[a].Index]);
        return Lit.Of(lc);
    }
}
