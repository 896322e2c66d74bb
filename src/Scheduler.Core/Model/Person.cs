namespace Scheduler.Core.Model;

/// <summary>Whether a person is a resident (bound by the duty-hour rules) or faculty (supervises).</summary>
public enum Role
{
    /// <summary>A resident in training, with a PGY year of 1..7.</summary>
    Resident = 0,

    /// <summary>A faculty member; duty-hour rules do not apply, supervision counts them.</summary>
    Faculty = 1,
}

/// <summary>A resident or faculty member.</summary>
/// <param name="Id">Unique id, referenced by shifts, absences, requests and schedules.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role">Resident or faculty.</param>
/// <param name="Pgy">Post-graduate year 1..7 for residents; 0 for faculty.</param>
/// <param name="Qualifications">Qualification names (at most 64 distinct in a problem).</param>
/// <param name="Overrides">Per-person rule parameters that replace the program defaults; null for none.</param>
/// <param name="Roster">Generic rostering limits over the horizon (see <see cref="RosterLimits"/>); null for none.</param>
public sealed record Person(
    string Id,
    string Name,
    Role Role,
    int Pgy,
    IReadOnlyList<string> Qualifications,
    RuleOverrides? Overrides = null,
    RosterLimits? Roster = null)
{
    /// <inheritdoc />
    public bool Equals(Person? other) =>
        other is not null && Id == other.Id && Name == other.Name && Role == other.Role && Pgy == other.Pgy
        && Qualifications.SequenceEqual(other.Qualifications) && Equals(Overrides, other.Overrides)
        && Equals(Roster, other.Roster);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Name, Role, Pgy);
}
