using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Generic rostering: a person's minutes of assigned shifts over the horizon lie between
/// <see cref="RosterLimits.MinTotalMinutes"/> and <see cref="RosterLimits.MaxTotalMinutes"/>.
/// </summary>
/// <remarks>
/// Edges, decided once: every assigned shift counts its whole elapsed length (duty or not, even past the
/// horizon's end); history does not count. The window is the horizon.
/// </remarks>
public static class TotalMinutes
{
    /// <summary>Checks one person's total.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (problem.Roster(person) is not { } roster || (roster.MinTotalMinutes < 0 && roster.MaxTotalMinutes < 0))
        {
            return;
        }

        var total = 0;
        foreach (ref readonly var duty in duties)
        {
            if (!duty.IsHistory)
            {
                total += duty.End - duty.Start;
            }
        }

        var end = problem.DayStarts[problem.DayCount];
        if (roster.MaxTotalMinutes >= 0 && total > roster.MaxTotalMinutes)
        {
            sink.Add(new Violation(RuleId.TotalMinutes, person, -1, 0, end, total, roster.MaxTotalMinutes));
        }
        else if (total < roster.MinTotalMinutes)
        {
            sink.Add(new Violation(RuleId.TotalMinutes, person, -1, 0, end, total, roster.MinTotalMinutes));
        }
    }
}
