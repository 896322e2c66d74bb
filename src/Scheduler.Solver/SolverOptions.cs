using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver;

/// <summary>How the solver cuts the problem.</summary>
public enum SolveStrategy
{
    /// <summary>
    /// For horizons longer than <see cref="SolverOptions.AutoWeeklyDays"/>, hybrid under a wall-clock or move limit
    /// (where it was measured to win: bench/README.md) and weekly for what only weekly does (checkpoints, lookahead
    /// weeks, a deterministic limit alone, CP-SAT parameters, a hint); monolithic otherwise. Problems with rostering
    /// limits or forbidden successions (which judge the whole horizon) get, under the same conditions and whatever
    /// their horizon, the neighbourhood strategy when their model is small (at most 100,000 eligible pairs) and there
    /// is a time limit, hybrid otherwise (each won where it is picked on the Curtois-Qu instances), and monolithic
    /// where those conditions do not hold.
    /// </summary>
    Auto,

    /// <summary>One CP-SAT model over the whole horizon: the baseline, and best for short horizons.</summary>
    Monolithic,

    /// <summary>Week by week, each week solved with the weeks before it fixed (see <see cref="SolverOptions.LookaheadWeeks"/>).</summary>
    Weekly,

    /// <summary>
    /// The monolithic model, searched in rounds (a tenth of the limit each) by large neighbourhood search (the best
    /// schedule with most assignments fixed and the rest, some people, some days or a block of both, re-solved, one
    /// neighbourhood per core at a time) and, first and after a neighbourhood round that found nothing better, by
    /// CP-SAT's own search from the best schedule. Its bound is the best of the CP-SAT rounds'. Figures against the
    /// monolithic search: bench/README.md.
    /// </summary>
    Neighbourhood,

    /// <summary>
    /// Local search on the incremental checker (late acceptance, <see cref="Local.LocalSearch"/>) from the greedy
    /// schedule (or, when that breaks a hard rule and the model is small, CP-SAT's first schedule), one search per
    /// worker with its own seed, the best kept; on a small model (at most 100,000 eligible pairs) with rostering
    /// limits and a time limit the search stops when it stalls (no new best for a twentieth of the time, at least 1 s)
    /// or at a third of the time, and CP-SAT's neighbourhood search, from its best, gets the rest. No model is
    /// built for a larger problem, so it fits any horizon. Repeatable with <see cref="SolverOptions.MaxMoves"/> and no
    /// time limit.
    /// </summary>
    Hybrid,
}

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

    /// <summary>
    /// The hybrid strategy: moves each local search evaluates before it stops, or null for no limit. With it and no
    /// time limit one search runs, whatever <see cref="Workers"/> says, and the result is repeatable.
    /// </summary>
    public long? MaxMoves { get; init; }

    /// <summary>The hybrid strategy: which worse moves the local search keeps (late acceptance by default).</summary>
    public Local.Acceptance Acceptance { get; init; }

    /// <summary>
    /// The hybrid strategy: tabu tenure in moves (a kept move's assignments may not be changed back for this many
    /// moves, unless that gives a new best); 0, the default, for none.
    /// </summary>
    public int Tabu { get; init; }

    /// <summary>
    /// The hybrid strategy: moves without a new best after which a local search is kicked (a few ruin-and-recreate
    /// moves kept whatever they cost); 0, the default, for never.
    /// </summary>
    public int Perturb { get; init; }

    /// <summary>CP-SAT's deterministic time limit (machine-independent work units, about seconds); null for none.</summary>
    public double? DeterministicTimeLimit { get; init; }

    /// <summary>Stop once the relative gap between objective and bound is at most this (0 proves optimality).</summary>
    public double RelativeGap { get; init; }

    /// <summary>
    /// Start the search from the greedy scheduler's schedule (it breaks no per-person rule, so CP-SAT usually
    /// has a first schedule at once and improves from there). On by default.
    /// </summary>
    public bool GreedyHint { get; init; } = true;

    /// <summary>Monolithic, weekly, or auto (the default).</summary>
    public SolveStrategy Strategy { get; init; }

    /// <summary>
    /// Weekly strategy: weeks solved after the week being committed (solved, not committed), so the committed
    /// week leaves room for what follows. 0 (the default) to 4.
    /// </summary>
    public int LookaheadWeeks { get; init; }

    /// <summary>
    /// A previously published schedule of (a version of) this problem: the solve starts from it instead of the
    /// greedy schedule. Assignments of people or shifts the problem does not have are ignored.
    /// </summary>
    public Schedule? PreviousSchedule { get; init; }

    /// <summary>
    /// A schedule to start the search from instead of <see cref="PreviousSchedule"/> (which a change weight still
    /// counts changes from) or the greedy one; null for those.
    /// </summary>
    public Schedule? Hint { get; init; }

    /// <summary>
    /// With a <see cref="PreviousSchedule"/>, the cost of each assignment changed from it (made or undone), in the
    /// objective term <c>changes</c>: a re-solve that changes as little as it can. 0 (the default) for none. Only
    /// the monolithic and neighbourhood strategies take it.
    /// </summary>
    public int ChangeWeight { get; init; }

    /// <summary>
    /// Assignments held as they are: worked (<see cref="FixedAssignment.Assigned"/>) or not. Only the monolithic and
    /// neighbourhood strategies take them; an id the problem lacks is a <see cref="Core.Model.ModelException"/>
    /// naming <c>fixed[i].person</c> or <c>fixed[i].shift</c>.
    /// </summary>
    public IReadOnlyList<FixedAssignment> Fixed { get; init; } = [];

    /// <summary>Weekly strategy: a directory for a checkpoint after each committed week, or null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Weekly strategy: continue from the newest valid checkpoint in <see cref="CheckpointDirectory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Extra CP-SAT parameters for the searches, in CP-SAT's text form: <c>name:value</c> pairs separated by spaces
    /// (for example <c>interleave_search:true linearization_level:2</c>). They win over Scheduler's own (workers,
    /// seed, time limit, presolve); completing a hint and costing a schedule keep their own settings.
    /// <see cref="Validate"/> refuses a name SatParameters does not have, a value of the wrong type, or a
    /// non-repeated field given twice. Null or empty for none.
    /// </summary>
    public string? CpSatParameters { get; init; }

    /// <summary>
    /// Whether CP-SAT presolves the model (and looks for symmetries). The weekly strategy turns both off for its
    /// windows: on a week of large (64k constraints) they took 8 s before the hinted schedule counted; without
    /// them the search started from the hint within 0.25 s and reached a better objective in the same 10 s.
    /// </summary>
    internal bool Presolve { get; init; } = true;

    /// <summary>
    /// Whether a search stopped before optimality re-costs its schedule exactly (the model solved with the schedule
    /// fixed, so every slack takes its least value; the search's own value may count slacks above what the schedule
    /// needs). The weekly strategy turns it off for its windows: on large the re-costing of 52 windows added 20-50 s
    /// to a 60 s run, so a weekly objective may still count such slack.
    /// </summary>
    internal bool ExactCost { get; init; } = true;

    /// <summary>Auto picks hybrid or weekly for horizons longer than this many days (five weeks), monolithic for shorter ones.</summary>
    public const int AutoWeeklyDays = 35;

    /// <summary>The strategy a problem of this many horizon days gets (without generic rostering rules).</summary>
    public SolveStrategy StrategyFor(int horizonDays) =>
        Strategy != SolveStrategy.Auto ? Strategy
        : horizonDays <= AutoWeeklyDays ? SolveStrategy.Monolithic
        : AutoPicksHybrid ? SolveStrategy.Hybrid
        : SolveStrategy.Weekly;

    // Auto's long horizons go to the hybrid strategy unless the solve asks for what only the CP-SAT ones do.
    private bool AutoPicksHybrid =>
        (TimeLimit is not null || MaxMoves is not null) && DeterministicTimeLimit is null && CheckpointDirectory is null && LookaheadWeeks == 0
        && CpSatParameters is null && Hint is null && PreviousSchedule is null && Fixed.Count == 0 && ChangeWeight == 0;

    /// <summary>
    /// The strategy a problem gets. For a problem with generic rostering rules, which judge the whole horizon, auto
    /// picks, where it would pick hybrid for a long horizon, the neighbourhood strategy for a small model (at most
    /// <see cref="Local.HybridSolver.CpSatStartPairs"/> eligible pairs) under a time limit and hybrid otherwise, and
    /// monolithic where it would not.
    /// </summary>
    /// <exception cref="ArgumentException">Weekly was asked for a problem with generic rostering rules.</exception>
    public SolveStrategy StrategyFor(CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!NeedsWholeHorizon(problem))
        {
            return StrategyFor(problem.HorizonDays);
        }

        return Strategy switch
        {
            SolveStrategy.Weekly => throw new ArgumentException(
                "the weekly strategy cannot solve a problem with rostering limits or forbidden successions: they judge the whole horizon, so use the hybrid, monolithic or neighbourhood strategy",
                nameof(problem)),
            SolveStrategy.Neighbourhood => SolveStrategy.Neighbourhood,
            SolveStrategy.Hybrid => SolveStrategy.Hybrid,
            SolveStrategy.Auto when AutoPicksHybrid =>
                TimeLimit is not null && SolverLimits.IsSmall(problem) ? SolveStrategy.Neighbourhood : SolveStrategy.Hybrid,
            _ => SolveStrategy.Monolithic,
        };
    }

    /// <summary>Whether a problem has rules that judge its whole horizon at once (generic rostering limits, forbidden successions).</summary>
    internal static bool NeedsWholeHorizon(CompiledProblem problem) => problem.HasRosterLimits || problem.HasForbiddenSuccessions;

    /// <summary>The strategy names <see cref="ParseStrategyName"/> reads, for messages.</summary>
    public const string StrategyNames = "monolithic, neighbourhood, hybrid, weekly or weekly+K (K lookahead weeks, 0..4)";

    /// <summary>
    /// A strategy as benchmark sweeps name it (<see cref="StrategyNames"/>): the strategy and its lookahead weeks, or
    /// null for any other name.
    /// </summary>
    public static (SolveStrategy Strategy, int LookaheadWeeks)? ParseStrategyName(string name) => name switch
    {
        "monolithic" => (SolveStrategy.Monolithic, 0),
        "neighbourhood" => (SolveStrategy.Neighbourhood, 0),
        "hybrid" => (SolveStrategy.Hybrid, 0),
        "weekly" => (SolveStrategy.Weekly, 0),
        _ when name.Length == "weekly+K".Length && name.StartsWith("weekly+", StringComparison.Ordinal) && name[^1] is >= '0' and <= '4' =>
            (SolveStrategy.Weekly, name[^1] - '0'),
        _ => null,
    };

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "expected auto, monolithic, weekly, neighbourhood or hybrid");
        }

        if (!Enum.IsDefined(Acceptance))
        {
            throw new ArgumentOutOfRangeException(nameof(Acceptance), Acceptance, "expected late acceptance or simulated annealing");
        }

        if (Tabu < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Tabu), Tabu, "expected a tabu tenure of 0 or more moves");
        }

        if (Perturb < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Perturb), Perturb, "expected 0 (never) or a number of moves without a new best");
        }

        if (MaxMoves is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMoves), MaxMoves, "expected a positive number of moves");
        }

        if (Strategy == SolveStrategy.Hybrid && TimeLimit is null && MaxMoves is null)
        {
            throw new ArgumentException("the hybrid strategy needs a time limit or a move limit", nameof(MaxMoves));
        }

        if (Strategy == SolveStrategy.Hybrid && (ChangeWeight > 0 || Fixed.Count > 0))
        {
            throw new ArgumentException("a change weight and fixed assignments take the monolithic or neighbourhood strategy", nameof(Strategy));
        }

        if (LookaheadWeeks is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(LookaheadWeeks), LookaheadWeeks, "expected 0..4 weeks");
        }

        if (Resume && CheckpointDirectory is null)
        {
            throw new ArgumentException("resuming needs a checkpoint directory", nameof(Resume));
        }

        if (CheckpointDirectory is not null && Strategy is SolveStrategy.Monolithic or SolveStrategy.Neighbourhood)
        {
            throw new ArgumentException("checkpoints are written by the weekly strategy, not the monolithic or neighbourhood one", nameof(CheckpointDirectory));
        }

        if (TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "expected a positive time limit");
        }

        if (ChangeWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChangeWeight), ChangeWeight, "expected a weight of 0 or more");
        }

        if (ChangeWeight > 0 && PreviousSchedule is null)
        {
            throw new ArgumentException("a change weight needs the previous schedule to stay close to", nameof(ChangeWeight));
        }

        if ((ChangeWeight > 0 || Fixed.Count > 0) && Strategy == SolveStrategy.Weekly)
        {
            throw new ArgumentException("a change weight and fixed assignments take the monolithic or neighbourhood strategy", nameof(Strategy));
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

        if (CpSatParameters is { } extra)
        {
            Solver.CpSatParameters.Validate(extra);
        }
    }

    /// <summary>True when the same problem and options give the same schedule on any machine.</summary>
    public bool IsReproducible =>
        TimeLimit is null && (Strategy == SolveStrategy.Hybrid ? MaxMoves is not null : Workers == 1 && DeterministicTimeLimit is not null);
}

/// <summary>An assignment a solve must keep as it is: worked when <paramref name="Assigned"/>, else not.</summary>
/// <param name="Person">The person's id.</param>
/// <param name="Shift">The shift's id.</param>
/// <param name="Assigned">Worked (true) or not (false).</param>
public readonly record struct FixedAssignment(string Person, string Shift, bool Assigned);
