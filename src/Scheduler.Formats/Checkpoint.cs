using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// The state of a week-by-week solve after a committed window: what was committed, what the next window starts
/// from, and what identifies the run (problem and settings), so that a killed run resumes from it. Stored with
/// <see cref="CheckpointFile"/>, kept in a directory by <see cref="CheckpointStore"/>.
/// </summary>
/// <remarks>Equality compares the lists element by element, in order.</remarks>
public sealed record Checkpoint
{
    /// <summary>The <see cref="ContentHash.Of(Problem)"/> of the problem being solved; not empty.</summary>
    public required string ProblemHash { get; init; }

    /// <summary>The canonical text of the solver settings, compared verbatim on resume (may be empty).</summary>
    public required string Settings { get; init; }

    /// <summary>
    /// Horizon days <c>[0, CommittedDays)</c> are committed: a multiple of 7, or the horizon end; at least 0.
    /// </summary>
    public required int CommittedDays { get; init; }

    /// <summary>How many windows (weeks) have been committed, for messages; at least 0.</summary>
    public required int Windows { get; init; }

    /// <summary>The assignments of every shift that starts before <see cref="CommittedDays"/>; no duplicates.</summary>
    public required IReadOnlyList<Assignment> Committed { get; init; }

    /// <summary>The lookahead part of the last window's solution: the next window's hint; no duplicates.</summary>
    public IReadOnlyList<Assignment> Hint { get; init; } = [];

    /// <summary>Per person (each at most once), what the committed weeks carry into the fairness terms.</summary>
    public IReadOnlyList<CarriedCounts> Counters { get; init; } = [];

    /// <summary>The objective value of the committed part so far.</summary>
    public long Objective { get; init; }

    /// <summary>The objective of the committed part term by term (<see cref="Objective"/> is their sum); names unique.</summary>
    public IReadOnlyList<ObjectiveTerm> Terms { get; init; } = [];

    /// <summary>One line per committed window: what happened (backups called in, and the like).</summary>
    public IReadOnlyList<string> Log { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(Checkpoint? other) =>
        other is not null
        && ProblemHash == other.ProblemHash
        && Settings == other.Settings
        && CommittedDays == other.CommittedDays
        && Windows == other.Windows
        && Objective == other.Objective
        && Committed.SequenceEqual(other.Committed)
        && Hint.SequenceEqual(other.Hint)
        && Counters.SequenceEqual(other.Counters)
        && Terms.SequenceEqual(other.Terms)
        && Log.SequenceEqual(other.Log, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(ProblemHash, Settings, CommittedDays, Windows, Objective, Committed.Count, Hint.Count, Counters.Count);
}

/// <summary>What a person's committed weeks carry into the fairness terms of the windows after them.</summary>
/// <param name="PersonId">The person; not empty.</param>
/// <param name="Calls">In-house calls in the committed weeks; at least 0.</param>
/// <param name="Nights">Night shifts in the committed weeks; at least 0.</param>
/// <param name="WeekendShifts">Weekend duty shifts in the committed weeks; at least 0.</param>
public readonly record struct CarriedCounts(string PersonId, int Calls, int Nights, int WeekendShifts);

/// <summary>One term of the objective and its value.</summary>
/// <param name="Name">The term (a soft rule's name or an objective term's, e.g. Coverage, Requests); not empty.</param>
/// <param name="Value">Its value.</param>
public readonly record struct ObjectiveTerm(string Name, long Value);
