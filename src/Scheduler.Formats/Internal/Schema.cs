namespace Scheduler.Formats;

/// <summary>
/// The file schema: every record's fields in positional order, with their JSON names. problems/README.md
/// documents the same tables; a change here is a format change (bump <see cref="FileHeader.Version"/>), except
/// an optional field appended to the end of a record: files without it still read (see
/// <see cref="FieldSet.PositionalMinimum"/>), and the writer leaves it out while it holds its default.
/// </summary>
internal static class Schema
{
    /// <summary>
    /// The problem; <c>objective</c> was appended within version 1, so a positional problem has 12 fields
    /// (written before it, or with the default objective) or 13.
    /// </summary>
    public static readonly FieldSet Problem = new(
        "a problem", "name", "timeZone", "startDate", "horizonDays", "historyDays?", "rules?", "people?", "activities?",
        "shifts?", "absences?", "requests?", "history?", "objective?")
    {
        PositionalMinimum = 12,
    };

    /// <summary>Index of <c>objective</c> in <see cref="Problem"/>.</summary>
    public const int ProblemObjective = 12;

    /// <summary>
    /// The program's rule parameters; <c>forbiddenSuccessions</c> was appended within version 1, so positional rules
    /// have 16 fields (written before it, or with no forbidden succession) or 17.
    /// </summary>
    public static readonly FieldSet Rules = new(
        "rules", "windowDays?", "maxDutyMinutesPerWindow?", "minFreeDaysPerWindow?", "continuityGapMinutes?",
        "maxContinuousDutyMinutes?", "maxDutyPeriodMinutes?", "minRestMinutes?", "minRestAfterCallMinutes?",
        "longCallPeriodMinutes?", "maxCallsPerWindow?", "maxConsecutiveNights?", "pgy1PerFaculty?",
        "seniorPerFaculty?", "pgy1MaxDutyPeriodMinutes?", "facultyMinClinicSessionsPerWeek?",
        "facultyMaxClinicSessionsPerWeek?", "forbiddenSuccessions?")
    {
        PositionalMinimum = 16,
    };

    public static readonly FieldSet Succession = new("a succession", "from", "to");

    public static readonly FieldSet Objective = new(
        "an objective", "requests?", "callFairness?", "nightFairness?", "weekendFairness?", "continuity?", "softRules?");

    public static readonly FieldSet SoftRule = new("a soft rule", "rule", "weight");

    /// <summary>
    /// A person; <c>roster</c> was appended within version 1, so a positional person has 6 fields (written before
    /// it, or without roster limits) or 7.
    /// </summary>
    public static readonly FieldSet Person = new(
        "a person", "id", "name", "role", "pgy?", "qualifications?", "overrides?", "roster?")
    {
        PositionalMinimum = 6,
    };

    public static readonly FieldSet Overrides = new(
        "rule overrides", "maxDutyMinutesPerWindow?", "minFreeDaysPerWindow?", "maxContinuousDutyMinutes?",
        "maxCallsPerWindow?", "maxConsecutiveNights?");

    public static readonly FieldSet Roster = new(
        "roster limits", "maxShifts?", "minTotalMinutes?", "maxTotalMinutes?", "minConsecutiveDays?",
        "maxConsecutiveDays?", "minConsecutiveDaysOff?", "maxWeekends?");

    public static readonly FieldSet ActivityLimit = new("an activity limit", "activity", "max");

    public static readonly FieldSet Activity = new("an activity", "id", "name", "kinds");

    public static readonly FieldSet Shift = new("a shift", "id", "activity", "start", "end", "requirement");

    /// <summary>
    /// A shift's requirement; <c>penalty</c> was appended within version 1, so a positional requirement has 4 fields
    /// (written before it, or without a cover penalty) or 5.
    /// </summary>
    public static readonly FieldSet Requirement = new(
        "a requirement", "minPeople", "maxPeople", "supervised?", "eligibility?", "penalty?")
    {
        PositionalMinimum = 4,
    };

    public static readonly FieldSet CoverPenalty = new("a cover penalty", "under", "over");

    public static readonly FieldSet Eligibility = new(
        "an eligibility", "residents?", "faculty?", "minPgy?", "maxPgy?", "qualifications?");

    public static readonly FieldSet Absence = new("an absence", "person", "kind", "start", "end");

    public static readonly FieldSet Request = new("a request", "person", "kind", "shift?", "day?", "weight");

    public static readonly FieldSet History = new("a history entry", "person", "activity", "start", "end");

    public static readonly FieldSet Schedule = new("a schedule", "problemName", "assignments");

    public static readonly FieldSet Assignment = new("an assignment", "person", "shift");

    /// <summary>The body of a checkpoint file (binary only: the named form is read but never written).</summary>
    public static readonly FieldSet Checkpoint = new(
        "a checkpoint", "problemHash", "settings", "committedDays", "windows", "committed", "hint?", "counters?",
        "objective?", "log?", "terms?");

    public static readonly FieldSet ObjectiveTerm = new("an objective term", "name", "value");

    public static readonly FieldSet CarriedCounts = new("carried counts", "person", "calls", "nights", "weekendShifts");

    /// <summary>Role names by <see cref="Core.Model.Role"/> value.</summary>
    public static readonly string[] Roles = ["resident", "faculty"];

    /// <summary>Absence kind names by <see cref="Core.Model.AbsenceKind"/> value.</summary>
    public static readonly string[] AbsenceKinds = ["leave", "conference", "sick"];

    /// <summary>Request kind names by <see cref="Core.Model.RequestKind"/> value.</summary>
    public static readonly string[] RequestKinds = ["want", "avoid"];

    /// <summary>
    /// Activity kind names by bit: duty = 1, inHouseCall = 2, night = 4, homeCall = 8, transition = 16, clinic = 32,
    /// continuity = 64.
    /// </summary>
    public static readonly string[] ActivityKinds = ["duty", "inHouseCall", "night", "homeCall", "transition", "clinic", "continuity"];

    /// <summary>Rule names by <see cref="Core.Checking.RuleId"/> value (the positional form writes the value).</summary>
    public static readonly string[] RuleNames =
    [
        "weeklyHours", "daysOff", "continuousDuty", "rest", "callFrequency", "consecutiveNights", "supervision",
        "doubleBooking", "coverage", "availability", "eligibility", "facultyClinicSessions",
        "shiftsPerActivity", "totalMinutes", "consecutiveDays", "consecutiveDaysOff", "weekends", "succession",
    ];
}
