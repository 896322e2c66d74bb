namespace Scheduler.Core.Model;

/// <summary>
/// A scheduling problem: a program's people, activities and shifts over a horizon of local days,
/// with absences, requests, rules and the duty worked before the horizon.
/// </summary>
/// <remarks>
/// Time is elapsed minutes from the problem start, the local midnight of <see cref="StartDate"/> in
/// <see cref="TimeZone"/> (an IANA id). History entries have negative starts and lie within the
/// <see cref="HistoryDays"/> local days before the start. Build with <c>new Problem { ... }</c> and
/// check with <see cref="ProblemValidator"/> (compiling does it too).
/// </remarks>
public sealed record Problem
{
    /// <summary>Display name of the program or instance.</summary>
    public required string Name { get; init; }

    /// <summary>IANA time zone of the program, e.g. America/New_York.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Local date of the first day of the horizon.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>Number of local days in the horizon.</summary>
    public required int HorizonDays { get; init; }

    /// <summary>Number of local days of history before the start (0 for none).</summary>
    public int HistoryDays { get; init; }

    /// <summary>Rule parameters.</summary>
    public ProgramRules Rules { get; init; } = ProgramRules.Acgme;

    /// <summary>Weights of the solver's objective and which rules are soft.</summary>
    public ObjectiveWeights Objective { get; init; } = ObjectiveWeights.Default;

    /// <summary>Residents and faculty.</summary>
    public IReadOnlyList<Person> People { get; init; } = [];

    /// <summary>Activities referenced by shifts and history.</summary>
    public IReadOnlyList<Activity> Activities { get; init; } = [];

    /// <summary>Shifts of the horizon, in any order.</summary>
    public IReadOnlyList<Shift> Shifts { get; init; } = [];

    /// <summary>Hard unavailabilities.</summary>
    public IReadOnlyList<Absence> Absences { get; init; } = [];

    /// <summary>Soft wishes.</summary>
    public IReadOnlyList<Request> Requests { get; init; } = [];

    /// <summary>Duty worked before the horizon.</summary>
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(Problem? other) =>
        other is not null && Name == other.Name && TimeZone == other.TimeZone && StartDate == other.StartDate
        && HorizonDays == other.HorizonDays && HistoryDays == other.HistoryDays && Rules == other.Rules
        && Objective == other.Objective
        && People.SequenceEqual(other.People) && Activities.SequenceEqual(other.Activities)
        && Shifts.SequenceEqual(other.Shifts) && Absences.SequenceEqual(other.Absences)
        && Requests.SequenceEqual(other.Requests) && History.SequenceEqual(other.History);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, StartDate, HorizonDays, People.Count, Shifts.Count);
}
