using Scheduler.Core.Compiled;

namespace Scheduler.Core.Diagnosis;

/// <summary>
/// Mends a schedule's short shifts one change at a time: each the change <see cref="ShortfallReasons"/> finds (a free
/// person added, or someone moved off an overlapping shift without breaking a hard rule or leaving that shift short),
/// until none of the shifts in the days asked for has a mend. Greedy and quick: a start for a search, or a first
/// answer to whether a gap can be covered.
/// </summary>
public static class HoleMending
{
    /// <summary>
    /// The schedule with the short shifts starting on horizon days [<paramref name="fromDay"/>,
    /// <paramref name="toDay"/>) mended, at most <paramref name="maxChanges"/> mends; assignments the problem no longer
    /// allows (a person now absent) are dropped first.
    /// </summary>
    public static CompiledSchedule Mend(CompiledSchedule schedule, int fromDay, int toDay, int maxChanges = 200)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = schedule.Problem;
        var pairs = schedule.ToPairs().Where(x => problem.CanWork(x.Person, x.Shift)).ToHashSet();
        var mended = CompiledSchedule.FromPairs(problem, [.. pairs]);
        var window = Enumerable.Range(0, problem.ShiftCount)
            .Where(s => problem.ShiftDay[s] - problem.HistoryDays is var day && day >= fromDay && day < toDay).ToArray();
        for (var round = 0; round < maxChanges; round++)
        {
            var next = ShortfallReasons.FirstMendable(mended, window);
            if (next?.Mend is not { } mend)
            {
                break;
            }

            if (mend.OtherShift >= 0)
            {
                pairs.Remove((mend.Person, mend.OtherShift));
            }

            pairs.Add((mend.Person, next.Shift));
            mended = CompiledSchedule.FromPairs(problem, [.. pairs]);
        }

        return mended;
    }
}
