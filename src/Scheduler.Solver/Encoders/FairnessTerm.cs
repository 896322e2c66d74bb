using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// Objective term: within each PGY year, the spread (most minus fewest among its residents) of in-house
/// calls, night shifts and weekend duty shifts of the horizon, each with its weight.
/// </summary>
/// <remarks>
/// Counts are of shifts started in the horizon (history is not counted), plus what earlier weeks of a
/// week-by-week solve carry in (<see cref="FairnessCounts"/>), so the last week's term is the whole
/// horizon's. A weekend duty shift is a duty shift starting on a local Saturday or Sunday. Years with one
/// resident have no spread.
/// </remarks>
internal static class FairnessTerm
{
    /// <summary>The term names, in the order of <see cref="FairnessCounts"/>' kinds.</summary>
    public static readonly string[] Names = ["CallFairness", "NightFairness", "WeekendFairness"];

    public static void Encode(ModelContext context)
    {
        var weights = Weights(context.Weights);
        var problem = context.Problem;
        var kinds = new int[problem.ShiftCount];
        for (var s = 0; s < kinds.Length; s++)
        {
            kinds[s] = Kinds(problem, s);
        }

        for (var kind = 0; kind < Names.Length; kind++)
        {
            Spread(context, kinds, kind, weights[kind]);
        }
    }

    /// <summary>Which fairness counts (bit per kind: call, night, weekend) a shift adds to.</summary>
    public static int Kinds(CompiledProblem problem, int shift) => SoftTerms.FairnessKinds(problem, shift);

    /// <summary>The term's value for fixed counts: per PGY year, weight x (most - fewest) over its residents.</summary>
    public static long Value(CompiledProblem problem, FairnessCounts counts, int kind, int weight) =>
        weight * SoftTerms.Spread(problem, counts.Of(kind)).Total;

    public static int[] Weights(ObjectiveWeights w) => [w.CallFairness, w.NightFairness, w.WeekendFairness];

    private static void Spread(ModelContext context, int[] shiftKinds, int kind, int weight)
    {
        if (weight == 0)
        {
            return;
        }

        var problem = context.Problem;
        var vars = context.Vars;
        var proto = context.Proto;
        var carried = context.Carried;
        var byYear = new Dictionary<int, List<(LinearTerms Count, int Least, int Most)>>();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (problem.Roles[p] != Role.Resident)
            {
                continue;
            }

            var count = new LinearTerms();
            foreach (var k in vars.OfPerson(p).Enumerate())
            {
                if ((shiftKinds[vars.PairShift[k]] & (1 << kind)) != 0)
                {
                    count.Add(vars.Index[k]);
                }
            }

            if (!byYear.TryGetValue(problem.Pgy[p], out var year))
            {
                byYear.Add(problem.Pgy[p], year = []);
            }

            var offset = carried?.Get(kind, p) ?? 0;
            year.Add((count.AddConstant(offset), offset, offset + count.Count));
        }

        var bound = new LinearTerms();
        foreach (var year in byYear.Values)
        {
            int least = int.MaxValue, most = 0;
            foreach (var (_, l, m) in year)
            {
                least = Math.Min(least, l);
                most = Math.Max(most, m);
            }

            if (year.Count < 2 || most == 0)
            {
                continue;
            }

            var high = proto.NewInt(least, most);
            var low = proto.NewInt(least, most);
            foreach (var (count, _, _) in year)
            {
                // high >= count and low <= count
                proto.Linear(bound.Clear().Add(high).Add(count, -1), 0, long.MaxValue);
                proto.Linear(bound.Clear().Add(low).Add(count, -1), long.MinValue, 0);
            }

            context.Penalty(Names[kind], high, weight);
            context.Penalty(Names[kind], low, -weight);
        }
    }
}
