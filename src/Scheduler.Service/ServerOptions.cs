namespace Scheduler.Service;

/// <summary>The limits of a <see cref="SchedulerServer"/> (the engine's are in <see cref="EngineOptions"/>). Immutable.</summary>
public sealed record ServerOptions
{
    /// <summary>The defaults: frames up to 64 MiB.</summary>
    public static ServerOptions Default { get; } = new();

    /// <summary>The largest frame body the server reads; a longer length prefix closes the connection.</summary>
    public int MaxFrame { get; init; } = 64 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is out of range.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrame, 64, nameof(MaxFrame));
}
