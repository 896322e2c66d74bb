namespace Scheduler.Core.Model;

/// <summary>
/// The generic rostering limits of one person over the horizon, as standard staff-rostering benchmarks
/// (Curtois and Qu's shift scheduling benchmark, INRC-II) state them. A null field, or an empty list, is off.
/// </summary>
/// <remarks>
/// A person's <b>working day</b> is a local day of the horizon on which one of their assigned shifts starts;
/// every other day of the horizon is a day off. The limits judge the horizon only: history before it does not
/// count, and a run of working days or days off that touches the horizon's first or last day is exempt from its
/// minimum (it may continue outside the horizon), though not from its maximum. A <b>weekend</b> is a local
/// Saturday and the Sunday after it, either of them inside the horizon; it is worked when either day is a
/// working day. The limits are hard: they cannot be listed in <see cref="ObjectiveWeights.SoftRules"/>.
/// </remarks>
public sealed record RosterLimits
{
    /// <summary>Most shifts of an activity over the horizon, per activity listed.</summary>
    public IReadOnlyList<ActivityLimit> MaxShifts { get; init; } = [];

    /// <summary>Fewest minutes of assigned shifts (elapsed lengths) over the horizon.</summary>
    public int? MinTotalMinutes { get; init; }

    /// <summary>Most minutes of assigned shifts (elapsed lengths) over the horizon.</summary>
    public int? MaxTotalMinutes { get; init; }

    /// <summary>Fewest working days in a row (runs touching the horizon's ends are exempt).</summary>
    public int? MinConsecutiveDays { get; init; }

    /// <summary>Most working days in a row.</summary>
    public int? MaxConsecutiveDays { get; init; }

    /// <summary>Fewest days off in a row (runs touching the horizon's ends are exempt).</summary>
    public int? MinConsecutiveDaysOff { get; init; }

    /// <summary>Most weekends worked.</summary>
    public int? MaxWeekends { get; init; }

    /// <inheritdoc />
    public bool Equals(RosterLimits? other) =>
        other is not null && MaxShifts.SequenceEqual(other.MaxShifts) && MinTotalMinutes == other.MinTotalMinutes
        && MaxTotalMinutes == other.MaxTotalMinutes && MinConsecutiveDays == other.MinConsecutiveDays
        && MaxConsecutiveDays == other.MaxConsecutiveDays && MinConsecutiveDaysOff == other.MinConsecutiveDaysOff
        && MaxWeekends == other.MaxWeekends;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MaxShifts.Count, MinTotalMinutes, MaxTotalMinutes, MaxConsecutiveDays, MaxWeekends);
}

/// <summary>At most <paramref name="Max"/> shifts of activity <paramref name="ActivityId"/> over the horizon.</summary>
public sealed record ActivityLimit(string ActivityId, int Max);

/// <summary>
/// A forbidden succession: a person who works a shift of <paramref name="FromActivityId"/> starting on a local day
/// may not work a shift of <paramref name="ToActivityId"/> starting on the next local day (e.g. no early shift
/// the day after a night).
/// </summary>
public sealed record Succession(string FromActivityId, string ToActivityId);

/// <summary>
/// Makes a shift's coverage soft at its own prices: each person short of the minimum costs
/// <paramref name="Under"/>, each person over the maximum costs <paramref name="Over"/>.
/// </summary>
public sealed record CoverPenalty(int Under, int Over);
