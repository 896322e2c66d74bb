using Google.OrTools.Sat;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// Objective term: in activities marked <see cref="ActivityKinds.Continuity"/>, consecutive sessions (shifts
/// of the activity grouped by start; the next session starts less than the continuity gap after this one
/// ends) should go to the same people. Each person working one of two consecutive sessions but not the
/// other costs <see cref="ObjectiveWeights.Continuity"/>.
/// </summary>
internal static class ContinuityTerm
{
    public const string Name = "Continuity";

    public static void Encode(ModelContext context)
    {
        var weight = context.Weights.Continuity;
        var problem = context.Problem;
        if (weight == 0)
        {
            return;
        }

        var gap = problem.Rules.ContinuityGapMinutes;
        var vars = context.Vars;
        var model = context.Model;

        // Sessions per activity: runs of shifts with the same start (shifts are sorted by start).
        var sessions = new Dictionary<int, List<(int Start, int End, List<int> Shifts)>>();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if ((problem.ShiftKinds[s] & ActivityKinds.Continuity) == 0)
            {
                continue;
            }

            var activity = problem.ShiftActivity[s];
            if (!sessions.TryGetValue(activity, out var list))
            {
                sessions.Add(activity, list = []);
            }

            if (list.Count > 0 && list[^1].Start == problem.ShiftStart[s])
            {
                list[^1].Shifts.Add(s);
                list[^1] = (list[^1].Start, Math.Max(list[^1].End, problem.ShiftEnd[s]), list[^1].Shifts);
            }
            else
            {
                list.Add((problem.ShiftStart[s], problem.ShiftEnd[s], [s]));
            }
        }

        foreach (var list in sessions.Values)
        {
            for (var k = 0; k + 1 < list.Count; k++)
            {
                var (_, end, current) = list[k];
                var (nextStart, _, next) = list[k + 1];
                if (nextStart < end || nextStart - end >= gap)
                {
                    continue;
                }

                for (var p = 0; p < problem.PersonCount; p++)
                {
                    var here = Works(vars, p, current);
                    var there = Works(vars, p, next);
                    if (here.Count == 0 && there.Count == 0)
                    {
                        continue;
                    }

                    // Shifts of one session overlap, so each sum is 0 or 1; the break is their difference.
                    var change = model.NewBoolVar(string.Empty);
                    model.Add(change >= LinearExpr.Sum(here) - LinearExpr.Sum(there));
                    model.Add(change >= LinearExpr.Sum(there) - LinearExpr.Sum(here));
                    context.Penalty(Name, change, weight);
                }
            }
        }
    }

    private static List<ILiteral> Works(AssignmentVariables vars, int person, List<int> shifts)
    {
        var list = new List<ILiteral>();
        foreach (var s in shifts)
        {
            var pair = vars.Find(person, s);
            if (pair >= 0)
            {
                list.Add(vars.Vars[pair]);
            }
        }

        return list;
    }
}
