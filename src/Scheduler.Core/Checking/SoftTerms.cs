using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Checking;

/// <summary>
/// The objective's preference terms of a schedule, counted directly (no solver): requests not honoured and the
/// fairness spreads within PGY years. They are what the solver's requests and fairness terms cost, so a report
/// can show them beside the violations; they are preferences, never violations.
/// </summary>
/// <remarks>
/// A shift request is honoured when the person works (want) or does not work (avoid) the shift; a day request
/// when the person works some shift starting that local day (want) or none (avoid). A request naming a person or
/// shift the problem does not have counts as not honoured when it is a want. Fairness counts the in-house calls,
/// night shifts and weekend duty shifts (a duty shift starting on a local Saturday or Sunday) that each resident
/// starts in the horizon; the spread of a PGY year is its most minus its fewest (0 for a year of one resident).
/// </remarks>
public sealed class SoftTerms
{
    /// <summary>The fairness kinds, in the order of <see cref="FairnessKinds"/>' bits and the spread arrays.</summary>
    public static IReadOnlyList<string> FairnessNames { get; } = ["calls", "nights", "weekend shifts"];

    private SoftTerms(int requests, int unmetRequests, long requestCost, int[] spreads, long[] fairnessCosts)
    {
        Requests = requests;
        UnmetRequests = unmetRequests;
        RequestCost = requestCost;
        Spreads = spreads;
        FairnessCosts = fairnessCosts;
    }

    /// <summary>How many requests the problem holds.</summary>
    public int Requests { get; }

    /// <summary>How many of them the schedule does not honour.</summary>
    public int UnmetRequests { get; }

    /// <summary>The requests term of the objective: the weights of the unmet requests times the objective's multiplier.</summary>
    public long RequestCost { get; }

    /// <summary>Per fairness kind (calls, nights, weekend shifts), the largest spread of any PGY year.</summary>
    public IReadOnlyList<int> Spreads { get; }

    /// <summary>Per fairness kind, the objective's term: its weight times the spreads summed over PGY years.</summary>
    public IReadOnlyList<long> FairnessCosts { get; }

    /// <summary>Counts the terms of a schedule.</summary>
    public static SoftTerms Of(CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = schedule.Problem;
        var weights = problem.Source.Objective;
        var unmet = 0;
        long requestCost = 0;
        foreach (var request in problem.Source.Requests)
        {
            if (!Honoured(schedule, request))
            {
                unmet++;
                requestCost += (long)request.Weight * weights.Requests;
            }
        }

        var counts = new int[3][];
        for (var kind = 0; kind < 3; kind++)
        {
            counts[kind] = new int[problem.PersonCount];
        }

        for (var p = 0; p < problem.PersonCount; p++)
        {
            foreach (var duty in schedule.Duties(p))
            {
                if (duty.IsHistory)
                {
                    continue;
                }

                var bits = FairnessKinds(problem, duty.Shift);
                for (var kind = 0; kind < 3; kind++)
                {
                    counts[kind][p] += (bits >> kind) & 1;
                }
            }
        }

        int[] fairnessWeights = [weights.CallFairness, weights.NightFairness, weights.WeekendFairness];
        var spreads = new int[3];
        var costs = new long[3];
        for (var kind = 0; kind < 3; kind++)
        {
            (spreads[kind], var total) = Spread(problem, counts[kind]);
            costs[kind] = fairnessWeights[kind] * total;
        }

        return new SoftTerms(problem.Source.Requests.Count, unmet, requestCost, spreads, costs);
    }

    /// <summary>Which fairness counts a shift adds to: bit 0 in-house call, bit 1 night, bit 2 weekend duty shift.</summary>
    public static int FairnessKinds(CompiledProblem problem, int shift)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var kinds = problem.ShiftKinds[shift];
        var bits = (kinds & ActivityKinds.InHouseCall) != 0 ? 1 : 0;
        bits |= (kinds & ActivityKinds.Night) != 0 ? 2 : 0;
        if ((kinds & ActivityKinds.Duty) != 0)
        {
            var day = problem.Source.StartDate.AddDays(problem.ShiftDay[shift] - problem.HistoryDays).DayOfWeek;
            bits |= day is DayOfWeek.Saturday or DayOfWeek.Sunday ? 4 : 0;
        }

        return bits;
    }

    /// <summary>
    /// Over the residents, per PGY year the most minus the fewest of <paramref name="perPerson"/>: the largest
    /// such spread, and their sum over the years.
    /// </summary>
    public static (int Largest, long Total) Spread(CompiledProblem problem, ReadOnlySpan<int> perPerson)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var high = new Dictionary<int, int>();
        var low = new Dictionary<int, int>();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (problem.Roles[p] == Role.Resident)
            {
                var c = perPerson[p];
                var year = problem.Pgy[p];
                high[year] = Math.Max(c, high.GetValueOrDefault(year, int.MinValue));
                low[year] = Math.Min(c, low.GetValueOrDefault(year, int.MaxValue));
            }
        }

        var largest = 0;
        long total = 0;
        foreach (var (year, most) in high)
        {
            largest = Math.Max(largest, most - low[year]);
            total += most - low[year];
        }

        return (largest, total);
    }

    private static bool Honoured(CompiledSchedule schedule, Request request)
    {
        var problem = schedule.Problem;
        var want = request.Kind == RequestKind.Want;
        if (!problem.TryGetPerson(request.PersonId, out var p))
        {
            return !want;
        }

        if (request.ShiftId is { } shiftId)
        {
            var works = problem.TryGetShift(shiftId, out var s) && schedule.PeopleOn(s).BinarySearch(p) >= 0;
            return works == want;
        }

        if (request.Day is not { } day)
        {
            return true;
        }

        var localDay = problem.HistoryDays + day;
        var worksThatDay = false;
        foreach (var duty in schedule.Duties(p))
        {
            worksThatDay |= !duty.IsHistory && problem.ShiftDay[duty.Shift] == localDay;
        }

        return worksThatDay == want;
    }
}
