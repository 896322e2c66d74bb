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

            // Every window starting in a block holds the days from the block's last start to its first
            // start plus a window: enough free days there settles the whole block (free days only grow with
            // the span). Blocks that fail the bound are judged window by window.
            var limit = rules.MinFreeDaysPerWindow;
            var bound = new FreeDays(gapStart.AsSpan(0, gaps), gapEnd.AsSpan(0, gaps), prefix.AsSpan(0, gaps + 1));
            var exact = bound;
            for (var first = firstWindow; first <= lastWindow; first += WindowBlock.Days)
            {
                var last = Math.Min(first + WindowBlock.Days - 1, lastWindow);
                if (last < first + windowDays && bound.Count(days[last], days[first + windowDays]) >= limit)
                {
                    continue;
                }

                for (var d = first; d <= last; d++)
                {
                    var free = exact.Count(days[d], days[d + windowDays]);
                    if (free < limit)
                    {
                        sink.Add(new Violation(RuleId.DaysOff, person, -1, days[d], days[d + windowDays], free, limit));
                    }
                }
            }
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }

    /// <summary>
    /// Whole free days in spans [from, to) whose ends never move back: gaps [first, last) touch the span,
    /// only the two end gaps need clipping, and the ones between come from prefix sums.
    /// </summary>
    private ref struct FreeDays
    {
        private readonly ReadOnlySpan<int> _start;
        private readonly ReadOnlySpan<int> _end;
        private readonly ReadOnlySpan<int> _prefix;
        private int _first;
        private int _last;

        public FreeDays(ReadOnlySpan<int> start, ReadOnlySpan<int> end, ReadOnlySpan<int> prefix)
        {
            _start = start;
            _end = end;
            _prefix = prefix;
        }

        public int Count(int from, int to)
        {
            while (_first < _start.Length && _end[_first] <= from)
            {
                _first++;
            }

            _last = Math.Max(_last, _first);
            while (_last < _start.Length && _start[_last] < to)
            {
                _last++;
            }

            return (_last - _first) switch
            {
                0 => 0,
                1 => (Math.Min(_end[_first], to) - Math.Max(_start[_first], from)) / Day,
                _ => ((_end[_first] - Math.Max(_start[_first], from)) / Day)
                    + (_prefix[_last - 1] - _prefix[_first + 1])
                    + ((Math.Min(_end[_last - 1], to) - _start[_last - 1]) / Day),
            };
        }
    }
}
