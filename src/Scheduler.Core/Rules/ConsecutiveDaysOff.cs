using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>Generic rostering: every run of days off lasts at least <see cref="RosterLimits.MinConsecutiveDaysOff"/> days.</summary>
/// <remarks>
/// Edges, decided once: a day off is a local day of the horizon on which none of the person's shifts starts (a
/// night shift from the day before does not make it a working day). A run touching the horizon's first or last
/// day is exempt (it may continue outside the horizon), so only runs between two working days are judged. The
/// window is the run's local days.
/// </remarks>
public static class ConsecutiveDaysOff
{
    /// <summary>Checks one person's runs of days off.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (problem.Roster(person) is not { } roster || roster.MinConsecutiveDaysOff < 0)
        {
            return;
        }

        var days = problem.DayStarts;
        var previous = -1;
        foreach (ref readonly var duty in duties)
        {
            if (duty.IsHistory || duty.Day == previous)
            {
                continue;
            }

            var off = duty.Day - previous - 1;
            if (previous >= 0 && off > 0 && off < roster.MinConsecutiveDaysOff)
            {
                sink.Add(new Violation(RuleId.ConsecutiveDaysOff, person, -1, days[previous + 1], days[duty.Day], off, roster.MinConsecutiveDaysOff));
            }

            previous = duty.Day;
        }
    }
}
