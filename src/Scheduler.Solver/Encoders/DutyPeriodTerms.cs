using Google.OrTools.Sat;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The duty-period structure of one person as model terms, shared by <see cref="ContinuousDutyEncoder"/> and
/// <see cref="RestEncoder"/> the way <see cref="Core.Rules.DutyPeriods"/> is shared by their checkers.
/// </summary>
/// <remarks>
/// With double booking hard, a worked duty item continues a period exactly when some worked duty item ends
/// less than the continuity gap before its start (its "predecessors"). Per duty item j:
/// <list type="bullet">
/// <item><c>Starts[j]</c> (exact): j is worked and no predecessor is;</item>
/// <item><c>PeriodStartIndex[j]</c>: when j is worked, at most the start of j's period: at most j's own start (its
/// domain), at most any worked predecessor's (and at most the last history period's start when j continues it).
/// Every rule that reads it wants it as late as it can be (a later start only shortens the period), so the
/// solver can always make it exact. It is read only under j's literal, so a bound that must hold whenever j is
/// worked may narrow its domain instead of adding a constraint;</item>
/// <item><c>HoldsCall[j]</c> (forced true when so, free otherwise): j's period up to j holds in-house call.</item>
/// </list>
/// History items are constants computed here; a candidate that has a history predecessor joins the last
/// history period.
/// </remarks>
internal sealed class DutyPeriodTerms
{
    private readonly int _gap;
    private readonly int[] _historyPeriodStart;

    public DutyPeriodTerms(ModelContext context, Timeline timeline)
    {
        Timeline = timeline;
        var problem = context.Problem;
        _gap = problem.Rules.ContinuityGapMinutes;
        var t = timeline;
        var n = t.Count;
        Starts = new Lit[n];
        _historyPeriodStart = new int[t.HistoryCount];
        PeriodStartIndex = new int[n];
        HoldsCall = new Lit[n];
        JoinsHistory = new bool[n];
        var span = problem.DayStarts[problem.DayCount] - problem.DayStarts[0];
        var maxLength = problem.MaxDutyLength;

        // History: walk its periods once, as the checker does.
        var lastPeriodStart = int.MinValue;
        var holdsCall = false;
        var lastEnd = int.MinValue;
        for (var j = 0; j < t.HistoryCount; j++)
        {
            if (!t.IsDuty(j))
            {
                continue;
            }

            var starts = lastEnd == int.MinValue || t.Start[j] - lastEnd >= _gap;
            if (starts)
            {
                PreviousHistoryPeriodEnd = lastEnd;
                PreviousHistoryPeriodLongCall = LongCall(t, lastPeriodStart, lastEnd, holdsCall, problem.Rules);
                lastPeriodStart = t.Start[j];
                holdsCall = false;
                HistoryLastPeriodFirst = j;
            }

            holdsCall |= (t.Kinds[j] & ActivityKinds.InHouseCall) != 0;
            lastEnd = Math.Max(lastEnd, t.End[j]);
            Starts[j] = Lit.Of(starts);
            _historyPeriodStart[j] = lastPeriodStart;
            HoldsCall[j] = Lit.Of(holdsCall);
        }

        var proto = context.Proto;
        var open = new List<int>();
        for (var j = t.HistoryCount; j < n; j++)
        {
            var first = j;
            while (first > 0 && t.Start[first - 1] > t.Start[j] - maxLength - _gap)
            {
                first--;
            }

            if (!t.IsDuty(j))
            {
                continue;
            }

            var xi = t.Items[j].Index;
            var start = proto.NewInt(t.Start[j] - span, t.Start[j]);
            PeriodStartIndex[j] = start;
            var call = (t.Kinds[j] & ActivityKinds.InHouseCall) != 0;
            var hi = call ? xi : proto.NewBool();
            var holds = Lit.Of(hi);
            HoldsCall[j] = holds;
            var historyPredecessor = -1;
            open.Clear();
            for (var l = first; l < j; l++)
            {
                if (!IsPredecessor(l, j))
                {
                    continue;
                }

                if (t.Items[l].Literal is not { } yi)
                {
                    historyPredecessor = l;
                    continue;
                }

                // Worked together, j continues l's period: its start is no later than l's, and l's call carries over.
                proto.Linear([start, PeriodStartIndex[l]], [1, -1], long.MinValue, 0, [xi, yi]);
                if (!call)
                {
                    proto.Or([ProtoWriter.Not(xi), ProtoWriter.Not(yi), ProtoWriter.Not(HoldsCall[l].Index), hi]);
                }

                open.Add(yi);
            }

            if (historyPredecessor >= 0)
            {
                JoinsHistory[j] = true;
                Starts[j] = Lit.False;
                proto.Narrow(start, long.MinValue, _historyPeriodStart[historyPredecessor]);
                if (!call && HoldsCall[historyPredecessor].IsTrue)
                {
                    proto.Implies(xi, hi);
                }

                continue;
            }

            if (open.Count == 0)
            {
                Starts[j] = Lit.Of(xi);
            }
            else
            {
                // Exact: S <=> x and no predecessor worked.
                var si = proto.NewBool();
                proto.Implies(si, xi);
                proto.NoneOf(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(open), si);
                open.Add(ProtoWriter.Not(xi));
                open.Add(si);
                proto.Or(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(open));
                Starts[j] = Lit.Of(si);
            }
        }
    }

    public Timeline Timeline { get; }

    /// <summary>Whether each duty item is worked and starts a period.</summary>
    public Lit[] Starts { get; }

    /// <summary>The variable (its index) holding each candidate duty item's period start while it is worked.</summary>
    public int[] PeriodStartIndex { get; }

    /// <summary>Whether each duty item's period, up to it, holds in-house call (true at least when so).</summary>
    public Lit[] HoldsCall { get; }

    /// <summary>Whether each candidate, when worked, continues the last history period.</summary>
    public bool[] JoinsHistory { get; }

    /// <summary>The first item of the last history period, or -1 without history duty.</summary>
    public int HistoryLastPeriodFirst { get; } = -1;

    /// <summary>End of the period before the last history period (int.MinValue when none).</summary>
    public int PreviousHistoryPeriodEnd { get; } = int.MinValue;

    /// <summary>Whether the period before the last history period was a long in-house call period.</summary>
    public bool PreviousHistoryPeriodLongCall { get; }

    /// <summary>The start of a history duty item's period.</summary>
    public int HistoryPeriodStart(int j) => _historyPeriodStart[j];

    // l is a predecessor of j: a duty item before it in order that ends less than the gap before j starts
    // (or overlaps it, which double booking forbids anyway).
    private bool IsPredecessor(int l, int j)
    {
        var t = Timeline;
        return t.IsDuty(l) && t.Start[l] < t.Start[j] && t.End[l] > t.Start[j] - _gap;
    }

    private static bool LongCall(Timeline t, int start, int end, bool holdsCall, ProgramRules rules) =>
        start != int.MinValue && holdsCall && end - start >= rules.LongCallPeriodMinutes;
}
