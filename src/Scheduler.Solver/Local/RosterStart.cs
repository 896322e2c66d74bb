using Scheduler.Core.Compiled;
using Scheduler.Core.Rules;

namespace Scheduler.Solver.Local;

/// <summary>
/// A first schedule for a problem with rostering limits (the Curtois-Qu instances), where the greedy one, shift by
/// shift, leaves people far below their minimum minutes and single-shift moves cannot mend the runs that adding
/// shifts breaks. Person by person, each horizon is laid out in blocks of working days (between the person's minimum
/// and maximum run) separated by at least their minimum run of days off, paced to end between their minimum and
/// maximum minutes, within their weekends and never on a day they may not work; each day of a block takes the shift
/// that may follow the day before's (no forbidden succession, the activity's limit not reached) and is furthest
/// below its cover. The pace aims three quarters of the way from the minimum minutes to the maximum (half way left
/// one person short on a generated instance of the benchmark's largest size). People without rostering limits are left to
/// the local search.
/// </summary>
internal static class RosterStart
{
    public static CompiledSchedule Build(CompiledProblem problem, int seed)
    {
        var first = problem.HistoryDays;
        var days = problem.DayCount;
        var need = problem.MinPeople.ToArray();
        long shiftMinutes = 0;
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            shiftMinutes += Minutes(problem, s);
        }

        var typical = Math.Max(1, shiftMinutes / Math.Max(1, problem.ShiftCount));
        var pairs = new List<(int, int)>();
        var order = Enumerable.Range(0, problem.PersonCount).ToArray();
        new Random(seed).Shuffle(order);
        var used = new int[problem.ActivityCount];
        foreach (var p in order)
        {
            if (problem.Roster(p) is not { } roster)
            {
                continue;
            }

            Array.Clear(used);

            // A limit of -1 is off.
            var minRun = Math.Max(1, roster.MinConsecutiveDays);
            var maxRun = roster.MaxConsecutiveDays < 0 ? days : Math.Max(minRun, roster.MaxConsecutiveDays);
            var minOff = Math.Max(1, roster.MinConsecutiveDaysOff);
            var minutes = 0L;
            var weekends = 0;
            var lastSaturday = int.MinValue;
            var previous = -1;            // the activity worked the day before, or -1
            var offRun = int.MaxValue;     // days off in a row before the current day
            var maxMinutes = roster.MaxTotalMinutes < 0 ? long.MaxValue : roster.MaxTotalMinutes;
            var target = roster.MaxTotalMinutes < 0 ? typical * (days - first) : (Math.Max(0, roster.MinTotalMinutes) + (3 * maxMinutes)) / 4;
            for (var d = first; d < days;)
            {
                // Behind the pace (to three quarters of the way from the minimum minutes to the maximum): a block now; ahead of it: a day off.
                var pace = target * (d - first + 1) / Math.Max(1, days - first);
                if (offRun < minOff || minutes > pace)
                {
                    previous = -1;
                    offRun = offRun == int.MaxValue ? 1 : offRun + 1;
                    d++;
                    continue;
                }

                // The block: as long as the pace asks, within the runs allowed, stopping at a day with no shift to take.
                var length = (int)Math.Clamp(((pace - minutes) / typical) + minRun, minRun, maxRun);
                var worked = 0;
                var (weekendsBefore, saturdayBefore) = (weekends, lastSaturday);
                for (; worked < length && d + worked < days; worked++)
                {
                    var day = d + worked;
                    var saturday = Weekends.SaturdayOf(problem, day);
                    if (saturday != int.MinValue && saturday != lastSaturday && roster.MaxWeekends >= 0 && weekends >= roster.MaxWeekends)
                    {
                        break;
                    }

                    var best = -1;
                    var (from, to) = problem.ShiftsOnDay(day);
                    for (var s = from; s < to; s++)
                    {
                        var activity = problem.ShiftActivity[s];
                        if (problem.CanWork(p, s) && (previous < 0 || !problem.IsForbiddenSuccession(previous, activity))
                            && (roster.MaxShifts[activity] < 0 || used[activity] < roster.MaxShifts[activity]) && minutes + Minutes(problem, s) <= maxMinutes
                            && (best < 0 || Better(problem, need, previous, s, best)))
                        {
                            best = s;
                        }
                    }

                    if (best < 0)
                    {
                        break;
                    }

                    pairs.Add((p, best));
                    need[best]--;
                    used[problem.ShiftActivity[best]]++;
                    minutes += Minutes(problem, best);
                    previous = problem.ShiftActivity[best];
                    if (saturday != int.MinValue && saturday != lastSaturday)
                    {
                        weekends++;
                        lastSaturday = saturday;
                    }
                }

                // A block cut shorter than the minimum run is taken back: a day off instead.
                if (worked < minRun)
                {
                    for (var k = pairs.Count - worked; k < pairs.Count; k++)
                    {
                        var s = pairs[k].Item2;
                        need[s]++;
                        used[problem.ShiftActivity[s]]--;
                        minutes -= Minutes(problem, s);
                    }

                    pairs.RemoveRange(pairs.Count - worked, worked);
                    (weekends, lastSaturday) = (weekendsBefore, saturdayBefore);
                    worked = 0;
                }

                // Then at least the minimum run of days off.
                d += Math.Max(worked, 1);
                previous = -1;
                offRun = worked == 0 ? (offRun == int.MaxValue ? 1 : offRun + 1) : 0;
            }
        }

        return CompiledSchedule.FromPairs(problem, [.. pairs]);
    }

    private static int Minutes(CompiledProblem problem, int shift) => problem.ShiftEnd[shift] - problem.ShiftStart[shift];

    // Within a block the activity of the day before first (it may always follow itself), then the most needed.
    private static bool Better(CompiledProblem problem, int[] need, int previous, int s, int than) =>
        (problem.ShiftActivity[s] == previous) != (problem.ShiftActivity[than] == previous)
            ? problem.ShiftActivity[s] == previous
            : need[s] > need[than];
}
