using Scheduler.Core.Checking;

namespace Scheduler.Service;

/// <summary>The kinds of one-step change <see cref="SchedulerEngine.CheckChange(string, string, in ScheduleChange)"/> judges.</summary>
public enum ChangeKind
{
    /// <summary><c>Person</c> gives <c>Shift</c> to <c>OtherPerson</c> and takes <c>OtherShift</c> from them.</summary>
    Swap,

    /// <summary><c>Person</c> gives <c>Shift</c> to <c>OtherPerson</c> (who takes it).</summary>
    Give,

    /// <summary><c>Person</c> takes <c>Shift</c>, which they do not work yet.</summary>
    Add,

    /// <summary><c>Person</c> leaves <c>Shift</c>.</summary>
    Remove,
}

/// <summary>One change to a loaded schedule, by person and shift ids.</summary>
/// <param name="Kind">What the change does.</param>
/// <param name="Person">The person who gives, takes or leaves a shift.</param>
/// <param name="Shift">Their shift.</param>
/// <param name="OtherPerson">Swap and give: the other person.</param>
/// <param name="OtherShift">Swap: the other person's shift.</param>
public readonly record struct ScheduleChange(ChangeKind Kind, string Person, string Shift, string? OtherPerson = null, string? OtherShift = null)
{
    /// <summary>The names of the kinds as the service protocol spells them, in <see cref="ChangeKind"/> order.</summary>
    public static IReadOnlyList<string> KindNames { get; } = ["swap", "give", "add", "remove"];
}

/// <summary>The verdict of a change, judged without making it.</summary>
/// <param name="Legal">True when the change adds no violation of a hard rule (it may add soft ones).</param>
/// <param name="Added">Violations the change would add.</param>
/// <param name="Removed">Violations the change would remove.</param>
public sealed record ChangeCheck(bool Legal, IReadOnlyList<Violation> Added, IReadOnlyList<Violation> Removed);

/// <summary>A problem or schedule hash that names nothing loaded (never loaded, unloaded, or evicted by the cap).</summary>
public sealed class UnknownHandleException : Exception
{
    /// <summary>Creates the exception for a hash of a kind ("problem" or "schedule").</summary>
    public UnknownHandleException(string kind, string hash)
        : base($"no {kind} with hash '{hash}' is loaded: load it first (it may have been unloaded, or evicted to keep within the engine's cap)")
    {
        Kind = kind;
        Hash = hash;
    }

    /// <summary>"problem" or "schedule".</summary>
    public string Kind { get; }

    /// <summary>The hash asked for.</summary>
    public string Hash { get; }
}

/// <summary>The solve queue is full (<see cref="EngineOptions.MaxQueuedSolves"/>): try again later.</summary>
public sealed class EngineBusyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineBusyException(string message)
        : base(message)
    {
    }
}
