using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Call frequency: in-house call no more often than every third night averaged over 4 weeks, judged as at
/// most <see cref="ProgramRules.MaxCallsPerWindow"/> in-house call shifts in every rolling window.
/// </summary>
/// <remarks>
/// Edges, decided once: a call counts in the window that contains its start (a call starting at 07:00 on
/// the window's last day counts there, not in the next window). Windows and proration (rounded down) as in
/// <see cref="WeeklyHours"/>.
/// </remarks>
public static class CallFrequency
{
    /// <summary>Checks windows <paramref name="firstWindow"/>..<paramref name="lastWindow"/> (day indices) of one person.</summary>
    public static void Check(
        CompiledProblem problem, in PersonRules rules, int person, ReadOnlySpan<Duty> duties,
        int firstWindow, int lastWindow, ViolationSink sink)
    {
        if (!rules.DutyHourRules || lastWindow < firstWindow)
        {
            return;
        }

        var days = problem.DayStarts;
        var windowDays = problem.WindowDays;
        var limit = rules.MaxCallsPerWindow;

        // Two pointers over the duties: [lo, hi) start inside the window; count the calls among them.
        var lo = DutySearch.FirstStartingAtOrAfter(duties, days[firstWindow]);
        var hi = lo;
        var calls = 0;
        for (var d = firstWindow; d <= lastWindow; d++)
        {
            var from = days[d];
            var to = days[d + windowDays];
            while (hi < duties.Length && duties[hi].Start < to)
            {
                calls += (duties[hi++].Kinds & ActivityKinds.InHouseCall) != 0 ? 1 : 0;
            }

            while (lo < hi && duties[lo].Start < from)
            {
                calls -= (duties[lo++].Kinds & ActivityKinds.InHouseCall) != 0 ? 1 : 0;
            }

            if (calls > limit)
            {
                sink.Add(new Violation(RuleId.CallFrequency, person, -1, from, to, calls, limit));
            }
        }
    }
}
