using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.CallFrequency"/>: in every judged window, the in-house calls
/// starting in it, history included, are at most the limit. Soft, each call over costs the weight once.
/// </summary>
internal static class CallFrequencyEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var windowDays = problem.WindowDays;
        if (problem.LastWindow < problem.FirstWindow)
        {
            return;
        }

        var first = problem.FirstWindow;
        var dayCount = problem.LastWindow + windowDays - first;
        var fixedCalls = new int[dayCount];
        var calls = new List<int>[dayCount];
        foreach (var t in context.Timelines)
        {
            context.ForPerson(t.Person);
            ref readonly var rules = ref problem.PersonRules[t.Person];
            if (!rules.DutyHourRules)
            {
                continue;
            }

            Array.Clear(fixedCalls);
            for (var d = 0; d < dayCount; d++)
            {
                (calls[d] ??= []).Clear();
            }

            for (var i = 0; i < t.Count; i++)
            {
                var d = t.Day[i] - first;
                if ((t.Kinds[i] & ActivityKinds.InHouseCall) == 0 || (uint)d >= (uint)dayCount)
                {
                    continue;
                }

                if (t.Items[i].Literal is { } literal)
                {
                    calls[d].Add(literal);
                }
                else
                {
                    fixedCalls[d]++;
                }
            }

            var limit = rules.MaxCallsPerWindow;
            var window = new LinearTerms();
            for (var w = 0; w + windowDays <= dayCount; w++)
            {
                window.Clear();
                var fixedCount = 0;
                for (var d = w; d < w + windowDays; d++)
                {
                    foreach (var call in calls[d])
                    {
                        window.Add(call);
                    }

                    fixedCount += fixedCalls[d];
                }

                if (window.Count + fixedCount > limit)
                {
                    context.Bound(window, long.MinValue / 2, limit - fixedCount, RuleId.CallFrequency);
                }
            }
        }
    }
}
