namespace Scheduler.Core.Model;

/// <summary>One person working one shift.</summary>
public readonly record struct Assignment(string PersonId, string ShiftId);

/// <summary>A schedule for a problem: the set of assignments.</summary>
/// <param name="ProblemName">Name of the problem it was made for (informational).</param>
/// <param name="Assignments">The assignments, in any order.</param>
public sealed record Schedule(string ProblemName, IReadOnlyList<Assignment> Assignments)
{
    /// <summary>
    /// The content hash of the problem file it was made for (32 lowercase hex digits), or null when not recorded.
    /// Readers that are given the problem refuse a schedule whose hash names another.
    /// </summary>
    public string? ProblemHash { get; init; }

    /// <inheritdoc />
    public bool Equals(Schedule? other) =>
        other is not null && ProblemName == other.ProblemName && ProblemHash == other.ProblemHash && Assignments.SequenceEqual(other.Assignments);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ProblemName, Assignments.Count);
}
