using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>
/// Weekly hours: at most 80 h a week averaged over 4 weeks, judged as at most
/// <see cref="Model.ProgramRules.MaxDutyMinutesPerWindow"/> duty minutes in every rolling window.
/// </summary>
/// <remarks>
/// Edges, decided once: a window covers 28 local days from a local midnight, so across a daylight-saving
/// change it is an hour shorter or longer in elapsed minutes. Duty minutes are the union of the person's
/// duty intervals (history included) clipped to the window: a shift across midnight counts in both windows
/// by its minutes on each side, and two overlapping shifts (a double-booking) count their common minutes
/// once. Judged windows: every window inside history plus horizon that reaches into the horizon; when the
/// span is shorter than a window, the whole span with the limit prorated by days, rounded down.
/// </remarks>
public static class WeeklyHours
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

        var workspace = CheckWorkspace.Rent();
        try
        {
            var days = problem.DayStarts;
            var windowDays = problem.WindowDays;
            var limit = rules.MaxDutyMinutesPerWindow;
            var regionEndDay = lastWindow + windowDays;

            // Bound first: the windows starting in a block of days lie inside the block plus a window, so
            // when that span holds no more than the limit, none of them can break it. Duty minutes at block
            // boundaries cost far less than at every midnight; exact windows are computed only for blocks
            // that fail the bound.
            var blocks = (lastWindow - firstWindow) / WindowBlock.Days + 1;
            var coarseCount = (regionEndDay - firstWindow + WindowBlock.Days - 1) / WindowBlock.Days + 1;
            workspace.EnsureCoarse(coarseCount);
            var coarse = workspace.CoarseBoundaries.AsSpan(0, coarseCount);
            for (var m = 0; m < coarseCount; m++)
            {
                coarse[m] = days[Math.Min(firstWindow + m * WindowBlock.Days, regionEndDay)];
            }

            var coarseCumulative = workspace.CoarseCumulative.AsSpan(0, coarseCount);
            CumulativeDuty(duties, coarse, problem.MaxDutyLength, coarseCumulative);

            for (var j = 0; j < blocks; j++)
            {
                var first = firstWindow + j * WindowBlock.Days;
                var last = Math.Min(first + WindowBlock.Days - 1, lastWindow);
                var upper = Math.Min((last + windowDays - firstWindow + WindowBlock.Days - 1) / WindowBlock.Days, coarseCount - 1);
                if (coarseCumulative[upper] - coarseCumulative[j] <= limit)
                {
                    continue;
                }

                var boundaryCount = last + windowDays - first + 1;
                workspace.EnsureBoundaries(boundaryCount);
                var cumulative = workspace.Cumulative.AsSpan(0, boundaryCount);
                var boundaries = days.Slice(first, boundaryCount);
                CumulativeDuty(duties, boundaries, problem.MaxDutyLength, cumulative);
                for (var d = 0; d <= last - first; d++)
                {
                    var minutes = cumulative[d + windowDays] - cumulative[d];
                    if (minutes > limit)
                    {
                        sink.Add(new Violation(RuleId.WeeklyHours, person, -1, boundaries[d], boundaries[d + windowDays], (int)minutes, limit));
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
    /// Fills <paramref name="cumulative"/>[k] with the duty minutes (union of intervals) before
    /// <paramref name="boundaries"/>[k], counted from an arbitrary origin before the first boundary.
    /// </summary>
    internal static void CumulativeDuty(ReadOnlySpan<Duty> duties, ReadOnlySpan<int> boundaries, int maxLength, Span<long> cumulative)
    {
        var k = 0;
        long total = 0;
        var covered = int.MinValue;
        var last = boundaries[^1];
        for (var i = DutySearch.FirstReaching(duties, boundaries[0], maxLength); i < duties.Length; i++)
        {
            ref readonly var duty = ref duties[i];
            if (duty.Start >= last)
            {
                break;
            }

            if (!duty.IsDuty || duty.End <= covered)
            {
                continue;
            }

            // Count only the part not already covered, so overlapping duty counts once.
            var start = Math.Max(duty.Start, covered);
            var end = duty.End;
            covered = end;
            while (k < boundaries.Length && boundaries[k] <= start)
            {
                cumulative[k++] = total;
            }

            while (k < boundaries.Length && boundaries[k] < end)
            {
                cumulative[k] = total + (boundaries[k] - start);
                k++;
            }

            total += end - start;
        }

        while (k < boundaries.Length)
        {
            cumulative[k++] = total;
        }
    }
}
