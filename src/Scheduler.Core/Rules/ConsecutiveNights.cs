using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Night float: at most <see cref="ProgramRules.MaxConsecutiveNights"/> night shifts on consecutive local dates.
/// </summary>
/// <remarks>
/// Edges, decided once: a night counts on the local date it starts on (19:00 July 2 to 07:00 July 3 is the
/// night of July 2); two night shifts starting the same date count once. A run is judged when it holds a
/// horizon night, and its whole length counts, history included. The window is the run's local days.
/// </remarks>
public static class ConsecutiveNights
{
    /// <summary>Checks every run of nights of one person.</summary>
    public static void Check(CompiledProblem problem, in PersonRules rules, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (!rules.DutyHourRules)
        {
            return;
        }

        var days = problem.DayStarts;
        var limit = rules.MaxConsecutiveNights;
        int runFirst = -2, runLast = -2;
        var horizon = false;
        foreach (ref readonly var duty in duties)
        {
            if ((duty.Kinds & ActivityKinds.Night) == 0)
            {
                continue;
            }

            if (duty.Day != runLast && duty.Day != runLast + 1)
            {
                Close(days, person, runFirst, runLast, horizon, limit, sink);
                runFirst = duty.Day;
                horizon = false;
            }

            runLast = duty.Day;
            horizon |= !duty.IsHistory;
        }

        Close(days, person, runFirst, runLast, horizon, limit, sink);
    }

    private static void Close(ReadOnlySpan<int> days, int person, int first, int last, bool horizon, int limit, ViolationSink sink)
    {
        var length = last - first + 1;
        if (first >= 0 && horizon && length > limit)
        {
            sink.Add(new Violation(RuleId.ConsecutiveNights, person, -1, days[first], days[last + 1], length, limit));
        }
    }
}
