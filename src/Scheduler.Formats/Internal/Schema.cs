namespace Scheduler.Formats;

/// <summary>
/// The file schema: one class per record, holding its fields' positional indices as constants (which the codecs'
/// writers and readers share, so neither counts positions) and its <see cref="FieldSet"/> of JSON names in that
/// order. problems/README.md documents the same tables; a change here is a format change (bump
/// <see cref="FileHeader.Version"/>), except an optional field appended to the end of a record: files without it
/// still read (see <see cref="FieldSet.PositionalMinimum"/>), and the writer leaves it out while it holds its default.
/// A constant's name is its field's name in PascalCase (a test holds them to it).
/// </summary>
internal static class Schema
{
    /// <summary>
    /// The problem; <c>objective</c> was appended within version 1, so a positional problem has 12 fields
    /// (written before it, or with the default objective) or 13.
    /// </summary>
    public static class Problem
    {
        public const int Name = 0;
        public const int TimeZone = 1;
        public const int StartDate = 2;
        public const int HorizonDays = 3;
        public const int HistoryDays = 4;
        public const int Rules = 5;
        public const int People = 6;
        public const int Activities = 7;
        public const int Shifts = 8;
        public const int Absences = 9;
        public const int Requests = 10;
        public const int History = 11;
        public const int Objective = 12;

        public static readonly FieldSet Fields = new(
            "a problem", "name", "timeZone", "startDate", "horizonDays", "historyDays?", "rules?", "people?",
            "activities?", "shifts?", "absences?", "requests?", "history?", "objective?")
        {
            PositionalMinimum = Objective,
        };
    }

    /// <summary>
    /// The program's rule parameters; <c>forbiddenSuccessions</c> was appended within version 1, so positional rules
    /// have 16 fields (written before it, or with no forbidden succession) or 17.
    /// </summary>
    public static class Rules
    {
        public const int WindowDays = 0;
        public const int MaxDutyMinutesPerWindow = 1;
        public const int MinFreeDaysPerWindow = 2;
        public const int ContinuityGapMinutes = 3;
        public const int MaxContinuousDutyMinutes = 4;
        public const int MaxDutyPeriodMinutes = 5;
        public const int MinRestMinutes = 6;
        public const int MinRestAfterCallMinutes = 7;
        public const int LongCallPeriodMinutes = 8;
        public const int MaxCallsPerWindow = 9;
        public const int MaxConsecutiveNights = 10;
        public const int Pgy1PerFaculty = 11;
        public const int SeniorPerFaculty = 12;
        public const int Pgy1MaxDutyPeriodMinutes = 13;
        public const int FacultyMinClinicSessionsPerWeek = 14;
        public const int FacultyMaxClinicSessionsPerWeek = 15;
        public const int ForbiddenSuccessions = 16;

        public static readonly FieldSet Fields = new(
            "rules", "windowDays?", "maxDutyMinutesPerWindow?", "minFreeDaysPerWindow?", "continuityGapMinutes?",
            "maxContinuousDutyMinutes?", "maxDutyPeriodMinutes?", "minRestMinutes?", "minRestAfterCallMinutes?",
            "longCallPeriodMinutes?", "maxCallsPerWindow?", "maxConsecutiveNights?", "pgy1PerFaculty?",
            "seniorPerFaculty?", "pgy1MaxDutyPeriodMinutes?", "facultyMinClinicSessionsPerWeek?",
            "facultyMaxClinicSessionsPerWeek?", "forbiddenSuccessions?")
        {
            PositionalMinimum = ForbiddenSuccessions,
        };
    }

    public static class Succession
    {
        public const int From = 0;
        public const int To = 1;

        public static readonly FieldSet Fields = new("a succession", "from", "to");
    }

    public static class Objective
    {
        public const int Requests = 0;
        public const int CallFairness = 1;
        public const int NightFairness = 2;
        public const int WeekendFairness = 3;
        public const int Continuity = 4;
        public const int SoftRules = 5;

        public static readonly FieldSet Fields = new(
            "an objective", "requests?", "callFairness?", "nightFairness?", "weekendFairness?", "continuity?", "softRules?");
    }

    public static class SoftRule
    {
        public const int Rule = 0;
        public const int Weight = 1;

        public static readonly FieldSet Fields = new("a soft rule", "rule", "weight");
    }

    /// <summary>
    /// A person; <c>roster</c> was appended within version 1, so a positional person has 6 fields (written before
    /// it, or without roster limits) or 7.
    /// </summary>
    public static class Person
    {
        public const int Id = 0;
        public const int Name = 1;
        public const int Role = 2;
        public const int Pgy = 3;
        public const int Qualifications = 4;
        public const int Overrides = 5;
        public const int Roster = 6;

        public static readonly FieldSet Fields = new(
            "a person", "id", "name", "role", "pgy?", "qualifications?", "overrides?", "roster?")
        {
            PositionalMinimum = Roster,
        };
    }

    public static class Overrides
    {
        public const int MaxDutyMinutesPerWindow = 0;
        public const int MinFreeDaysPerWindow = 1;
        public const int MaxContinuousDutyMinutes = 2;
        public const int MaxCallsPerWindow = 3;
        public const int MaxConsecutiveNights = 4;

        public static readonly FieldSet Fields = new(
            "rule overrides", "maxDutyMinutesPerWindow?", "minFreeDaysPerWindow?", "maxContinuousDutyMinutes?",
            "maxCallsPerWindow?", "maxConsecutiveNights?");
    }

    public static class Roster
    {
        public const int MaxShifts = 0;
        public const int MinTotalMinutes = 1;
        public const int MaxTotalMinutes = 2;
        public const int MinConsecutiveDays = 3;
        public const int MaxConsecutiveDays = 4;
        public const int MinConsecutiveDaysOff = 5;
        public const int MaxWeekends = 6;

        public static readonly FieldSet Fields = new(
            "roster limits", "maxShifts?", "minTotalMinutes?", "maxTotalMinutes?", "minConsecutiveDays?",
            "maxConsecutiveDays?", "minConsecutiveDaysOff?", "maxWeekends?");
    }

    public static class ActivityLimit
    {
        public const int Activity = 0;
        public const int Max = 1;

        public static readonly FieldSet Fields = new("an activity limit", "activity", "max");
    }

    public static class Activity
    {
        public const int Id = 0;
        public const int Name = 1;
        public const int Kinds = 2;

        public static readonly FieldSet Fields = new("an activity", "id", "name", "kinds");
    }

    public static class Shift
    {
        public const int Id = 0;
        public const int Activity = 1;
        public const int Start = 2;
        public const int End = 3;
        public const int Requirement = 4;

        public static readonly FieldSet Fields = new("a shift", "id", "activity", "start", "end", "requirement");
    }

    /// <summary>
    /// A shift's requirement; <c>penalty</c> was appended within version 1, so a positional requirement has 4 fields
    /// (written before it, or without a cover penalty) or 5.
    /// </summary>
    public static class Requirement
    {
        public const int MinPeople = 0;
        public const int MaxPeople = 1;
        public const int Supervised = 2;
        public const int Eligibility = 3;
        public const int Penalty = 4;

        public static readonly FieldSet Fields = new(
            "a requirement", "minPeople", "maxPeople", "supervised?", "eligibility?", "penalty?")
        {
            PositionalMinimum = Penalty,
        };
    }

    public static class CoverPenalty
    {
        public const int Under = 0;
        public const int Over = 1;

        public static readonly FieldSet Fields = new("a cover penalty", "under", "over");
    }

    public static class Eligibility
    {
        public const int Residents = 0;
        public const int Faculty = 1;
        public const int MinPgy = 2;
        public const int MaxPgy = 3;
        public const int Qualifications = 4;

        public static readonly FieldSet Fields = new(
            "an eligibility", "residents?", "faculty?", "minPgy?", "maxPgy?", "qualifications?");
    }

    public static class Absence
    {
        public const int Person = 0;
        public const int Kind = 1;
        public const int Start = 2;
        public const int End = 3;

        public static readonly FieldSet Fields = new("an absence", "person", "kind", "start", "end");
    }

    public static class Request
    {
        public const int Person = 0;
        public const int Kind = 1;
        public const int Shift = 2;
        public const int Day = 3;
        public const int Weight = 4;

        public static readonly FieldSet Fields = new("a request", "person", "kind", "shift?", "day?", "weight");
    }

    public static class History
    {
        public const int Person = 0;
        public const int Activity = 1;
        public const int Start = 2;
        public const int End = 3;

        public static readonly FieldSet Fields = new("a history entry", "person", "activity", "start", "end");
    }

    public static class Schedule
    {
        public const int ProblemName = 0;
        public const int Assignments = 1;
        public const int ProblemHash = 2;

        public static readonly FieldSet Fields = new("a schedule", "problemName", "assignments", "problemHash?")
        {
            PositionalMinimum = ProblemHash,
        };
    }

    public static class Assignment
    {
        public const int Person = 0;
        public const int Shift = 1;

        public static readonly FieldSet Fields = new("an assignment", "person", "shift");
    }

    /// <summary>The body of a checkpoint file (binary only: the named form is read but never written).</summary>
    public static class Checkpoint
    {
        public const int ProblemHash = 0;
        public const int Settings = 1;
        public const int CommittedDays = 2;
        public const int Windows = 3;
        public const int Committed = 4;
        public const int Hint = 5;
        public const int Counters = 6;
        public const int Objective = 7;
        public const int Log = 8;
        public const int Terms = 9;

        public static readonly FieldSet Fields = new(
            "a checkpoint", "problemHash", "settings", "committedDays", "windows", "committed", "hint?", "counters?",
            "objective?", "log?", "terms?");
    }

    public static class ObjectiveTerm
    {
        public const int Name = 0;
        public const int Value = 1;

        public static readonly FieldSet Fields = new("an objective term", "name", "value");
    }

    public static class CarriedCounts
    {
        public const int Person = 0;
        public const int Calls = 1;
        public const int Nights = 2;
        public const int WeekendShifts = 3;

        public static readonly FieldSet Fields = new("carried counts", "person", "calls", "nights", "weekendShifts");
    }

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
