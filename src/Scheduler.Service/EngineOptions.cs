namespace Scheduler.Service;

/// <summary>The limits of a <see cref="SchedulerEngine"/>. Immutable; validated once, when the engine is made.</summary>
public sealed record EngineOptions
{
    /// <summary>The defaults: 16 problems, 64 schedules each, one solve at a time, 16 waiting.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>Problems kept loaded; loading one more unloads the one used least recently (with its schedules).</summary>
    public int MaxProblems { get; init; } = 16;

    /// <summary>Schedules kept loaded per problem; loading one more unloads the one used least recently.</summary>
    public int MaxSchedulesPerProblem { get; init; } = 64;

    /// <summary>
    /// Solves and evaluations that run at once. Each CP-SAT solve already uses its own workers, so on a small
    /// machine one at a time finishes the queue soonest.
    /// </summary>
    public int MaxConcurrentSolves { get; init; } = 1;

    /// <summary>Solves and evaluations that may wait for a slot; one more is refused with <see cref="EngineBusyException"/>.</summary>
    public int MaxQueuedSolves { get; init; } = 16;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first limit out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxProblems, 1, nameof(MaxProblems));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSchedulesPerProblem, 1, nameof(MaxSchedulesPerProblem));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentSolves, 1, nameof(MaxConcurrentSolves));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxQueuedSolves, nameof(MaxQueuedSolves));
    }
}
