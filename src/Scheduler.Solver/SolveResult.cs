using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Solver;

/// <summary>What a solve ended with.</summary>
public enum SolveStatus
{
    /// <summary>The schedule is proven best for the objective.</summary>
    Optimal,

    /// <summary>A schedule meeting every hard rule, not proven best (time ran out, cancelled, or gap reached).</summary>
    Feasible,

    /// <summary>Proven: no schedule meets every hard rule.</summary>
    Infeasible,

    /// <summary>No schedule found and nothing proven (time ran out or cancelled first).</summary>
    Unknown,
}

/// <summary>One improving solution, reported while the search runs.</summary>
/// <param name="Objective">Objective of the new best schedule.</param>
/// <param name="BestBound">Best proven lower bound of the objective.</param>
/// <param name="Gap">Relative gap (objective - bound) / max(1, |objective|).</param>
/// <param name="Elapsed">Time since the search started.</param>
/// <param name="Solutions">Improving solutions found so far.</param>
/// <param name="Week">Weekly strategy: the window being solved (its first week, 1-based); 0 for a monolithic solve.</param>
/// <param name="Weeks">Weekly strategy: the number of weeks; 0 for a monolithic solve.</param>
/// <param name="Committed">Weekly strategy: true when the report marks weeks 1..<paramref name="Week"/> committed;
/// <paramref name="Objective"/> is then the objective of the committed weeks (fairness not included).</param>
/// <param name="Neighbourhoods">Neighbourhood strategy: neighbourhoods solved so far (0 while CP-SAT's first round
/// runs); 0 for the other strategies.</param>
/// <remarks>
/// In a weekly solve, reports of the search (not <paramref name="Committed"/>) carry the window's objective and bound;
/// <paramref name="Elapsed"/> counts from the start of the whole solve.
/// </remarks>
public readonly record struct SolveProgress(
    long Objective, double BestBound, double Gap, TimeSpan Elapsed, int Solutions, int Week = 0, int Weeks = 0, bool Committed = false,
    int Neighbourhoods = 0);

/// <summary>The outcome of <see cref="ScheduleSolver.Solve(Core.Model.Problem, SolverOptions?, IProgress{SolveProgress}?, CancellationToken)"/>.</summary>
public sealed record SolveResult
{
    /// <summary>Optimal, feasible, infeasible or unknown.</summary>
    public required SolveStatus Status { get; init; }

    /// <summary>The best schedule found, or null when none.</summary>
    public CompiledSchedule? Schedule { get; init; }

    /// <summary>The checkers' report on <see cref="Schedule"/> (soft rules may show violations; hard ones never do).</summary>
    public ComplianceReport? Report { get; init; }

    /// <summary>The model's whole solution behind <see cref="Schedule"/> (every variable), for strategies that go on from it.</summary>
    internal long[]? Solution { get; init; }

    /// <summary>Objective of the schedule, or null when none.</summary>
    public long? Objective { get; init; }

    /// <summary>Each objective term's value on the schedule, by name (empty when none).</summary>
    public IReadOnlyDictionary<string, long> ObjectiveTerms { get; init; } = new Dictionary<string, long>();

    /// <summary>Best proven lower bound.</summary>
    public double BestBound { get; init; }

    /// <summary>Relative gap (objective - bound) / max(1, |objective|), or null without a schedule.</summary>
    public double? Gap { get; init; }

    /// <summary>True when the search stopped on cancellation.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Why there is no schedule, in words a coordinator can act on, or null.</summary>
    public string? Explanation { get; init; }

    /// <summary>Model size and timings.</summary>
    public required SolveStatistics Statistics { get; init; }

    /// <summary>The strategy that ran (auto resolved).</summary>
    public SolveStrategy Strategy { get; init; } = SolveStrategy.Monolithic;

    /// <summary>
    /// What happened along the way, one line each, for the user: in a weekly solve, backups after an infeasible
    /// week, checkpoints refused or resumed from.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Model size and timings of a solve.</summary>
public sealed record SolveStatistics
{
    /// <summary>Decision variables: eligible and available (person, shift) pairs.</summary>
    public int AssignmentVariables { get; init; }

    /// <summary>All model variables.</summary>
    public int Variables { get; init; }

    /// <summary>Model constraints.</summary>
    public int Constraints { get; init; }

    /// <summary>Building the model (compiling not included).</summary>
    public TimeSpan BuildTime { get; init; }

    /// <summary>Completing the greedy hint before the search (see <see cref="SolverOptions.GreedyHint"/>); zero without it.</summary>
    public TimeSpan HintTime { get; init; }

    /// <summary>The whole solve, model building, hints and search included.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>The search, from its start to its end (after the hint).</summary>
    public TimeSpan SearchTime { get; init; }

    /// <summary>
    /// From the search's start to the first schedule, or null when none. Weekly: from the solve's start to the
    /// first complete schedule (the end of the last week).
    /// </summary>
    public TimeSpan? TimeToFirst { get; init; }

    /// <summary>From the search's start to the best schedule, or null when none.</summary>
    public TimeSpan? TimeToBest { get; init; }

    /// <summary>The share of hinted assignment values (see <see cref="SolverOptions.GreedyHint"/>) the schedule kept, or null without a hint or schedule.</summary>
    public double? HintKept { get; init; }

    /// <summary>Improving solutions found.</summary>
    public int Solutions { get; init; }

    /// <summary>Neighbourhood strategy: neighbourhoods re-solved (0 for the other strategies).</summary>
    public int Neighbourhoods { get; init; }

    /// <summary>Workers used.</summary>
    public int Workers { get; init; }

    /// <summary>Seed used.</summary>
    public int Seed { get; init; }

    /// <summary>Whether the settings make the result repeatable (one worker, deterministic limit only).</summary>
    public bool Reproducible { get; init; }
}
