namespace Scheduler.Core.Model;

/// <summary>
/// One concrete interval [Start, End) of an activity that needs people, e.g. 2026-07-01 AM clinic.
/// Times are elapsed minutes from the problem start (local midnight of <see cref="Problem.StartDate"/>).
/// </summary>
/// <param name="Id">Unique id, referenced by schedules and requests.</param>
/// <param name="ActivityId">The activity of this shift.</param>
/// <param name="Start">Start, minutes from the problem start (inclusive).</param>
/// <param name="End">End, minutes from the problem start (exclusive); greater than <paramref name="Start"/>.</param>
/// <param name="Requirement">Coverage, eligibility and supervision needs.</param>
public sealed record Shift(string Id, string ActivityId, int Start, int End, Requirement Requirement);

/// <summary>Who and how many a shift needs.</summary>
/// <param name="MinPeople">Coverage minimum.</param>
/// <param name="MaxPeople">Coverage maximum (a session's physical capacity is a max too).</param>
/// <param name="Eligibility">Who may work the shift.</param>
/// <param name="Supervised">When true, faculty must supervise the residents at the program's ratios.</param>
/// <param name="Penalty">When set, this shift's coverage is soft at these prices, whatever the coverage rule is.</param>
public sealed record Requirement(int MinPeople, int MaxPeople, Eligibility Eligibility, bool Supervised, CoverPenalty? Penalty = null);

/// <summary>Who may be assigned to a shift.</summary>
/// <param name="Residents">Residents may work it (within <paramref name="MinPgy"/>..<paramref name="MaxPgy"/>).</param>
/// <param name="Faculty">Faculty may work it.</param>
/// <param name="MinPgy">Lowest PGY year of an eligible resident.</param>
/// <param name="MaxPgy">Highest PGY year of an eligible resident.</param>
/// <param name="Qualifications">Qualifications every assigned person must hold.</param>
public sealed record Eligibility(bool Residents, bool Faculty, int MinPgy, int MaxPgy, IReadOnlyList<string> Qualifications)
{
    /// <summary>Anyone may work the shift.</summary>
    public static Eligibility Anyone { get; } = new(true, true, 1, 7, []);

    /// <inheritdoc />
    public bool Equals(Eligibility? other) =>
        other is not null && Residents == other.Residents && Faculty == other.Faculty && MinPgy == other.MinPgy
        && MaxPgy == other.MaxPgy && Qualifications.SequenceEqual(other.Qualifications);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Residents, Faculty, MinPgy, MaxPgy);
}
