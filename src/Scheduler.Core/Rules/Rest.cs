using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Rest: at least <see cref="Model.ProgramRules.MinRestMinutes"/> free between duty periods, and at least
/// <see cref="Model.ProgramRules.MinRestAfterCallMinutes"/> after a period of
/// <see cref="Model.ProgramRules.LongCallPeriodMinutes"/> or more that holds an in-house call shift.
/// </summary>
/// <remarks>
/// Edges, decided once: the gap is measured in elapsed minutes from the end of one period (its latest
/// shift end, transition included) to the start of the next; exactly 8 h (or 14 h) passes. A gap is judged
/// when the later period holds a horizon shift, so history followed by too early a first shift is caught.
/// The violation's window is the gap itself.
/// </remarks>
public static class Rest
{
    /// <summary>Checks every gap between duty periods of one person.</summary>
    public static void Check(CompiledProblem problem, in PersonRules rules, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!rules.DutyHourRules)
        {
            return;
        }

        var workspace = CheckWorkspace.Rent();
        try
        {
            Check(problem.Rules, person, DutyPeriods.Collect(duties, problem.Rules.ContinuityGapMinutes, workspace), sink);
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }

    /// <summary>Judges the gaps between one person's duty periods (built once and shared with <see cref="ContinuousDuty"/>).</summary>
    internal static void Check(ProgramRules r, int person, ReadOnlySpan<DutyPeriod> periods, ViolationSink sink)
    {
        for (var k = 1; k < periods.Length; k++)
        {
            ref readonly var previous = ref periods[k - 1];
            ref readonly var p = ref periods[k];
            if (!p.InHorizon)
            {
                continue;
            }

            var required = previous.HasInHouseCall && previous.End - previous.Start >= r.LongCallPeriodMinutes
                ? r.MinRestAfterCallMinutes
                : r.MinRestMinutes;
            var gap = p.Start - previous.End;
            if (gap < required)
            {
                sink.Add(new Violation(RuleId.Rest, person, -1, previous.End, p.Start, gap, required));
            }
        }
    }
}
