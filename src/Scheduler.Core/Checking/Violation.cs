using System.Runtime.InteropServices;

namespace Scheduler.Core.Checking;

/// <summary>The rules the checkers judge.</summary>
public enum RuleId
{
    /// <summary>At most 80 h a week averaged over 4 weeks (every rolling 28-day window).</summary>
    WeeklyHours = 0,

    /// <summary>At least 4 free 24-hour periods in every rolling 28-day window.</summary>
    DaysOff = 1,

    /// <summary>A duty period lasts at most 24 h plus 4 h of transition.</summary>
    ContinuousDuty = 2,

    /// <summary>8 h free between duty periods; 14 h after 24 h of in-house call.</summary>
    Rest = 3,

    /// <summary>At most 9 in-house calls in every rolling 28-day window (every third night).</summary>
    CallFrequency = 4,

    /// <summary>At most 6 night shifts on consecutive local dates.</summary>
    ConsecutiveNights = 5,

    /// <summary>Faculty present at the program's ratios in supervised shifts.</summary>
    Supervision = 6,

    /// <summary>A person's shifts never overlap.</summary>
    DoubleBooking = 7,

    /// <summary>Each shift gets between its minimum and maximum number of people.</summary>
    Coverage = 8,

    /// <summary>No assignment during an absence.</summary>
    Availability = 9,

    /// <summary>Assigned people have the role, PGY year and qualifications the shift asks for.</summary>
    Eligibility = 10,

    /// <summary>Optional: each faculty member works between a minimum and a maximum of clinic sessions a week.</summary>
    FacultyClinicSessions = 11,

    /// <summary>Generic rostering: at most a person's limit of shifts of an activity over the horizon.</summary>
    ShiftsPerActivity = 12,

    /// <summary>Generic rostering: a person's minutes of shifts over the horizon between their minimum and maximum.</summary>
    TotalMinutes = 13,

    /// <summary>Generic rostering: runs of working days between a person's minimum and maximum length.</summary>
    ConsecutiveDays = 14,

    /// <summary>Generic rostering: runs of days off at least a person's minimum length.</summary>
    ConsecutiveDaysOff = 15,

    /// <summary>Generic rostering: at most a person's limit of weekends worked.</summary>
    Weekends = 16,

    /// <summary>Generic rostering: no forbidden succession of activities on consecutive days.</summary>
    Succession = 17,
}

/// <summary>
/// One broken rule: which rule, whose (person or shift, -1 when not applicable), the window [From, To) in
/// minutes from the problem start, the measured value and the limit it broke (both in the rule's unit:
/// minutes, days, calls, nights or people).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Violation(RuleId Rule, int Person, int Shift, int From, int To, int Measured, int Limit)
    : IComparable<Violation>
{
    /// <summary>Number of rules.</summary>
    public const int RuleCount = 18;

    /// <inheritdoc />
    public int CompareTo(Violation other)
    {
        var c = ((int)Rule).CompareTo((int)other.Rule); // as int: Enum.CompareTo(object) would box
        if (c == 0) c = Person.CompareTo(other.Person);
        if (c == 0) c = Shift.CompareTo(other.Shift);
        if (c == 0) c = From.CompareTo(other.From);
        if (c == 0) c = To.CompareTo(other.To);
        if (c == 0) c = Measured.CompareTo(other.Measured);
        return c != 0 ? c : Limit.CompareTo(other.Limit);
    }

    /// <inheritdoc cref="IComparable{T}.CompareTo" />
    public static bool operator <(Violation left, Violation right) => left.CompareTo(right) < 0;

    /// <inheritdoc cref="IComparable{T}.CompareTo" />
    public static bool operator >(Violation left, Violation right) => left.CompareTo(right) > 0;

    /// <inheritdoc cref="IComparable{T}.CompareTo" />
    public static bool operator <=(Violation left, Violation right) => left.CompareTo(right) <= 0;

    /// <inheritdoc cref="IComparable{T}.CompareTo" />
    public static bool operator >=(Violation left, Violation right) => left.CompareTo(right) >= 0;
}
