using Google.OrTools.Sat;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// Objective term: within each PGY year, the spread (most minus fewest among its residents) of in-house
/// calls, night shifts and weekend duty shifts of the horizon, each with its weight.
/// </summary>
/// <remarks>
/// Counts are of shifts started in the horizon (history is not counted). A weekend duty shift is a duty
/// shift starting on a local Saturday or Sunday. Years with one resident have no spread.
/// </remarks>
internal static class FairnessTerm
{
    public static void Encode(ModelContext context)
    {
        var w = context.Weights;
        var problem = context.Problem;
        var start = problem.Source.StartDate;
        Spread(context, "CallFairness", w.CallFairness, (s, kinds) => (kinds & ActivityKinds.InHouseCall) != 0);
        Spread(context, "NightFairness", w.NightFairness, (s, kinds) => (kinds & ActivityKinds.Night) != 0);
        Spread(context, "WeekendFairness", w.WeekendFairness, (s, kinds) =>
        {
            if ((kinds & ActivityKinds.Duty) == 0)
            {
                return false;
            }

            var day = start.AddDays(problem.ShiftDay[s] - problem.HistoryDays).DayOfWeek;
            return day is DayOfWeek.Saturday or DayOfWeek.Sunday;
        });
    }

    private static void Spread(ModelContext context, string name, int weight, Func<int, ActivityKinds, bool> counts)
    {
        if (weight == 0)
        {
            return;
        }

        var problem = context.Problem;
        var vars = context.Vars;
        var model = context.Model;
        var byYear = new Dictionary<int, List<(LinearExpr Count, int Most)>>();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (problem.Roles[p] != Role.Resident)
            {
                continue;
            }

            var terms = new List<ILiteral>();
            foreach (var k in vars.OfPerson(p).Enumerate())
            {
                var s = vars.PairShift[k];
                if (counts(s, problem.ShiftKinds[s]))
                {
                    terms.Add(vars.Vars[k]);
                }
            }

            if (!byYear.TryGetValue(problem.Pgy[p], out var year))
            {
                byYear.Add(problem.Pgy[p], year = []);
            }

            year.Add((LinearExpr.Sum(terms), terms.Count));
        }

        foreach (var year in byYear.Values)
        {
            var most = 0;
            foreach (var (_, m) in year)
            {
                most = Math.Max(most, m);
            }

            if (year.Count < 2 || most == 0)
            {
                continue;
            }

            var high = model.NewIntVar(0, most, string.Empty);
            var low = model.NewIntVar(0, most, string.Empty);
            foreach (var (count, _) in year)
            {
                model.Add(high >= count);
                model.Add(low <= count);
            }

            context.Penalty(name, high - low, weight);
        }
    }
}
