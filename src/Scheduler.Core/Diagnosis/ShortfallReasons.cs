using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Core.Diagnosis;

/// <summary>Why a person eligible for a short shift is not on it.</summary>
public enum CandidateReason
{
    /// <summary>Absent (leave, conference, sick) during the shift.</summary>
    Absent,

    /// <summary>Works a shift that overlaps it (<see cref="ShortfallCandidate.OtherShift"/>).</summary>
    Overlapping,

    /// <summary>Adding them would break a hard rule (<see cref="ShortfallCandidate.Breaks"/>).</summary>
    WouldBreak,

    /// <summary>Adding them breaks no hard rule: the schedule leaves the shift short, not the problem.</summary>
    Free,
}

/// <summary>One eligible person of a short shift and why they are not on it.</summary>
/// <param name="Person">The person's index.</param>
/// <param name="Reason">Why.</param>
/// <param name="OtherShift">For <see cref="CandidateReason.Overlapping"/>, the shift they work instead; else -1.</param>
/// <param name="Breaks">
/// The hard violations the change would add: adding them (<see cref="CandidateReason.WouldBreak"/>), or moving them
/// off <see cref="OtherShift"/> onto the short shift (<see cref="CandidateReason.Overlapping"/>; a new coverage
/// shortfall on the shift they leave counts here too, hard or soft). Empty otherwise.
/// </param>
public sealed record ShortfallCandidate(int Person, CandidateReason Reason, int OtherShift, IReadOnlyList<Violation> Breaks);

/// <summary>A shift with fewer people than its minimum, and every eligible person who is not on it.</summary>
/// <param name="Shift">The shift's index.</param>
/// <param name="Assigned">People on it.</param>
/// <param name="Needed">Its minimum.</param>
/// <param name="Candidates">Every person eligible for it (role, PGY year, qualifications) who is not on it, by index.</param>
/// <param name="Mend">
/// One change that adds a person to the shift and breaks no hard rule (nor leaves another shift short), if there is
/// one: a <see cref="CandidateReason.Free"/> person added, else an <see cref="CandidateReason.Overlapping"/> person
/// moved from their other shift. Null when no single change mends it.
/// </param>
public sealed record ShortShift(int Shift, int Assigned, int Needed, IReadOnlyList<ShortfallCandidate> Candidates, ShortfallCandidate? Mend);

/// <summary>
/// Explains every short shift of a schedule: for each eligible person not on it, whether they are absent, on an
/// overlapping shift, or would break a hard rule if added (the incremental checker's violation, so its sentence
/// says which rule, when and by how much), and whether one change would mend it. Each change is tried on an
/// <see cref="IncrementalChecker"/> and reverted, so the cost is a few microseconds a candidate.
/// </summary>
public static class ShortfallReasons
{
    /// <summary>Short shifts from which the work is spread over the cores, each with a checker of its own.</summary>
    private const int ParallelFrom = 32;

    /// <summary>The short shifts of <paramref name="schedule"/>, in shift order.</summary>
    /// <remarks>
    /// From <see cref="ParallelFrom"/> short shifts on, they are explained on every core, each thread with its own
    /// checker (building one costs about a full check); the answer is the same, since every change is reverted.
    /// </remarks>
    public static IReadOnlyList<ShortShift> Explain(CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = schedule.Problem;
        var shifts = new List<int>();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if (schedule.PeopleOn(s).Length < problem.MinPeople[s])
            {
                shifts.Add(s);
            }
        }

        var result = new ShortShift[shifts.Count];
        if (shifts.Count < ParallelFrom || Environment.ProcessorCount == 1)
        {
            if (shifts.Count > 0)
            {
                var checker = new IncrementalChecker(problem, schedule);
                for (var k = 0; k < shifts.Count; k++)
                {
                    result[k] = ExplainShift(schedule, checker, shifts[k]);
                }
            }

            return result;
        }

        Parallel.For(
            0,
            shifts.Count,
            () => new IncrementalChecker(problem, schedule),
            (k, _, checker) =>
            {
                result[k] = ExplainShift(schedule, checker, shifts[k]);
                return checker;
            },
            _ => { });
        return result;
    }

    /// <summary>
    /// The first short shift among <paramref name="shifts"/> (in their order) that one change would mend, explained;
    /// null when none would. Stops at the first, so a search for one mend among many short shifts explains few of them.
    /// </summary>
    public static ShortShift? FirstMendable(CompiledSchedule schedule, IEnumerable<int> shifts)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(shifts);
        var problem = schedule.Problem;
        IncrementalChecker? checker = null;
        foreach (var s in shifts)
        {
            if (schedule.PeopleOn(s).Length < problem.MinPeople[s]
                && ExplainShift(schedule, checker ??= new IncrementalChecker(problem, schedule), s) is { Mend: not null } shortShift)
            {
                return shortShift;
            }
        }

        return null;
    }

    private static ShortShift ExplainShift(CompiledSchedule schedule, IncrementalChecker checker, int s)
    {
        var problem = schedule.Problem;
        var onShift = schedule.PeopleOn(s);
        var breaks = new List<Violation>();
        var candidates = new List<ShortfallCandidate>();
        ShortfallCandidate? mend = null;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (!problem.IsEligible(p, s) || onShift.BinarySearch(p) >= 0)
            {
                continue;
            }

            ShortfallCandidate candidate;
            if (!problem.IsAvailable(p, s))
            {
                candidate = new ShortfallCandidate(p, CandidateReason.Absent, -1, []);
            }
            else if (Overlapping(problem, schedule.Duties(p), s) is var other and >= 0)
            {
                breaks.Clear();
                HardOrShort(problem, s, checker.Move(p, other, s).Added, breaks);
                checker.Revert();
                candidate = new ShortfallCandidate(p, CandidateReason.Overlapping, other, breaks.ToArray());
                if (breaks.Count == 0)
                {
                    mend ??= candidate;
                }
            }
            else
            {
                breaks.Clear();
                HardOrShort(problem, s, checker.Add(p, s).Added, breaks);
                checker.Revert();
                var free = breaks.Count == 0;
                candidate = new ShortfallCandidate(p, free ? CandidateReason.Free : CandidateReason.WouldBreak, -1, breaks.ToArray());
                if (free && mend is not { Reason: CandidateReason.Free })
                {
                    mend = candidate;
                }
            }

            candidates.Add(candidate);
        }

        return new ShortShift(s, onShift.Length, problem.MinPeople[s], candidates, mend);
    }

    // The first assigned shift of the person that overlaps the shift, or -1.
    private static int Overlapping(CompiledProblem problem, ReadOnlySpan<Duty> duties, int shift)
    {
        var start = problem.ShiftStart[shift];
        var end = problem.ShiftEnd[shift];
        foreach (var d in duties)
        {
            if (!d.IsHistory && d.Start < end && d.End > start)
            {
                return d.Shift;
            }
        }

        return -1;
    }

    // The added violations that matter: hard ones, and shortfalls of other shifts (a move that leaves another shift
    // short mends nothing). The short shift's own shortfall comes back one person smaller while it stays short.
    private static void HardOrShort(CompiledProblem problem, int shift, ReadOnlySpan<Violation> added, List<Violation> into)
    {
        foreach (var v in added)
        {
            var coverage = v.Rule == RuleId.Coverage;
            if (coverage && v.Shift == shift)
            {
                continue;
            }

            if (!problem.IsSoft(v) || (coverage && v.Measured < v.Limit))
            {
                into.Add(v);
            }
        }
    }
}
