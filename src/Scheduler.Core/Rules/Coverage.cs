using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>Coverage: each shift gets between its minimum and maximum number of people.</summary>
/// <remarks>Every assigned person counts (an ineligible one is reported by <see cref="Eligibility"/> as well).</remarks>
public static class Coverage
{
    /// <summary>Checks one shift given how many people work it.</summary>
    public static void Check(CompiledProblem problem, int shift, int assigned, ViolationSink sink)
    {
        var min = problem.MinPeople[shift];
        var max = problem.MaxPeople[shift];
        if (assigned < min)
        {
            sink.Add(new Violation(RuleId.Coverage, -1, shift, problem.ShiftStart[shift], problem.ShiftEnd[shift], assigned, min));
        }
        else if (assigned > max)
        {
            sink.Add(new Violation(RuleId.Coverage, -1, shift, problem.ShiftStart[shift], problem.ShiftEnd[shift], assigned, max));
        }
    }
}
