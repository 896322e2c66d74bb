using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// Objective term: each request not honoured costs its weight times <see cref="ObjectiveWeights.Requests"/>.
/// A shift request is honoured when the person works (want) or does not work (avoid) the shift; a day
/// request when the person works some shift starting that local day (want) or none (avoid).
/// </summary>
internal static class RequestsTerm
{
    public const string Name = "Requests";

    public static void Encode(ModelContext context)
    {
        var multiplier = context.Weights.Requests;
        if (multiplier == 0)
        {
            return;
        }

        var problem = context.Problem;
        var vars = context.Vars;
        var proto = context.Proto;
        var onDay = new LinearTerms();
        foreach (var request in problem.Source.Requests)
        {
            if (!problem.TryGetPerson(request.PersonId, out var p))
            {
                continue;
            }

            var cost = (long)request.Weight * multiplier;
            var want = request.Kind == RequestKind.Want;
            if (request.ShiftId is { } shiftId)
            {
                var pair = problem.TryGetShift(shiftId, out var s) ? vars.Find(p, s) : -1;
                if (pair < 0)
                {
                    // The person cannot work the shift: a want is never honoured, an avoid always is.
                    context.Penalty(Name, want ? cost : 0);
                }
                else if (want)
                {
                    context.Penalty(Name, cost);
                    context.Penalty(Name, vars.Index[pair], -cost);
                }
                else
                {
                    context.Penalty(Name, vars.Index[pair], cost);
                }

                continue;
            }

            if (request.Day is not { } day)
            {
                continue;
            }

            onDay.Clear();
            var localDay = problem.HistoryDays + day;
            foreach (var k in vars.OfPerson(p).Enumerate())
            {
                if (problem.ShiftDay[vars.PairShift[k]] == localDay)
                {
                    onDay.Add(vars.Index[k]);
                }
            }

            if (onDay.Count == 0)
            {
                context.Penalty(Name, want ? cost : 0);
                continue;
            }

            var works = proto.NewBool();
            if (want)
            {
                // works <= sum: a want is honoured only by a real shift that day.
                proto.Linear(onDay.Add(works, -1), 0, long.MaxValue);
                context.Penalty(Name, cost);
                context.Penalty(Name, works, -cost);
            }
            else
            {
                foreach (var literal in onDay.Variables)
                {
                    proto.Implies(literal, works);
                }

                context.Penalty(Name, works, cost);
            }
        }
    }
}
