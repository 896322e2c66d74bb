using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>Generic rostering: no forbidden succession of activities on consecutive local days (<see cref="ProgramRules.ForbiddenSuccessions"/>).</summary>
/// <remarks>
/// Edges, decided once: days are the local days the shifts start on; both shifts must be in the horizon
/// (history does not count). Each forbidden pair is one violation, naming the later shift, from the earlier
/// shift's start to the later one's end (measured 1, limit 0).
/// </remarks>
public static class Succession
{
    /// <summary>Checks one person's shifts on consecutive days.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        if (!problem.HasForbiddenSuccessions)
        {
            return;
        }

        var activities = problem.ShiftActivity;
        for (var i = 0; i < duties.Length; i++)
        {
            var first = duties[i];
            if (first.IsHistory)
            {
                continue;
            }

            // Duties are sorted by start, so their days ascend: the next day's shifts follow this one.
            for (var j = i + 1; j < duties.Length && duties[j].Day <= first.Day + 1; j++)
            {
                var next = duties[j];
                if (next.Day == first.Day + 1 && problem.IsForbiddenSuccession(activities[first.Shift], activities[next.Shift]))
                {
                    sink.Add(new Violation(RuleId.Succession, person, next.Shift, first.Start, next.End, 1, 0));
                }
            }
        }
    }
}
