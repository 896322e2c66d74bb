using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Checking;

/// <summary>
/// Who could take a person's shift, or trade one of theirs for it, without breaking a hard rule; the partner's
/// burden after the change in the four weeks up to the shift's day.
/// </summary>
/// <param name="Person">The partner.</param>
/// <param name="OtherShift">The partner's shift the person takes in return (a swap), or -1 when the partner just takes it.</param>
/// <param name="DutyMinutes">The partner's duty minutes in the window, after the change.</param>
/// <param name="Calls">The partner's in-house calls in the window, after the change.</param>
/// <param name="Nights">The partner's night shifts in the window, after the change.</param>
/// <param name="SoftAdded">Soft violations the change adds (a coverage shortfall, a fairness-priced rule), counted.</param>
public sealed record SwapPartner(int Person, int OtherShift, int DutyMinutes, int Calls, int Nights, int SoftAdded);

/// <summary>
/// Every legal partner for one of a person's shifts: each other person who could take it (a give), and each shift of
/// another person that the two could trade for it (a swap: the same activity, starting within a few days). Legal
/// means the change adds no violation of a hard rule; each is tried on an <see cref="IncrementalChecker"/> and
/// reverted. Ranked by the least burden on the partner: duty hours in the four weeks up to the shift's day, then
/// in-house calls, then nights, then the soft violations added.
/// </summary>
public static class SwapPartners
{
    /// <summary>Days before and after the shift within which a partner's shift of the same activity is offered for a swap.</summary>
    public const int DefaultWithinDays = 7;

    /// <summary>The legal partners for <paramref name="person"/>'s <paramref name="shift"/>, best ranked first.</summary>
    /// <param name="checker">A checker holding the schedule; every change tried on it is reverted.</param>
    /// <param name="person">The person giving the shift away.</param>
    /// <param name="shift">Their shift.</param>
    /// <param name="withinDays">How far apart a swapped shift may start, in days (0: the same day only).</param>
    /// <exception cref="ArgumentException">The person does not work the shift.</exception>
    public static IReadOnlyList<SwapPartner> Find(IncrementalChecker checker, int person, int shift, int withinDays = DefaultWithinDays)
    {
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentOutOfRangeException.ThrowIfNegative(withinDays);
        if (!checker.IsAssigned(person, shift))
        {
            throw new ArgumentException($"person {person} does not work shift {shift}", nameof(person));
        }

        var problem = checker.Problem;
        var activity = problem.ShiftActivity[shift];
        var day = problem.ShiftDay[shift];
        var windowFrom = problem.DayStarts[Math.Max(0, day - problem.Rules.WindowDays + 1)];
        var windowTo = problem.DayStarts[day + 1];
        var partners = new List<SwapPartner>();
        var trades = new List<int>();
        for (var q = 0; q < problem.PersonCount; q++)
        {
            if (q == person || checker.IsAssigned(q, shift) || !problem.CanWork(q, shift))
            {
                continue;
            }

            Consider(checker, checker.Reassign(shift, person, q), q, -1);

            // Swaps: the partner's shifts of the same activity near the shift, which the person could take (collected
            // first: each change and its revert rewrite the partner's duties).
            trades.Clear();
            foreach (var duty in checker.Duties(q))
            {
                if (!duty.IsHistory && problem.ShiftActivity[duty.Shift] == activity && Math.Abs(duty.Day - day) <= withinDays
                    && !checker.IsAssigned(person, duty.Shift) && problem.CanWork(person, duty.Shift))
                {
                    trades.Add(duty.Shift);
                }
            }

            foreach (var other in trades)
            {
                Consider(checker, checker.Swap(person, shift, q, other), q, other);
            }
        }

        partners.Sort((a, b) =>
            a.DutyMinutes != b.DutyMinutes ? a.DutyMinutes.CompareTo(b.DutyMinutes)
            : a.Calls != b.Calls ? a.Calls.CompareTo(b.Calls)
            : a.Nights != b.Nights ? a.Nights.CompareTo(b.Nights)
            : a.SoftAdded != b.SoftAdded ? a.SoftAdded.CompareTo(b.SoftAdded)
            : a.Person != b.Person ? a.Person.CompareTo(b.Person)
            : a.OtherShift.CompareTo(b.OtherShift));
        return partners;

        // Keeps a change that adds no hard violation, with the partner's burden measured while it is made; then reverts it.
        void Consider(IncrementalChecker c, VerdictChange change, int partner, int otherShift)
        {
            var soft = 0;
            var legal = true;
            foreach (var v in change.Added)
            {
                if (problem.IsSoft(v))
                {
                    soft++;
                }
                else
                {
                    legal = false;
                    break;
                }
            }

            if (legal)
            {
                var (minutes, calls, nights) = Burden(c.Duties(partner), windowFrom, windowTo);
                partners.Add(new SwapPartner(partner, otherShift, minutes, calls, nights, soft));
            }

            c.Revert();
        }
    }

    // Duty minutes (clipped to the window), in-house calls and nights starting in [from, to).
    private static (int Minutes, int Calls, int Nights) Burden(ReadOnlySpan<Duty> duties, int from, int to)
    {
        int minutes = 0, calls = 0, nights = 0;
        foreach (var d in duties)
        {
            if (d.End <= from || d.Start >= to)
            {
                continue;
            }

            if (d.IsDuty)
            {
                minutes += Math.Min(d.End, to) - Math.Max(d.Start, from);
            }

            if (d.Start >= from)
            {
                calls += (d.Kinds & ActivityKinds.InHouseCall) != 0 ? 1 : 0;
                nights += (d.Kinds & ActivityKinds.Night) != 0 ? 1 : 0;
            }
        }

        return (minutes, calls, nights);
    }
}
