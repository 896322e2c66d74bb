namespace Scheduler.Core.Model;

/// <summary>
/// What changed after a schedule was published, for a minimal-change re-solve (<c>scheduler resolve</c>): new
/// absences, people leaving, shifts whose coverage changed, assignments to keep, and a date before which nothing may
/// change.
/// </summary>
public sealed record ChangeRequest
{
    /// <summary>New absences (leave, sick, conference), in the problem's minutes.</summary>
    public IReadOnlyList<Absence> Absences { get; init; } = [];

    /// <summary>People leaving the program: absent from their date to the end of the horizon.</summary>
    public IReadOnlyList<Leaving> Leaving { get; init; } = [];

    /// <summary>Shifts whose minimum and maximum people change.</summary>
    public IReadOnlyList<CoverageChange> Coverage { get; init; } = [];

    /// <summary>Assignments the re-solve must keep.</summary>
    public IReadOnlyList<Assignment> Pinned { get; init; } = [];

    /// <summary>Shifts starting before this local date keep their published assignments; null for none.</summary>
    public DateOnly? FrozenUntil { get; init; }

    /// <summary>People whose own availability changed (an absence, leaving): the change is forced on them.</summary>
    public IEnumerable<string> AffectedPeople => Absences.Select(a => a.PersonId).Concat(Leaving.Select(l => l.PersonId)).Distinct();
}

/// <summary>A person leaving the program on a local date (absent from its midnight on).</summary>
public sealed record Leaving(string PersonId, DateOnly Date);

/// <summary>A shift's new coverage.</summary>
public sealed record CoverageChange(string ShiftId, int MinPeople, int MaxPeople);
