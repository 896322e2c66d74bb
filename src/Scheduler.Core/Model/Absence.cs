namespace Scheduler.Core.Model;

/// <summary>Why a person is away.</summary>
public enum AbsenceKind
{
    /// <summary>Vacation or other planned leave.</summary>
    Leave = 0,

    /// <summary>Conference or course away from the program.</summary>
    Conference = 1,

    /// <summary>Sick leave.</summary>
    Sick = 2,
}

/// <summary>A hard unavailability [Start, End) in minutes from the problem start.</summary>
public sealed record Absence(string PersonId, AbsenceKind Kind, int Start, int End);

/// <summary>Whether a request asks for or against its target.</summary>
public enum RequestKind
{
    /// <summary>The person would like the shift (or to work that day).</summary>
    Want = 0,

    /// <summary>The person would rather not work the shift (or that day).</summary>
    Avoid = 1,
}

/// <summary>
/// A soft wish of a person about one shift or one day (exactly one of <paramref name="ShiftId"/> and
/// <paramref name="Day"/> is set; <paramref name="Day"/> counts local days from the problem start).
/// </summary>
public sealed record Request(string PersonId, RequestKind Kind, string? ShiftId, int? Day, int Weight);

/// <summary>
/// A duty interval worked before the horizon, so that rolling windows at the start are judged
/// with what came before. Start is negative (before the problem start).
/// </summary>
public sealed record HistoryEntry(string PersonId, string ActivityId, int Start, int End);
