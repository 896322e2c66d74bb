using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Rules;

/// <summary>No double booking: a person's shifts (of any activity, history included) never overlap.</summary>
/// <remarks>
/// Edges, decided once: intervals are half-open, so 08:00-12:00 then 12:00-16:00 do not overlap. Duties are
/// taken in start order (then end, then shift index); each horizon duty that starts before an earlier one
/// ends is one violation, on that duty's shift, measuring the minutes it overlaps the earlier duties
/// (from its start to the earlier of its end and their latest end).
/// </remarks>
public static class DoubleBooking
{
    /// <summary>Checks one person's duties for overlaps.</summary>
    public static void Check(int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        var latestEnd = int.MinValue;
        foreach (ref readonly var duty in duties)
        {
            if (duty.Start < latestEnd && !duty.IsHistory)
            {
                var to = Math.Min(duty.End, latestEnd);
                sink.Add(new Violation(RuleId.DoubleBooking, person, duty.Shift, duty.Start, to, to - duty.Start, 0));
            }

            latestEnd = Math.Max(latestEnd, duty.End);
        }
    }
}
