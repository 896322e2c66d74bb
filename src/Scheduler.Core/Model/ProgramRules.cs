namespace Scheduler.Core.Model;

/// <summary>
/// Parameters of every rule; <see cref="Acgme"/> holds the ACGME Common Program Requirements (VI.F).
/// Durations are minutes. Rolling windows cover <see cref="WindowDays"/> local days.
/// </summary>
public sealed record ProgramRules
{
    /// <summary>The ACGME defaults.</summary>
    public static ProgramRules Acgme { get; } = new();

    /// <summary>Length of a rolling window in local days (28: four weeks).</summary>
    public int WindowDays { get; init; } = 28;

    /// <summary>Most duty minutes in a window: 80 h a week averaged over 4 weeks.</summary>
    public int MaxDutyMinutesPerWindow { get; init; } = 320 * 60;

    /// <summary>Fewest free 24-hour periods in a window: one day in seven.</summary>
    public int MinFreeDaysPerWindow { get; init; } = 4;

    /// <summary>A shift starting less than this after the previous one ends continues its duty period.</summary>
    public int ContinuityGapMinutes { get; init; } = 4 * 60;

    /// <summary>Most minutes from a duty period's start to the end of its last non-transition shift.</summary>
    public int MaxContinuousDutyMinutes { get; init; } = 24 * 60;

    /// <summary>Most minutes of a whole duty period, transition included (24 + 4).</summary>
    public int MaxDutyPeriodMinutes { get; init; } = 28 * 60;

    /// <summary>Fewest free minutes between duty periods.</summary>
    public int MinRestMinutes { get; init; } = 8 * 60;

    /// <summary>Fewest free minutes after a long duty period that holds in-house call.</summary>
    public int MinRestAfterCallMinutes { get; init; } = 14 * 60;

    /// <summary>A duty period this long or longer, holding in-house call, needs the longer rest.</summary>
    public int LongCallPeriodMinutes { get; init; } = 24 * 60;

    /// <summary>Most in-house calls (counted by start) in a window: every third night averaged.</summary>
    public int MaxCallsPerWindow { get; init; } = 9;

    /// <summary>Most night shifts on consecutive local dates.</summary>
    public int MaxConsecutiveNights { get; init; } = 6;

    /// <summary>PGY-1 residents one faculty member may supervise (1:2).</summary>
    public int Pgy1PerFaculty { get; init; } = 2;

    /// <summary>PGY-2+ residents one faculty member may supervise (1:4).</summary>
    public int SeniorPerFaculty { get; init; } = 4;

    /// <summary>Optional, off when null: most minutes of a PGY-1 duty period (16 h, the pre-2017 rule).</summary>
    public int? Pgy1MaxDutyPeriodMinutes { get; init; }

    /// <summary>Optional, off when null: fewest clinic sessions a faculty member works in each week of the horizon.</summary>
    public int? FacultyMinClinicSessionsPerWeek { get; init; }

    /// <summary>Optional, off when null: most clinic sessions a faculty member works in each week of the horizon.</summary>
    public int? FacultyMaxClinicSessionsPerWeek { get; init; }

    /// <summary>Successions of activities on consecutive local days that no one may work (hard; none by default).</summary>
    public IReadOnlyList<Succession> ForbiddenSuccessions { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ProgramRules? other) =>
        other is not null && WindowDays == other.WindowDays && MaxDutyMinutesPerWindow == other.MaxDutyMinutesPerWindow
        && MinFreeDaysPerWindow == other.MinFreeDaysPerWindow && ContinuityGapMinutes == other.ContinuityGapMinutes
        && MaxContinuousDutyMinutes == other.MaxContinuousDutyMinutes && MaxDutyPeriodMinutes == other.MaxDutyPeriodMinutes
        && MinRestMinutes == other.MinRestMinutes && MinRestAfterCallMinutes == other.MinRestAfterCallMinutes
        && LongCallPeriodMinutes == other.LongCallPeriodMinutes && MaxCallsPerWindow == other.MaxCallsPerWindow
        && MaxConsecutiveNights == other.MaxConsecutiveNights && Pgy1PerFaculty == other.Pgy1PerFaculty
        && SeniorPerFaculty == other.SeniorPerFaculty && Pgy1MaxDutyPeriodMinutes == other.Pgy1MaxDutyPeriodMinutes
        && FacultyMinClinicSessionsPerWeek == other.FacultyMinClinicSessionsPerWeek
        && FacultyMaxClinicSessionsPerWeek == other.FacultyMaxClinicSessionsPerWeek
        && ForbiddenSuccessions.SequenceEqual(other.ForbiddenSuccessions);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(WindowDays, MaxDutyMinutesPerWindow, MinFreeDaysPerWindow, MaxContinuousDutyMinutes, MaxCallsPerWindow, ForbiddenSuccessions.Count);
}

/// <summary>Per-person rule parameters; a null field keeps the program's value.</summary>
public sealed record RuleOverrides
{
    /// <summary>Replaces <see cref="ProgramRules.MaxDutyMinutesPerWindow"/>.</summary>
    public int? MaxDutyMinutesPerWindow { get; init; }

    /// <summary>Replaces <see cref="ProgramRules.MinFreeDaysPerWindow"/>.</summary>
    public int? MinFreeDaysPerWindow { get; init; }

    /// <summary>Replaces <see cref="ProgramRules.MaxContinuousDutyMinutes"/>.</summary>
    public int? MaxContinuousDutyMinutes { get; init; }

    /// <summary>Replaces <see cref="ProgramRules.MaxCallsPerWindow"/>.</summary>
    public int? MaxCallsPerWindow { get; init; }

    /// <summary>Replaces <see cref="ProgramRules.MaxConsecutiveNights"/>.</summary>
    public int? MaxConsecutiveNights { get; init; }
}
