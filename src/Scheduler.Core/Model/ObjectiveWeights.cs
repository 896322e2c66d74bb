using Scheduler.Core.Checking;

namespace Scheduler.Core.Model;

/// <summary>
/// Weights of the solver's objective: soft terms it minimises, and which rules are soft. Every weight is a
/// non-negative integer; 0 switches a term off. <see cref="Default"/> holds the documented defaults.
/// </summary>
/// <remarks>
/// The objective is the weighted sum of: request penalties (each unmet request costs its own weight times
/// <see cref="Requests"/>); fairness within each PGY year, as the spread (most minus fewest among the
/// residents of that year) of in-house calls, night shifts and weekend duty shifts; continuity breaks in
/// activities marked <see cref="ActivityKinds.Continuity"/>; and the violations of the rules listed in
/// <see cref="SoftRules"/>, each scaled by how badly it is broken (people short, minutes over, days short).
/// Rules not listed there are hard. Double booking, availability and eligibility are always hard.
/// </remarks>
public sealed record ObjectiveWeights
{
    /// <summary>The defaults: every rule hard, requests 1, fairness 10 per unit of spread, continuity 1.</summary>
    public static ObjectiveWeights Default { get; } = new();

    /// <summary>Multiplies each request's own weight when the request is not honoured.</summary>
    public int Requests { get; init; } = 1;

    /// <summary>Per in-house call of spread between the most and fewest calls within a PGY year.</summary>
    public int CallFairness { get; init; } = 10;

    /// <summary>Per night shift of spread within a PGY year.</summary>
    public int NightFairness { get; init; } = 10;

    /// <summary>Per weekend duty shift (starting on a local Saturday or Sunday) of spread within a PGY year.</summary>
    public int WeekendFairness { get; init; } = 10;

    /// <summary>
    /// Per continuity break: a person works one session of a continuity activity but not the next one
    /// (which starts less than the continuity gap after it ends), or the other way round.
    /// </summary>
    public int Continuity { get; init; } = 1;

    /// <summary>Rules made soft, each with its weight per unit of violation; any rule not listed is hard.</summary>
    public IReadOnlyList<SoftRule> SoftRules { get; init; } = [];

    /// <summary>The weight of a rule when it is soft, or null when it is hard.</summary>
    public int? SoftWeight(RuleId rule)
    {
        foreach (var soft in SoftRules)
        {
            if (soft.Rule == rule)
            {
                return soft.Weight;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Equals(ObjectiveWeights? other) =>
        other is not null && Requests == other.Requests && CallFairness == other.CallFairness
        && NightFairness == other.NightFairness && WeekendFairness == other.WeekendFairness
        && Continuity == other.Continuity && SoftRules.SequenceEqual(other.SoftRules);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Requests, CallFairness, NightFairness, WeekendFairness, Continuity, SoftRules.Count);
}

/// <summary>A rule the solver may break at a cost.</summary>
/// <param name="Rule">The rule; double booking, availability and eligibility cannot be soft.</param>
/// <param name="Weight">Cost per unit of violation: per person short or over (coverage), per faculty short
/// (supervision), per hour over (weekly hours, continuous duty), per hour short (rest), per day short (days
/// off), per call or night over (call frequency, consecutive nights), per session short or over (faculty
/// clinic sessions).</param>
public sealed record SoftRule(RuleId Rule, int Weight);
