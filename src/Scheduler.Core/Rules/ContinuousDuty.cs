using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>
/// Continuous duty (24 + 4): a duty period, from its start to the end of its last non-transition shift,
/// lasts at most <see cref="Model.ProgramRules.MaxContinuousDutyMinutes"/>, and the whole period at most
/// <see cref="Model.ProgramRules.MaxDutyPeriodMinutes"/>.
/// </summary>
/// <remarks>
/// Edges, decided once: periods are built by <see cref="DutyPeriods"/> (a shift starting less than the
/// continuity gap, 4 h by default, after the period so far ends continues it). Lengths are elapsed, so a
/// 07:00-07:00 call across the fall-back change lasts 25 h and breaks 24 h. Exactly 24 h + 4 h passes. A
/// period is judged when it holds a horizon shift (history alone is not judged). One violation per period:
/// the core length when the core breaks its limit, else the whole length. With the optional PGY-1 rule
/// both limits are capped for PGY-1 residents.
/// </remarks>
public static class ContinuousDuty
{
    /// <summary>Checks every duty period of one person.</summary>
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
            Check(rules, person, DutyPeriods.Collect(duties, problem.Rules.ContinuityGapMinutes, workspace), sink);
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }

    /// <summary>Judges one person's duty periods (built once and shared with <see cref="Rest"/>).</summary>
    internal static void Check(in PersonRules rules, int person, ReadOnlySpan<DutyPeriod> periods, ViolationSink sink)
    {
        foreach (ref readonly var p in periods)
        {
            if (!p.InHorizon)
            {
                continue;
            }

            var core = p.CoreEnd - p.Start;
            var total = p.End - p.Start;
            if (core > rules.MaxContinuousDutyMinutes)
            {
                sink.Add(new Violation(RuleId.ContinuousDuty, person, -1, p.Start, p.End, core, rules.MaxContinuousDutyMinutes));
            }
            else if (total > rules.MaxDutyPeriodMinutes)
            {
                sink.Add(new Violation(RuleId.ContinuousDuty, person, -1, p.Start, p.End, total, rules.MaxDutyPeriodMinutes));
            }
        }
    }
}
