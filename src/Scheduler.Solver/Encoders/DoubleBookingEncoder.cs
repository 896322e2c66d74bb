using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.DoubleBooking"/>: a person's items never overlap. Always hard.
/// </summary>
/// <remarks>
/// Intervals form an interval graph, whose maximal cliques are the items containing some item's start: one
/// at-most-one per such clique (skipping cliques the next one contains) says it exactly. A shift that
/// overlaps history cannot be worked at all.
/// </remarks>
internal static class DoubleBookingEncoder
{
    public static void Encode(ModelContext context)
    {
        var maxLength = context.Problem.MaxDutyLength;
        var clique = new List<int>();
        foreach (var t in context.Timelines)
        {
            for (var i = 0; i < t.Count; i++)
            {
                // The items j <= i that contain Start[i] (half-open: an item ending at Start[i] does not).
                var first = i;
                while (first > 0 && t.Start[first - 1] > t.Start[i] - maxLength)
                {
                    first--;
                }

                clique.Clear();
                var history = false;
                for (var j = first; j <= i; j++)
                {
                    if (j != i && t.End[j] <= t.Start[i])
                    {
                        continue;
                    }

                    if (t.Items[j].Literal is { } literal)
                    {
                        clique.Add(literal);
                    }
                    else
                    {
                        history = true;
                    }

                }

                if (history)
                {
                    // Fixed history holds the time: nothing else in the clique can be worked.
                    foreach (var literal in clique)
                    {
                        context.Proto.Or([ProtoWriter.Not(literal)]);
                    }

                    continue;
                }

                // Items starting at the same instant all lie in the next clique too: skip this one then.
                var subsumed = i + 1 < t.Count && t.Start[i + 1] < EarliestEnd(t, first, i);
                if (clique.Count >= 2 && !subsumed)
                {
                    context.Proto.AtMostOne(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(clique));
                }
            }
        }
    }

    private static int EarliestEnd(Timeline t, int first, int i)
    {
        var end = t.End[i];
        for (var j = first; j < i; j++)
        {
            if (t.End[j] > t.Start[i])
            {
                end = Math.Min(end, t.End[j]);
            }
        }

        return end;
    }
}
