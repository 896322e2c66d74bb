namespace Scheduler.Core.Model;

/// <summary>
/// What changed after a schedule was published, for a minimal-change re-solve (<c>scheduler resolve</c>): new
/// absences, people leaving or arriving, shifts whose coverage changed, assignments to keep, and a date before which nothing may
/// change.
/// </summary>
public sealed record ChangeRequest
{
    /// <summary>New absences (leave, sick, conference), in the problem's minutes.</summary>
    public IReadOnlyList<Absence> Absences { get; init; } = [];

    /// <summary>People leaving the program: absent from their date to the end of the horizon.</summary>
    public IReadOnlyList<Leaving> Leaving { get; init; } = [];

    /// <summary>People joining the program: new to the problem, available from their date on.</summary>
    public IReadOnlyList<Arrival> Arriving { get; init; } = [];

    /// <summary>Shifts whose minimum and maximum people change.</summary>
    public IReadOnlyList<CoverageChange> Coverage { get; init; } = [];

    /// <summary>Assignments the re-solve must keep.</summary>
    public IReadOnlyList<Assignment> Pinned { get; init; } = [];

    /// <summary>Shifts starting before this local date keep their published assignments; null for none.</summary>
    public DateOnly? FrozenUntil { get; init; }

    /// <summary>People whose own availability changed (an absence, leaving, arriving): the change is forced on them.</summary>
    public IEnumerable<string> AffectedPeople =>
        Absences.Select(a => a.PersonId).Concat(Leaving.Select(l => l.PersonId)).Concat(Arriving.Select(a => a.Person.Id)).Distinct();

    /// <summary>
    /// The problem with the change applied: its absences and leavers (absent from their date to the horizon's end)
    /// added, its newcomers added as people absent before their date, its coverage changes made.
    /// </summary>
    public Problem ApplyTo(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var calendar = Scheduler.Core.Time.ProgramCalendar.Create(problem.TimeZone, problem.StartDate);
        int Day(DateOnly date) => date.DayNumber - problem.StartDate.DayNumber;
        var horizonEnd = calendar.DayStart(problem.HorizonDays);
        var leaving = Leaving.Select(l => new Absence(l.PersonId, AbsenceKind.Leave, calendar.DayStart(Day(l.Date)), horizonEnd));
        var notYet = Arriving.Where(a => Day(a.Date) > 0)
            .Select(a => new Absence(a.Person.Id, AbsenceKind.Leave, calendar.DayStart(0), calendar.DayStart(Day(a.Date))));
        var coverage = Coverage.ToDictionary(c => c.ShiftId);
        return problem with
        {
            People = [.. problem.People, .. Arriving.Select(a => a.Person)],
            Absences = [.. problem.Absences, .. Absences, .. leaving, .. notYet],
            Shifts = [.. problem.Shifts.Select(s => coverage.TryGetValue(s.Id, out var c) ? s with { Requirement = s.Requirement with { MinPeople = c.MinPeople, MaxPeople = c.MaxPeople } } : s)],
        };
    }
}

/// <summary>A person leaving the program on a local date (absent from its midnight on).</summary>
public sealed record Leaving(string PersonId, DateOnly Date);

/// <summary>A person joining the program on a local date (absent before its midnight).</summary>
public sealed record Arrival(Person Person, DateOnly Date);

/// <summary>A shift's new coverage.</summary>
public sealed record CoverageChange(string ShiftId, int MinPeople, int MaxPeople);
