using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Testing;

/// <summary>
/// A shift shape given as local wall-clock times: an activity from <see cref="Start"/> on <see cref="Day"/>
/// to <see cref="End"/> on <see cref="EndDay"/> (days count from the horizon's first day; negative days
/// are history). Move it with <see cref="OnDay"/>.
/// </summary>
public readonly record struct ShiftTemplate(string Activity, int Day, TimeOnly Start, int EndDay, TimeOnly End)
{
    /// <summary>Clinic 08:00-12:00 on the first day.</summary>
    public static ShiftTemplate Day1Morning { get; } = new(ResidentScheduleBuilder.Clinic, 0, new(8, 0), 0, new(12, 0));

    /// <summary>Clinic 13:00-17:00 on the first day.</summary>
    public static ShiftTemplate Day1Afternoon { get; } = new(ResidentScheduleBuilder.Clinic, 0, new(13, 0), 0, new(17, 0));

    /// <summary>Night float 19:00 on the first day to 07:00 the next day.</summary>
    public static ShiftTemplate NightShift { get; } = new(ResidentScheduleBuilder.Night, 0, new(19, 0), 1, new(7, 0));

    /// <summary>In-house call 07:00 on the first day to 07:00 the next day (24 h on a day without a clock change).</summary>
    public static ShiftTemplate Call24h { get; } = new(ResidentScheduleBuilder.Call, 0, new(7, 0), 1, new(7, 0));

    /// <summary>Hand-over after a call: transition duty 07:00-11:00 on the day after the first day.</summary>
    public static ShiftTemplate Handover4h { get; } = new(ResidentScheduleBuilder.Transition, 1, new(7, 0), 1, new(11, 0));

    /// <summary>Home call 17:00 on the first day to 08:00 the next day (not duty, but no free day).</summary>
    public static ShiftTemplate HomeCallNight { get; } = new(ResidentScheduleBuilder.HomeCall, 0, new(17, 0), 1, new(8, 0));

    /// <summary>
    /// A shift of <paramref name="activity"/> from <paramref name="start"/> on <paramref name="day"/> to
    /// <paramref name="end"/>, on the same day when later than the start, else on the next day.
    /// </summary>
    public static ShiftTemplate At(string activity, int day, TimeOnly start, TimeOnly end) =>
        new(activity, day, start, end > start ? day : day + 1, end);

    /// <summary>The same shape moved to start on <paramref name="day"/>.</summary>
    public ShiftTemplate OnDay(int day) => this with { Day = day, EndDay = EndDay - Day + day };

    /// <summary>The same shape with another start time.</summary>
    public ShiftTemplate From(TimeOnly start) => this with { Start = start };

    /// <summary>The same shape with another end time on day <see cref="Day"/> + <paramref name="daysLater"/>.</summary>
    public ShiftTemplate Until(TimeOnly end, int daysLater = 0) => this with { End = end, EndDay = Day + daysLater };
}

/// <summary>
/// Builds a small problem and schedule from named people and shifts given as local wall-clock times in a
/// time zone, then checks it with the compliance checker. For boundary tests of single rules:
/// <code>
/// var report = new ResidentScheduleBuilder()
///     .Resident("ada", pgy: 1)
///     .Work("ada", ShiftTemplate.Call24h.OnDay(3))
///     .Check();
/// </code>
/// Every shift needs 0..1000 people, anyone eligible, unsupervised, unless a requirement is given.
/// </summary>
public sealed class ResidentScheduleBuilder
{
    /// <summary>Clinic (duty, clinic session).</summary>
    public const string Clinic = "clinic";

    /// <summary>Inpatient ward (duty).</summary>
    public const string Ward = "ward";

    /// <summary>In-house call (duty, in-house call).</summary>
    public const string Call = "call";

    /// <summary>Night float (duty, night).</summary>
    public const string Night = "night";

    /// <summary>Transition duty (hand-over, education: counts only within the 4 extra hours of 24+4).</summary>
    public const string Transition = "transition";

    /// <summary>Home call (not duty, breaks a free day).</summary>
    public const string HomeCall = "home";

    /// <summary>An open requirement: 0..1000 people, anyone eligible, unsupervised.</summary>
    public static Requirement Open { get; } = new(0, 1000, Eligibility.Anyone, false);

    private static readonly Activity[] s_activities =
    [
        new(Clinic, "Clinic", ActivityKinds.Duty | ActivityKinds.Clinic),
        new(Ward, "Ward", ActivityKinds.Duty),
        new(Call, "In-house call", ActivityKinds.Duty | ActivityKinds.InHouseCall),
        new(Night, "Night float", ActivityKinds.Duty | ActivityKinds.Night),
        new(Transition, "Transition", ActivityKinds.Duty | ActivityKinds.Transition),
        new(HomeCall, "Home call", ActivityKinds.HomeCall),
    ];

    private readonly string _timeZone;
    private readonly DateOnly _startDate;
    private readonly int _horizonDays;
    private readonly ProgramCalendar _calendar;
    private readonly List<Person> _people = [];
    private readonly List<Shift> _shifts = [];
    private readonly List<Assignment> _assignments = [];
    private readonly List<Absence> _absences = [];
    private readonly List<HistoryEntry> _history = [];
    private ProgramRules _rules = ProgramRules.Acgme;
    private int _historyDays;

    /// <summary>
    /// Starts a problem of <paramref name="horizonDays"/> local days from <paramref name="startDate"/>
    /// (default 2026-07-01, a Wednesday far from daylight-saving changes) in <paramref name="timeZone"/>
    /// (default America/New_York).
    /// </summary>
    public ResidentScheduleBuilder(string timeZone = "America/New_York", DateOnly? startDate = null, int horizonDays = 28)
    {
        _timeZone = timeZone;
        _startDate = startDate ?? new DateOnly(2026, 7, 1);
        _horizonDays = horizonDays;
        _calendar = ProgramCalendar.Create(timeZone, _startDate);
    }

    /// <summary>The calendar that turns local times into minutes.</summary>
    public ProgramCalendar Calendar => _calendar;

    /// <summary>Elapsed minutes from the problem start to <paramref name="time"/> on local day <paramref name="day"/>.</summary>
    public int Minute(int day, TimeOnly time) => _calendar.ToMinutes(_startDate.AddDays(day), time);

    /// <summary>Elapsed minutes from the problem start to local midnight of day <paramref name="day"/>.</summary>
    public int DayStart(int day) => _calendar.DayStart(day);

    /// <summary>Uses <paramref name="rules"/> instead of the ACGME defaults.</summary>
    public ResidentScheduleBuilder WithRules(ProgramRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        return this;
    }

    /// <summary>Adds <paramref name="days"/> local days of history before the horizon.</summary>
    public ResidentScheduleBuilder WithHistoryDays(int days)
    {
        _historyDays = days;
        return this;
    }

    /// <summary>Adds a resident.</summary>
    public ResidentScheduleBuilder Resident(string id, int pgy = 2, RuleOverrides? overrides = null, params string[] qualifications)
    {
        _people.Add(new Person(id, "Resident " + id, Role.Resident, pgy, qualifications, overrides));
        return this;
    }

    /// <summary>Adds a faculty member.</summary>
    public ResidentScheduleBuilder Faculty(string id, params string[] qualifications)
    {
        _people.Add(new Person(id, "Faculty " + id, Role.Faculty, 0, qualifications));
        return this;
    }

    /// <summary>Adds a staff member of a generic roster (faculty, so the duty-hour rules leave them alone) with rostering limits.</summary>
    public ResidentScheduleBuilder Staff(string id, RosterLimits roster)
    {
        _people.Add(new Person(id, "Staff " + id, Role.Faculty, 0, [], Roster: roster));
        return this;
    }

    /// <summary>Adds a shift with the template's local times and assigns <paramref name="people"/> to it.</summary>
    public ResidentScheduleBuilder Shift(string id, ShiftTemplate template, Requirement? requirement = null, params string[] people)
    {
        return ShiftAt(
            id, template.Activity, Minute(template.Day, template.Start), Minute(template.EndDay, template.End), requirement, people);
    }

    /// <summary>Adds a shift given in elapsed minutes and assigns <paramref name="people"/> to it.</summary>
    public ResidentScheduleBuilder ShiftAt(string id, string activity, int start, int end, Requirement? requirement = null, params string[] people)
    {
        _shifts.Add(new Shift(id, activity, start, end, requirement ?? Open));
        foreach (var person in people)
        {
            _assignments.Add(new Assignment(person, id));
        }

        return this;
    }

    /// <summary>Assigns <paramref name="person"/> to an existing shift.</summary>
    public ResidentScheduleBuilder Assign(string person, string shiftId)
    {
        _assignments.Add(new Assignment(person, shiftId));
        return this;
    }

    /// <summary>Adds an open shift named after the person, template and day, and assigns the person to it.</summary>
    public ResidentScheduleBuilder Work(string person, ShiftTemplate template) =>
        Shift($"{person}-{template.Activity}-d{template.Day}-{_shifts.Count}", template, null, person);

    /// <summary>Adds <paramref name="template"/> on every day in <paramref name="days"/> for the person.</summary>
    public ResidentScheduleBuilder WorkEach(string person, ShiftTemplate template, IEnumerable<int> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        foreach (var day in days)
        {
            Work(person, template.OnDay(day));
        }

        return this;
    }

    /// <summary>Records duty worked before the horizon (template days negative).</summary>
    public ResidentScheduleBuilder History(string person, ShiftTemplate template)
    {
        _history.Add(new HistoryEntry(person, template.Activity, Minute(template.Day, template.Start), Minute(template.EndDay, template.End)));
        return this;
    }

    /// <summary>Adds an absence between two local times.</summary>
    public ResidentScheduleBuilder Absent(string person, int fromDay, TimeOnly from, int toDay, TimeOnly to, AbsenceKind kind = AbsenceKind.Leave)
    {
        _absences.Add(new Absence(person, kind, Minute(fromDay, from), Minute(toDay, to)));
        return this;
    }

    /// <summary>The problem built so far.</summary>
    public Problem BuildProblem() => new()
    {
        Name = "boundary-test",
        TimeZone = _timeZone,
        StartDate = _startDate,
        HorizonDays = _horizonDays,
        HistoryDays = _historyDays,
        Rules = _rules,
        People = _people.ToArray(),
        Activities = s_activities,
        Shifts = _shifts.ToArray(),
        Absences = _absences.ToArray(),
        History = _history.ToArray(),
    };

    /// <summary>The schedule built so far.</summary>
    public Schedule BuildSchedule() => new("boundary-test", _assignments.ToArray());

    /// <summary>Compiles problem and schedule (validating both) and runs every rule.</summary>
    public ComplianceReport Check()
    {
        var problem = CompiledProblem.Compile(BuildProblem());
        return ComplianceChecker.Check(CompiledSchedule.Compile(problem, BuildSchedule()));
    }
}

/// <summary>Shortcuts for asserting on one rule of a report.</summary>
public static class ComplianceReportExtensions
{
    /// <summary>The violations of one rule, in report order.</summary>
    public static IReadOnlyList<Violation> Of(this ComplianceReport report, RuleId rule)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Violations.Where(v => v.Rule == rule).ToArray();
    }

    /// <summary>The one violation of a rule; fails when there are none or several.</summary>
    public static Violation One(this ComplianceReport report, RuleId rule)
    {
        var found = report.Of(rule);
        if (found.Count != 1)
        {
            throw new InvalidOperationException(
                $"expected one {rule} violation, got {found.Count}: " + string.Join("; ", found.Select(report.Describe)));
        }

        return found[0];
    }

    /// <summary>The report's sentences for a rule, for assertion messages.</summary>
    public static string Explain(this ComplianceReport report, RuleId rule) =>
        string.Join("; ", report.Of(rule).Select(report.Describe));
}
