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
        var from = days[firstWindow];
        var to = days[lastWindow + windowDays];

        // Gather the call starts in the judged span first: a resident has dozens of calls among hundreds of
        // shifts, so the window slide then walks a short array.
        var workspace = CheckWorkspace.Rent();
        try
        {
            var calls = 0;
            for (var i = DutySearch.FirstStartingAtOrAfter(duties, from); i < duties.Length && duties[i].Start < to; i++)
            {
                if ((duties[i].Kinds & ActivityKinds.InHouseCall) != 0)
                {
                    workspace.AddPair(ref calls, duties[i].Start, 0);
                }
            }

            if (calls <= limit)
            {
                return;
            }

            var starts = workspace.PairIndex.AsSpan(0, calls);
            int lo = 0, hi = 0;
            for (var d = firstWindow; d <= lastWindow; d++)
            {
                var windowStart = days[d];
                var windowEnd = days[d + windowDays];
                while (hi < starts.Length && starts[hi] < windowEnd)
                {
                    hi++;
                }

                while (lo < hi && starts[lo] < windowStart)
                {
                    lo++;
                }

                if (hi - lo > limit)
                {
                    sink.Add(new Violation(RuleId.CallFrequency, person, -1, windowStart, windowEnd, hi - lo, limit));
                }
            }
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }
}
