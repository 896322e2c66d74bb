using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>Eligibility: an assigned person has the role, PGY year and qualifications the shift asks for.</summary>
public static class Eligibility
{
    /// <summary>Checks one person's assigned shifts.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        foreach (ref readonly var duty in duties)
        {
            if (!duty.IsHistory && !problem.IsEligible(person, duty.Shift))
            {
                sink.Add(new Violation(RuleId.Eligibility, person, duty.Shift, duty.Start, duty.End, 0, 0));
            }
        }
    }
}
