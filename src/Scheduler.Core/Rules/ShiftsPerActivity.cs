using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>Generic rostering: at most a person's limit of shifts of each activity (<see cref="RosterLimits.MaxShifts"/>).</summary>
/// <remarks>
/// Edges, decided once: the horizon's shifts count, history does not. The violation names the first shift over
/// the limit (the limit + 1st of the activity, in start order); its window is the horizon.
/// </remarks>
public static class ShiftsPerActivity
{
    /// <summary>Checks one person's shifts of every limited activity.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (problem.Roster(person) is not { } roster)
        {
            return;
        }

        var activities = problem.ShiftActivity;
        var max = roster.MaxShifts;
        for (var a = 0; a < max.Length; a++)
        {
            if (max[a] < 0)
            {
                continue;
            }

            int count = 0, firstOver = -1;
            foreach (ref readonly var duty in duties)
            {
                if (!duty.IsHistory && activities[duty.Shift] == a && ++count == max[a] + 1)
                {
                    firstOver = duty.Shift;
                }
            }

            if (count > max[a])
            {
                sink.Add(new Violation(RuleId.ShiftsPerActivity, person, firstOver, 0, problem.DayStarts[problem.DayCount], count, max[a]));
            }
        }
    }
}
