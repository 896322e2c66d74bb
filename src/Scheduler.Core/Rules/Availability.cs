using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>Availability: no assignment overlaps an absence (leave, conference, sick) of the person.</summary>
/// <remarks>
/// Edges, decided once: half-open intervals, so a shift ending when leave begins is fine. One violation per
/// assigned shift that overlaps, measuring its minutes of overlap summed over the absences; history is not judged.
/// </remarks>
public static class Availability
{
    /// <summary>Checks one person's assigned shifts against their absences.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        var starts = problem.AbsenceStarts(person);
        if (starts.IsEmpty)
        {
            return;
        }

        // Walk absences, not duties: a person has a handful of absences and hundreds of shifts. Overlaps
        // are collected per duty index and summed, so a shift across two absences is one violation.
        var ends = problem.AbsenceEnds(person);
        var workspace = CheckWorkspace.Rent();
        try
        {
            var count = 0;
            for (var k = 0; k < starts.Length; k++)
            {
                for (var i = DutySearch.FirstReaching(duties, starts[k], problem.MaxDutyLength); i < duties.Length && duties[i].Start < ends[k]; i++)
                {
                    ref readonly var duty = ref duties[i];
                    if (duty.IsHistory || duty.End <= starts[k])
                    {
                        continue;
                    }

                    workspace.AddPair(ref count, i, Math.Min(duty.End, ends[k]) - Math.Max(duty.Start, starts[k]));
                }
            }

            var index = workspace.PairIndex.AsSpan(0, count);
            var overlap = workspace.PairValue.AsSpan(0, count);
            index.Sort(overlap);
            for (var r = 0; r < count;)
            {
                var i = index[r];
                var minutes = 0;
                for (; r < count && index[r] == i; r++)
                {
                    minutes += overlap[r];
                }

                ref readonly var duty = ref duties[i];
                sink.Add(new Violation(RuleId.Availability, person, duty.Shift, duty.Start, duty.End, minutes, 0));
            }
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }
}
