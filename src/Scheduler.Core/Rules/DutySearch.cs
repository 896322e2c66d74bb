using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>Searches over a person's duties, sorted by start.</summary>
public static class DutySearch
{
    /// <summary>Index of the first duty that starts at or after <paramref name="minute"/>.</summary>
    public static int FirstStartingAtOrAfter(ReadOnlySpan<Duty> duties, int minute)
    {
        int lo = 0, hi = duties.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (duties[mid].Start < minute)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Index of the first duty that can reach past <paramref name="minute"/>: every duty before it ends at
    /// or before the minute, because no duty is longer than <paramref name="maxLength"/>.
    /// </summary>
    public static int FirstReaching(ReadOnlySpan<Duty> duties, int minute, int maxLength) =>
        FirstStartingAtOrAfter(duties, (int)Math.Max(int.MinValue, (long)minute - maxLength));
}
