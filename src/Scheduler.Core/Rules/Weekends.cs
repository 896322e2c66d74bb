using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>Generic rostering: at most <see cref="RosterLimits.MaxWeekends"/> weekends worked.</summary>
/// <remarks>
/// Edges, decided once: a weekend is a local Saturday and the Sunday after it; it is worked when a shift of the
/// person starts on either day inside the horizon (a horizon starting on a Sunday holds that weekend's Sunday
/// only). History does not count. The window is the horizon.
/// </remarks>
public static class Weekends
{
    /// <summary>Checks one person's weekends.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (problem.Roster(person) is not { } roster || roster.MaxWeekends < 0)
        {
            return;
        }

        // Days ascend with the duties, so each weekend's key (its Saturday) is met in one stretch.
        int worked = 0, lastSaturday = int.MinValue;
        foreach (ref readonly var duty in duties)
        {
            var saturday = duty.IsHistory ? int.MinValue : SaturdayOf(problem, duty.Day);
            if (saturday != int.MinValue && saturday != lastSaturday)
            {
                worked++;
                lastSaturday = saturday;
            }
        }

        if (worked > roster.MaxWeekends)
        {
            sink.Add(new Violation(RuleId.Weekends, person, -1, 0, problem.DayStarts[problem.DayCount], worked, roster.MaxWeekends));
        }
    }

    /// <summary>The weekend a local day belongs to, as its Saturday's day, or <see cref="int.MinValue"/> for a weekday.</summary>
    public static int SaturdayOf(CompiledProblem problem, int day)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.DayOfWeek(day) switch
        {
            DayOfWeek.Saturday => day,
            DayOfWeek.Sunday => day - 1,
            _ => int.MinValue,
        };
    }
}
