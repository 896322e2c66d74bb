using Scheduler.Core.Compiled;
using Scheduler.Core.Time;

namespace Scheduler.Solver;

/// <summary>
/// Cheap explanations of infeasibility, found before searching: a shift whose minimum exceeds the people
/// who are eligible and available for it. The answer names the shift in local time, so a coordinator can act.
/// </summary>
public static class CapacityCheck
{
    /// <summary>A sentence naming the first short-staffed shifts, or null when every shift can be staffed.</summary>
    public static string? Explain(CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Source.Objective.SoftWeight(Core.Checking.RuleId.Coverage) is not null)
        {
            return null;
        }

        var lines = new List<string>();
        var shortCount = 0;
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            var candidates = 0;
            for (var p = 0; p < problem.PersonCount; p++)
            {
                if (problem.CanWork(p, s))
                {
                    candidates++;
                }
            }

            if (candidates >= problem.MinPeople[s])
            {
                continue;
            }

            shortCount++;
            if (lines.Count < 3)
            {
                var start = problem.Calendar.ToLocal(problem.ShiftStart[s]);
                lines.Add(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"shift {problem.ShiftId(s)} ({start:yyyy-MM-dd HH:mm}) needs {problem.MinPeople[s]}, only {candidates} eligible and not absent"));
            }
        }

        return shortCount == 0
            ? null
            : string.Join("; ", lines) + (shortCount > lines.Count ? $"; and {shortCount - lines.Count} more shifts like these" : string.Empty);
    }
}
