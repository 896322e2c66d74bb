using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver;

/// <summary>
/// The largest problems the solver takes. A larger one is refused with a <see cref="ModelException"/> before
/// any model is built, so a caller learns at once instead of after minutes of building and memory.
/// </summary>
public static class SolverLimits
{
    /// <summary>Most (person, shift) pairs that are eligible and available: the model's decision variables.</summary>
    public const int MaxAssignmentVariables = 4_000_000;

    /// <summary>Most days of horizon plus history.</summary>
    public const int MaxDays = 800;

    /// <summary>Throws when the problem is beyond the limits.</summary>
    public static void ThrowIfTooLarge(CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.DayCount > MaxDays)
        {
            throw new ModelException("horizonDays", $"the solver takes at most {MaxDays} days of horizon plus history, got {problem.DayCount}");
        }

        var pairs = EligiblePairs(problem);
        if (pairs > MaxAssignmentVariables)
        {
            throw new ModelException(
                "shifts",
                $"the solver takes at most {MaxAssignmentVariables:N0} eligible and available (person, shift) pairs, got {pairs:N0}; split the horizon or the program");
        }
    }

    /// <summary>
    /// Whether the problem's model is small (at most <see cref="Local.HybridSolver.CpSatStartPairs"/> eligible pairs):
    /// small enough for CP-SAT's first schedule in hybrid, for <c>auto</c>'s neighbourhood strategy on a rostering
    /// problem, and for column generation before the neighbourhood search.
    /// </summary>
    internal static bool IsSmall(CompiledProblem problem) => EligiblePairs(problem) <= Local.HybridSolver.CpSatStartPairs;

    /// <summary>The (person, shift) pairs where the person may work the shift: eligible and not absent.</summary>
    internal static long EligiblePairs(CompiledProblem problem)
    {
        long pairs = 0;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            for (var s = 0; s < problem.ShiftCount; s++)
            {
                pairs += problem.CanWork(p, s) ? 1 : 0;
            }
        }

        return pairs;
    }
}
