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

        int faculty = 0, pgy1 = 0, senior = 0;
        var roles = problem.Roles;
        var pgy = problem.Pgy;
        foreach (var p in people)
        {
            if (roles[p] == Role.Faculty)
            {
                faculty++;
            }
            else if (pgy[p] == 1)
            {
                pgy1++;
            }
            else
            {
                senior++;
            }
        }

        var required = RequiredFaculty(problem.Rules, pgy1, senior);
        if (faculty < required)
        {
            sink.Add(new Violation(RuleId.Supervision, -1, shift, problem.ShiftStart[shift], problem.ShiftEnd[shift], faculty, required));
        }
    }

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
