using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>
/// Days off: one day in seven free averaged over 4 weeks, judged as at least
/// <see cref="Model.ProgramRules.MinFreeDaysPerWindow"/> free 24-hour periods in every rolling window.
/// </summary>
/// <remarks>
/// Edges, decided once: a free period is a maximal gap with no duty and no home call. In a window, each
/// such gap is intersected with the window and counts floor(length / 24 h); the counts are summed. So a
/// noon-to-noon day off counts, two calendar days each with a morning shift do not, and a 47-hour gap
/// counts one. Gaps are elapsed time (a free day across a daylight-saving change is still 24 h). The
/// span's ends bound the gaps (nothing is assumed before history or after the horizon). Windows and
/// proration (rounded up for this minimum) as in <see cref="WeeklyHours"/>.
/// </remarks>
public static class DaysOff
{
    private const int Day = 24 * 60;

    /// <summary>Checks windows <paramref name="firstWindow"/>..<paramref name="lastWindow"/> (day indices) of one person.</summary>
    public static void Check(
        CompiledProblem problem, in PersonRules rules, int person, ReadOnlySpan<Duty> duties,
        int firstWindow, int lastWindow, ViolationSink sink)
    {
        if (!rules.DutyHourRules || lastWindow < firstWindow)
        {
            return;
        }

        var workspace = CheckWorkspace.Rent();
        try
        {
            var days = problem.DayStarts;
            var windowDays = problem.WindowDays;
            var regionStart = days[firstWindow];
            var regionEnd = days[lastWindow + windowDays];

            // Free gaps within [regionStart, regionEnd): the complement of the busy intervals.
            workspace.EnsureGaps(duties.Length + 2);
            var gapStart = workspace.GapStart;
            var gapEnd = workspace.GapEnd;
            var prefix = workspace.GapDaysPrefix;
            var gaps = 0;
            var cursor = regionStart;
            for (var i = DutySearch.FirstReaching(duties, regionStart, problem.MaxDutyLength); i < duties.Length; i++)
            {
                ref readonly var duty = ref duties[i];
                if (duty.Start >= regionEnd)
                {
                    break;
                }

                if (!duty.IsBusy)
                {
                    continue;
                }

                // A gap shorter than a day counts nothing in any window: keep only the long ones.
                if (duty.Start - cursor >= Day)
                {
                    gapStart[gaps] = cursor;
                    gapEnd[gaps++] = duty.Start;
                }

                cursor = Math.Max(cursor, duty.End);
            }

            if (regionEnd - cursor >= Day)
            {
                gapStart[gaps] = cursor;
                gapEnd[gaps++] = regionEnd;
            }

            prefix[0] = 0;
            for (var g = 0; g < gaps; g++)
            {
                prefix[g + 1] = prefix[g] + (gapEnd[g] - gapStart[g]) / Day;
            }

            // Slide the window: gaps [first, last) touch it; only the two end gaps need clipping.
            var limit = rules.MinFreeDaysPerWindow;
            int first = 0, last = 0;
            for (var d = firstWindow; d <= lastWindow; d++)
            {
                var from = days[d];
                var to = days[d + windowDays];
                while (first < gaps && gapEnd[first] <= from)
                {
                    first++;
                }

                if (last < first)
                {
                    last = first;
                }

                while (last < gaps && gapStart[last] < to)
                {
                    last++;
                }

                int free;
                if (last - first == 0)
                {
                    free = 0;
                }
                else if (last - first == 1)
                {
                    free = (Math.Min(gapEnd[first], to) - Math.Max(gapStart[first], from)) / Day;
                }
                else
                {
                    free = (gapEnd[first] - Math.Max(gapStart[first], from)) / Day
                        + (prefix[last - 1] - prefix[first + 1])
                        + (Math.Min(gapEnd[last - 1], to) - gapStart[last - 1]) / Day;
                }

                if (free < limit)
                {
                    sink.Add(new Violation(RuleId.DaysOff, person, -1, from, to, free, limit));
                }
            }
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }
}
