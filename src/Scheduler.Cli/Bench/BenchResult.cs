namespace Scheduler.Cli.Bench;

/// <summary>What one run of a sweep recorded (one JSON file per run in the output folder's runs/).</summary>
/// <param name="Instance">Instance name.</param>
/// <param name="Strategy">monolithic, neighbourhood, hybrid, weekly or weekly+K.</param>
/// <param name="Seed">Solver seed.</param>
/// <param name="Status">optimal, feasible, infeasible, unknown, or error (see <paramref name="Error"/>).</param>
/// <param name="Objective">Objective of the schedule, or null without one.</param>
/// <param name="Bound">
/// The solve's proven lower bound on the objective (CP-SAT's, or column generation's before the neighbourhood
/// search), or null for the weekly strategy, whose windows' bounds bound no whole schedule.
/// </param>
/// <param name="Gap">Relative gap to the bound, or null.</param>
/// <param name="TimeToFirstSeconds">From the call to the first complete schedule, or null.</param>
/// <param name="TimeToBestSeconds">From the call to the best schedule, or null.</param>
/// <param name="SolveSeconds">The solver call, start to end.</param>
/// <param name="RunSeconds">The run as the harness saw it: child process start to end, reading the instance included.</param>
/// <param name="PeakMiB">Peak working set of the run's process.</param>
/// <param name="AssignmentVariables">Decision variables (largest window for weekly).</param>
/// <param name="Variables">Model variables (largest window for weekly).</param>
/// <param name="Constraints">Model constraints (largest window for weekly).</param>
/// <param name="HardViolations">Violations of hard rules in the schedule (the checkers judge it; always 0 unless a face is wrong).</param>
/// <param name="Trace">Objective over time: [seconds from the call, objective] at each improving schedule.</param>
/// <param name="Error">Why the run has no result (unreadable instance, beyond the solver's limits), or null.</param>
internal sealed record BenchResult(
    string Instance,
    string Strategy,
    int Seed,
    string Status,
    long? Objective,
    double? Bound,
    double? Gap,
    double? TimeToFirstSeconds,
    double? TimeToBestSeconds,
    double SolveSeconds,
    double RunSeconds,
    double PeakMiB,
    int AssignmentVariables,
    int Variables,
    int Constraints,
    int HardViolations,
    IReadOnlyList<double[]> Trace,
    string? Error);
