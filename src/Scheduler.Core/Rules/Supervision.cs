using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Supervision: in a supervised shift, faculty cover the residents at the program's ratios, by default
/// 1:2 for PGY-1 and 1:4 for PGY-2 and above (4 x faculty >= 2 x PGY-1 + PGY-2+).
/// </summary>
/// <remarks>
/// The violation measures the faculty present against the fewest that satisfy the ratio:
/// ceil((PGY-1 x r2 + senior x r1) / (r1 x r2)) for ratios r1 (PGY-1) and r2 (senior). A shift with no
/// residents needs no faculty.
/// </remarks>
public static class Supervision
{
    /// <summary>Checks one shift given the people who work it.</summary>
    public static void Check(CompiledProblem problem, int shift, ReadOnlySpan<int> people, ViolationSink sink)
    {
        if (!problem.Supervised[shift])
        {
            return;
        }

        var (faculty, required) = Count(problem, people, -1, -1);
        if (faculty < required)
        {
            sink.Add(new Violation(RuleId.Supervision, -1, shift, problem.ShiftStart[shift], problem.ShiftEnd[shift], faculty, required));
        }
    }

    /// <summary>
    /// Whether the shift would break the rule with <paramref name="leaving"/> taken off <paramref name="people"/>
    /// and <paramref name="joining"/> put on it (each -1 for nobody): a check of a change without making it.
    /// </summary>
    public static bool BrokenAfter(CompiledProblem problem, int shift, ReadOnlySpan<int> people, int leaving, int joining)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Supervised[shift] && Count(problem, people, leaving, joining) is var (faculty, required) && faculty < required;
    }

    // The faculty among the people (less one leaving, plus one joining) and the fewest their residents need.
    private static (int Faculty, int Required) Count(CompiledProblem problem, ReadOnlySpan<int> people, int leaving, int joining)
    {
        Span<int> count = stackalloc int[3];
        foreach (var p in people)
        {
            count[Kind(problem, p)]++;
        }

        if (leaving >= 0)
        {
            count[Kind(problem, leaving)]--;
        }

        if (joining >= 0)
        {
            count[Kind(problem, joining)]++;
        }

        return (count[0], RequiredFaculty(problem.Rules, count[1], count[2]));
    }

    // Faculty 0, PGY-1 1, senior resident 2.
    private static int Kind(CompiledProblem problem, int person) =>
        problem.Roles[person] == Role.Faculty ? 0 : problem.Pgy[person] == 1 ? 1 : 2;

    /// <summary>The fewest faculty that supervise the given residents at the program's ratios.</summary>
    public static int RequiredFaculty(ProgramRules rules, int pgy1, int senior)
    {
        var r1 = rules.Pgy1PerFaculty;
        var r2 = rules.SeniorPerFaculty;
        var need = (long)pgy1 * r2 + (long)senior * r1;
        var unit = (long)r1 * r2;
        return (int)((need + unit - 1) / unit);
    }
}
