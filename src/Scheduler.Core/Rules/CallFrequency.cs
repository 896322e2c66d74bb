using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Call frequency: in-house call no more often than every third night averaged over 4 weeks, judged as at
/// most <see cref="ProgramRules.MaxCallsPerWindow"/> in-house call shifts in every rolling window.
/// </summary>
/// <remarks>
/// Edges, decided once: a call counts in the window that contains its start (a call starting at 07:00 on
/// the window's last day counts there, not in the next window). Windows and proration (rounded down) as in
/// <see cref="WeeklyHours"/>.
/// </remarks>
public static class CallFrequency
{
    /// <summary>Checks windows <paramref name="firstWindow"/>..<paramref name="lastWindow"/> (day indices) of one person.</summary>
    public static void Check(
        CompiledProblem problem, in PersonRules rules, int person, ReadOnlySpan<Duty> duties,
        int firstWindow, int lastWindow, ViolationSink sink)
    {
        if (!rules.DutyHourRules || lastWindow < firstWindow)
        {
            return;
        }

        var days = problem.DayStarts;
        var windowDays = problem.WindowDays;
        var limit = rules.MaxCallsPerWindow;
        var from = days[firstWindow];
        var to = days[lastWindow + windowDays];

        // Gather the call starts in the judged span first: a resident has dozens of calls among hundreds of
        // shifts, so the window slide then walks a short array.
        var workspace = CheckWorkspace.Rent();
        try
        {
            var calls = 0;
            for (var i = DutySearch.FirstStartingAtOrAfter(duties, from); i < duties.Length && duties[i].Start < to; i++)
            {
                if ((duties[i].Kinds & ActivityKinds.InHouseCall) != 0)
                {
                    workspace.AddPair(ref calls, duties[i].Start, 0);
                }
            }

            if (calls <= limit)
            {
                return;
            }

            var starts = workspace.PairIndex.AsSpan(0, calls);
            int boundLo = 0, boundHi = 0, lo = 0, hi = 0;
            for (var first = firstWindow; first <= lastWindow; first += WindowBlock.Days)
            {
                // The windows starting in this block lie inside [first, last + window): no more calls there
                // than the limit settles them all.
                var last = Math.Min(first + WindowBlock.Days - 1, lastWindow);
                if (Count(starts, days[first], days[last + windowDays], ref boundLo, ref boundHi) <= limit)
                {
                    continue;
                }

                for (var d = first; d <= last; d++)
                {
                    var count = Count(starts, days[d], days[d + windowDays], ref lo, ref hi);
                    if (count > limit)
                    {
                        sink.Add(new Violation(RuleId.CallFrequency, person, -1, days[d], days[d + windowDays], count, limit));
                    }
                }
            }
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }

    // Calls starting in [from, to), for spans whose ends never move back: [lo, hi) slides over starts.
    private static int Count(ReadOnlySpan<int> starts, int from, int to, ref int lo, ref int hi)
    {
        while (hi < starts.Length && starts[hi] < to)
        {
            hi++;
        }

        while (lo < hi && starts[lo] < from)
        {
            lo++;
        }

        return hi - lo;
    }
}
