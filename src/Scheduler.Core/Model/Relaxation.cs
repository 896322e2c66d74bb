using Scheduler.Core.Checking;

namespace Scheduler.Core.Model;

/// <summary>
/// Makes coverage and chosen rules soft, so that a solve returns the least bad schedule and what it breaks instead of
/// nothing. Rules the problem already makes soft keep their weights. The weights put coverage and supervision far
/// above the duty-hour rules' hours, and every one of them far above the preferences (requests 1, fairness 10):
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>coverage</term><description>1,000 per person short (or over) on a shift</description></item>
/// <item><term>supervision</term><description>1,000 per faculty member short</description></item>
/// <item><term>days off</term><description>1,000 per free day short in a window</description></item>
/// <item><term>call frequency, consecutive nights</term><description>500 per call or night over</description></item>
/// <item><term>weekly hours, continuous duty, rest</term><description>100 per hour over (rest: short)</description></item>
/// <item><term>faculty clinic sessions</term><description>100 per session short or over</description></item>
/// </list>
/// </remarks>
public static class Relaxation
{
    /// <summary>The rules that can be relaxed: double booking, availability, eligibility and the rostering limits cannot.</summary>
    public static IReadOnlyList<RuleId> Relaxable { get; } =
    [
        RuleId.Coverage, RuleId.Supervision, RuleId.WeeklyHours, RuleId.DaysOff, RuleId.ContinuousDuty, RuleId.Rest,
        RuleId.CallFrequency, RuleId.ConsecutiveNights, RuleId.FacultyClinicSessions,
    ];

    /// <summary>The weight a relaxed rule gets (see the table above).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rule cannot be relaxed.</exception>
    public static int Weight(RuleId rule) => rule switch
    {
        RuleId.Coverage or RuleId.Supervision or RuleId.DaysOff => 1000,
        RuleId.CallFrequency or RuleId.ConsecutiveNights => 500,
        RuleId.WeeklyHours or RuleId.ContinuousDuty or RuleId.Rest or RuleId.FacultyClinicSessions => 100,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, $"{rule} cannot be relaxed"),
    };

    /// <summary>The problem with coverage and <paramref name="rules"/> soft at their weights (soft ones kept).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rule cannot be relaxed.</exception>
    public static Problem Apply(Problem problem, IEnumerable<RuleId> rules)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rules);
        var soft = problem.Objective.SoftRules.ToList();
        foreach (var rule in rules.Prepend(RuleId.Coverage).Distinct())
        {
            var weight = Weight(rule);
            if (problem.Objective.SoftWeight(rule) is null)
            {
                soft.Add(new SoftRule(rule, weight));
            }
        }

        return problem with { Objective = problem.Objective with { SoftRules = soft } };
    }
}
