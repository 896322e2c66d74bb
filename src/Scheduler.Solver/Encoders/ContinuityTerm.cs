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
        var proto = context.Proto;

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

        var here = new List<(int Person, int Variable)>();
        var there = new List<(int Person, int Variable)>();
        var up = new LinearTerms();
        var down = new LinearTerms();
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

                Works(vars, current, here);
                Works(vars, next, there);

                // Walk both sessions' people in order. Shifts of one session overlap, so each person's sum is 0
                // or 1; the break is their difference.
                int i = 0, j = 0;
                while (i < here.Count || j < there.Count)
                {
                    var p = Math.Min(i < here.Count ? here[i].Person : int.MaxValue, j < there.Count ? there[j].Person : int.MaxValue);
                    var breaks = proto.NewBool();
                    up.Clear().Add(breaks);
                    down.Clear().Add(breaks);
                    for (; i < here.Count && here[i].Person == p; i++)
                    {
                        up.Add(here[i].Variable, -1);
                        down.Add(here[i].Variable);
                    }

                    for (; j < there.Count && there[j].Person == p; j++)
                    {
                        up.Add(there[j].Variable);
                        down.Add(there[j].Variable, -1);
                    }

                    // breaks >= here - there and breaks >= there - here
                    proto.Linear(up, 0, long.MaxValue);
                    proto.Linear(down, 0, long.MaxValue);
                    context.Penalty(Name, breaks, weight);
                }
            }
        }
    }

    // The people able to work any of the shifts, with their variables, by person.
    private static void Works(AssignmentVariables vars, List<int> shifts, List<(int Person, int Variable)> works)
    {
        works.Clear();
        foreach (var s in shifts)
        {
            foreach (var k in vars.OfShift(s))
            {
                works.Add((vars.PairPerson[k], vars.Index[k]));
            }
        }

        works.Sort();
    }
}
