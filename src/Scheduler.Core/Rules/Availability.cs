using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>Availability: no assignment overlaps an absence (leave, conference, sick) of the person.</summary>
/// <remarks>
/// Edges, decided once: half-open intervals, so a shift ending when leave begins is fine. One violation per
/// assigned shift that overlaps, measuring the minutes of overlap; history is not judged.
/// </remarks>
public static class Availability
{
    /// <summary>Checks one person's assigned shifts against their absences.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        foreach (ref readonly var duty in duties)
        {
            if (duty.IsHistory)
            {
                continue;
            }

            var overlap = problem.AbsenceOverlap(person, duty.Start, duty.End);
            if (overlap > 0)
            {
                sink.Add(new Violation(RuleId.Availability, person, duty.Shift, duty.Start, duty.End, overlap, 0));
            }
        }
    }
}
