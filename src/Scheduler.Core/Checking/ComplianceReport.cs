using System.Globalization;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Checking;

/// <summary>The verdict of a check: every violation, grouped by rule, with coordinator-readable sentences.</summary>
public sealed class ComplianceReport
{
    private readonly int[] _countByRule = new int[Violation.RuleCount];

    /// <summary>Creates a report over the violations found for a problem.</summary>
    public ComplianceReport(CompiledProblem problem, Violation[] violations)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(violations);
        Problem = problem;
        Violations = violations;
        foreach (var v in violations)
        {
            _countByRule[(int)v.Rule]++;
            HardCount += problem.IsSoft(v) ? 0 : 1;
        }
    }

    /// <summary>The problem checked.</summary>
    public CompiledProblem Problem { get; }

    /// <summary>Every violation, persons first (by person, then rule), then shifts.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    /// <summary>
    /// True when no hard rule is broken: the ACGME duty-hour rules and every other rule the problem does not make
    /// soft. Violations of soft rules (coverage shortfalls in most programs) do not count: the problem's objective
    /// prices them; <see cref="SoftCount"/> says how many there are.
    /// </summary>
    public bool IsCompliant => HardCount == 0;

    /// <summary>
    /// Whether a violation breaks a soft rule, one the problem's objective prices: a rule listed in
    /// <see cref="Model.ObjectiveWeights.SoftRules"/>, or the coverage of a shift with its own <see cref="Model.CoverPenalty"/>.
    /// </summary>
    public bool IsSoft(Violation violation) => Problem.IsSoft(violation);

    /// <summary>How many violations break hard rules.</summary>
    public int HardCount { get; }

    /// <summary>How many violations break soft rules.</summary>
    public int SoftCount => Violations.Count - HardCount;

    /// <summary>How many violations a rule has.</summary>
    public int Count(RuleId rule) => _countByRule[(int)rule];

    /// <summary>A one-line sentence a program coordinator can act on.</summary>
    public string Describe(Violation violation) => ViolationText.Describe(Problem, violation);
}

/// <summary>Turns violations into sentences with names, local times and hours.</summary>
public static class ViolationText
{
    /// <summary>The rule's name as the report prints it.</summary>
    public static string RuleName(RuleId rule) => rule switch
    {
        RuleId.WeeklyHours => "weekly hours (80 h averaged over 4 weeks)",
        RuleId.DaysOff => "days off (1 in 7 averaged over 4 weeks)",
        RuleId.ContinuousDuty => "continuous duty (24 + 4 h)",
        RuleId.Rest => "rest between duty periods (8 h; 14 h after 24 h call)",
        RuleId.CallFrequency => "call frequency (every third night averaged over 4 weeks)",
        RuleId.ConsecutiveNights => "consecutive nights",
        RuleId.Supervision => "supervision ratio",
        RuleId.DoubleBooking => "double booking",
        RuleId.Coverage => "coverage",
        RuleId.Availability => "availability (absences)",
        RuleId.Eligibility => "eligibility",
        RuleId.FacultyClinicSessions => "faculty clinic sessions a week (optional)",
        RuleId.ShiftsPerActivity => "shifts of an activity (rostering limit)",
        RuleId.TotalMinutes => "total minutes worked (rostering limit)",
        RuleId.ConsecutiveDays => "working days in a row (rostering limit)",
        RuleId.ConsecutiveDaysOff => "days off in a row (rostering limit)",
        RuleId.Weekends => "weekends worked (rostering limit)",
        RuleId.Succession => "forbidden succession of shifts",
        _ => rule.ToString(),
    };

    /// <summary>A one-line sentence describing the violation.</summary>
    public static string Describe(CompiledProblem problem, Violation v)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var who = v.Person >= 0 ? Who(problem, v.Person) : "";
        var shift = v.Shift >= 0 ? problem.ShiftId(v.Shift) : "";
        var from = Local(problem, v.From);
        var to = Local(problem, v.To);
        var ic = CultureInfo.InvariantCulture;
        return v.Rule switch
        {
            RuleId.WeeklyHours => string.Format(ic,
                "{0} works {1} in the 4 weeks {2} to {3}, over the {4} limit (avg {5:0.#} h/week): remove {6} of duty in that window",
                who, Hours(v.Measured), from, to, Hours(v.Limit), v.Measured / 60.0 / 4, Hours(v.Measured - v.Limit)),
            RuleId.DaysOff => string.Format(ic,
                "{0} has {1} free 24-hour periods in the 4 weeks {2} to {3}, needs {4}: give {5} more full day(s) off",
                who, v.Measured, from, to, v.Limit, v.Limit - v.Measured),
            RuleId.ContinuousDuty => string.Format(ic,
                "{0} is on duty {1} continuously from {2} to {3}, over the {4} limit: end the duty period earlier",
                who, Hours(v.Measured), from, to, Hours(v.Limit)),
            RuleId.Rest => string.Format(ic,
                "{0} gets only {1} off between {2} and {3}, needs {4}: move the next duty later",
                who, Hours(v.Measured), from, to, Hours(v.Limit)),
            RuleId.CallFrequency => string.Format(ic,
                "{0} takes {1} in-house calls in the 4 weeks {2} to {3}, limit {4}: reassign {5} call(s)",
                who, v.Measured, from, to, v.Limit, v.Measured - v.Limit),
            RuleId.ConsecutiveNights => string.Format(ic,
                "{0} works {1} nights in a row from {2} to {3}, limit {4}: break the run",
                who, v.Measured, from, to, v.Limit),
            RuleId.Supervision => string.Format(ic,
                "{0} ({1} to {2}) has {3} faculty for its residents, needs {4}: add faculty or move residents",
                shift, from, to, v.Measured, v.Limit),
            RuleId.DoubleBooking => string.Format(ic,
                "{0} is double-booked: {1} overlaps another shift by {2} from {3}",
                who, shift, Hours(v.Measured), from),
            RuleId.Coverage => v.Measured < v.Limit
                ? string.Format(ic, "{0} ({1}) has {2} people, needs at least {3}: assign {4} more", shift, from, v.Measured, v.Limit, v.Limit - v.Measured)
                : string.Format(ic, "{0} ({1}) has {2} people, allows at most {3}: remove {4}", shift, from, v.Measured, v.Limit, v.Measured - v.Limit),
            RuleId.Availability => string.Format(ic,
                "{0} is assigned {1} ({2}) during an absence ({3} overlap): reassign the shift",
                who, shift, from, Hours(v.Measured)),
            RuleId.Eligibility => string.Format(ic,
                "{0} is assigned {1} ({2}) without the role, PGY year or qualification it needs: reassign the shift",
                who, shift, from),
            RuleId.FacultyClinicSessions => v.Measured < v.Limit
                ? string.Format(ic, "{0} has {1} clinic sessions in the week {2} to {3}, needs at least {4}: add {5}", who, v.Measured, from, to, v.Limit, v.Limit - v.Measured)
                : string.Format(ic, "{0} has {1} clinic sessions in the week {2} to {3}, allows at most {4}: remove {5}", who, v.Measured, from, to, v.Limit, v.Measured - v.Limit),
            RuleId.ShiftsPerActivity => string.Format(ic,
                "{0} works {1} {2} shifts, limit {3}: reassign {4}, from {5} ({6})",
                who, v.Measured, problem.Source.Activities[problem.ShiftActivity[v.Shift]].Name, v.Limit, v.Measured - v.Limit, shift, from),
            RuleId.TotalMinutes => v.Measured < v.Limit
                ? string.Format(ic, "{0} works {1} in the horizon, needs at least {2}: add {3} of shifts", who, Hours(v.Measured), Hours(v.Limit), Hours(v.Limit - v.Measured))
                : string.Format(ic, "{0} works {1} in the horizon, allows at most {2}: remove {3} of shifts", who, Hours(v.Measured), Hours(v.Limit), Hours(v.Measured - v.Limit)),
            RuleId.ConsecutiveDays => v.Measured < v.Limit
                ? string.Format(ic, "{0} works only {1} day(s) in a row from {2} to {3}, needs at least {4}: lengthen or drop the run", who, v.Measured, from, to, v.Limit)
                : string.Format(ic, "{0} works {1} days in a row from {2} to {3}, limit {4}: give a day off inside the run", who, v.Measured, from, to, v.Limit),
            RuleId.ConsecutiveDaysOff => string.Format(ic,
                "{0} has only {1} day(s) off in a row from {2} to {3}, needs at least {4}: lengthen the break",
                who, v.Measured, from, to, v.Limit),
            RuleId.Weekends => string.Format(ic,
                "{0} works {1} weekends, limit {2}: free {3} weekend(s)",
                who, v.Measured, v.Limit, v.Measured - v.Limit),
            RuleId.Succession => string.Format(ic,
                "{0} works {1} the day after a shift starting {2} that it may not follow: reassign one of them",
                who, shift, from),
            _ => v.ToString(),
        };
    }

    /// <summary>"Ada Lovelace (R03)": the name a coordinator knows, and the id the files use (the id alone when the name is missing or the same).</summary>
    public static string Who(CompiledProblem problem, int person)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var id = problem.PersonId(person);
        var name = problem.Source.People[person].Name;
        return string.IsNullOrWhiteSpace(name) || name == id ? id : $"{name} ({id})";
    }

    /// <summary>Minutes as "12 h" or "12 h 30 min".</summary>
    public static string Hours(int minutes)
    {
        var sign = minutes < 0 ? "-" : "";
        minutes = Math.Abs(minutes);
        return minutes % 60 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{minutes / 60} h")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{minutes / 60} h {minutes % 60} min");
    }

    /// <summary>An elapsed minute as local "yyyy-MM-dd HH:mm".</summary>
    public static string Local(CompiledProblem problem, int minute)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Calendar.ToLocal(minute).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
