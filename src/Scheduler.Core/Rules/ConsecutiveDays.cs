using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Generic rostering: every run of working days lasts between <see cref="RosterLimits.MinConsecutiveDays"/> and
/// <see cref="RosterLimits.MaxConsecutiveDays"/> days.
/// </summary>
/// <remarks>
/// Edges, decided once: a working day is a local day of the horizon on which one of the person's shifts starts
/// (history does not count). A run touching the horizon's first or last day is exempt from the minimum (it may
/// continue outside the horizon) but not from the maximum. The window is the run's local days.
/// </remarks>
public static class ConsecutiveDays
{
    /// <summary>Checks one person's runs of working days.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (problem.Roster(person) is not { } roster || (roster.MinConsecutiveDays < 0 && roster.MaxConsecutiveDays < 0))
        {
            return;
        }

        int runFirst = -1, runLast = -2;
        foreach (ref readonly var duty in duties)
        {
            if (duty.IsHistory || duty.Day == runLast)
            {
                continue;
            }

            if (duty.Day != runLast + 1)
            {
                Close(problem, roster, person, runFirst, runLast, sink);
                runFirst = duty.Day;
            }

            runLast = duty.Day;
        }

        Close(problem, roster, person, runFirst, runLast, sink);
    }

    private static void Close(CompiledProblem problem, CompiledRoster roster, int person, int first, int last, ViolationSink sink)
    {
        if (first < 0)
        {
            return;
        }

        var length = last - first + 1;
        var days = problem.DayStarts;
        if (roster.MaxConsecutiveDays >= 0 && length > roster.MaxConsecutiveDays)
        {
            sink.Add(new Violation(RuleId.ConsecutiveDays, person, -1, days[first], days[last + 1], length, roster.MaxConsecutiveDays));
        }
        else if (length < roster.MinConsecutiveDays && first > problem.HistoryDays && last < problem.DayCount - 1)
        {
            sink.Add(new Violation(RuleId.ConsecutiveDays, person, -1, days[first], days[last + 1], length, roster.MinConsecutiveDays));
        }
    }
}
