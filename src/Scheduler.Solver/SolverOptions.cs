namespace Scheduler.Solver;

/// <summary>
/// Settings of one solve. For a repeatable result use one worker, a fixed seed and
/// <see cref="DeterministicTimeLimit"/> instead of (or beside) the wall-clock <see cref="TimeLimit"/>.
/// </summary>
public sealed record SolverOptions
{
    /// <summary>60 s, 8 workers, seed 1.</summary>
    public static SolverOptions Default { get; } = new();

    /// <summary>Wall-clock limit of the search (not counting model building); null for none.</summary>
    public TimeSpan? TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// CP-SAT search workers. The portfolio changes with the count: 8 runs LP, core and LNS subsolvers that
    /// 1 or 2 lack, and on 2 cores it proves optima that 2 workers do not, so the default is 8 whatever the
    /// core count. 1 makes the search deterministic.
    /// </summary>
    public int Workers { get; init; } = 8;

    /// <summary>Random seed of the search.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>CP-SAT's deterministic time limit (machine-independent work units, about seconds); null for none.</summary>
    public double? DeterministicTimeLimit { get; init; }

    /// <summary>Stop once the relative gap between objective and bound is at most this (0 proves optimality).</summary>
    public double RelativeGap { get; init; }

    /// <summary>
    /// Start the search from the greedy scheduler's schedule (it breaks no per-person rule, so CP-SAT usually
    /// has a first schedule at once and improves from there). On by default.
    /// </summary>
    public bool GreedyHint { get; init; } = true;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "expected a positive time limit");
        }

        if (Workers is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "expected 1..64 workers");
        }

        if (DeterministicTimeLimit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DeterministicTimeLimit), DeterministicTimeLimit, "expected a positive limit");
        }

        if (RelativeGap is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeGap), RelativeGap, "expected 0..1");
        }
    }

    /// <summary>True when the same problem and options give the same schedule on any machine.</summary>
    public bool IsReproducible => Workers == 1 && TimeLimit is null && DeterministicTimeLimit is not null;
}
