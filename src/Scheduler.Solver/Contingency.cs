using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;

namespace Scheduler.Solver;

/// <summary>How the schedule copes without one person in the window.</summary>
public enum CopingKind
{
    /// <summary>The person works nothing in the window.</summary>
    Idle,

    /// <summary>Their shifts are covered by mending, one change at a time, with no hard rule broken.</summary>
    Mended,

    /// <summary>Their shifts are covered by a CP-SAT re-solve of the window.</summary>
    Resolved,

    /// <summary>Some shifts stay short (<see cref="PersonRisk.ShiftsAtRisk"/>): a single point of failure.</summary>
    AtRisk,
}

/// <summary>One person's absence for the window, and what it does to the schedule.</summary>
/// <param name="Person">The person taken out.</param>
/// <param name="Shifts">Their shifts in the window.</param>
/// <param name="Kind">How the schedule copes.</param>
/// <param name="ShiftsAtRisk">Shifts in the window that stay short without them (and were not short before).</param>
/// <param name="Changes">Assignments changed to cope.</param>
/// <param name="Certain">For <see cref="CopingKind.AtRisk"/>: true when the capacity checks prove the shortfall (no schedule can cover it).</param>
public sealed record PersonRisk(int Person, int Shifts, CopingKind Kind, IReadOnlyList<int> ShiftsAtRisk, int Changes, bool Certain);

/// <summary>
/// N-1 contingency: for each person working in a window of days, whether coverage and every rule can still be met
/// without them there. The capacity checks first (a certain shortfall needs no search), then mending the holes one
/// change at a time, and a CP-SAT re-solve of the window (<see cref="WindowResolve"/>) only where mending leaves
/// some short. Ranked: the people whose absence leaves the most shifts at risk first.
/// </summary>
public static class Contingency
{
    /// <summary>Each person working in horizon days [<paramref name="fromDay"/>, <paramref name="toDay"/>), ranked.</summary>
    public static IReadOnlyList<PersonRisk> WithoutEachPerson(
        CompiledSchedule schedule, int fromDay, int toDay, TimeSpan solveLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problem = schedule.Problem;
        if (fromDay < 0 || toDay > problem.HorizonDays || fromDay >= toDay)
        {
            throw new ArgumentOutOfRangeException(nameof(fromDay), $"expected days within 0..{problem.HorizonDays}, got {fromDay}..{toDay}");
        }

        var from = problem.DayStarts[problem.HistoryDays + fromDay];
        var to = problem.DayStarts[problem.HistoryDays + toDay];
        bool InWindow(int shift) => problem.ShiftStart[shift] >= from && problem.ShiftStart[shift] < to;
        var shortBefore = Short(schedule).ToHashSet();
        var published = schedule.ToSchedule();
        var risks = new List<PersonRisk>();
        for (var p = 0; p < problem.PersonCount && !cancellationToken.IsCancellationRequested; p++)
        {
            var theirs = schedule.Duties(p).ToArray().Count(d => !d.IsHistory && InWindow(d.Shift));
            if (theirs == 0)
            {
                risks.Add(new PersonRisk(p, 0, CopingKind.Idle, [], 0, false));
                continue;
            }

            var source = problem.Source with { Absences = [.. problem.Source.Absences, new Absence(problem.PersonId(p), AbsenceKind.Leave, from, to)] };
            var without = CompiledProblem.Compile(source);
            var start = CompiledSchedule.Compile(without, published);

            // Certain: the capacity checks find shifts of the window that no schedule can staff without them.
            var certain = CapacityChecks.Run(without).Findings
                .Where(f => f.IsStaffing)
                .SelectMany(f => f.Shifts).Where(s => InWindow(s) && !shortBefore.Contains(s)).Distinct().Order().ToList();
            var mended = HoleMending.Mend(start, fromDay, toDay);
            var left = Short(mended).Where(s => InWindow(s) && !shortBefore.Contains(s)).ToList();
            if (left.Count == 0)
            {
                risks.Add(new PersonRisk(p, theirs, CopingKind.Mended, [], Changed(schedule, mended), false));
                continue;
            }

            if (certain.Count == 0)
            {
                var options = new SolverOptions { Workers = 1, TimeLimit = solveLimit, PreviousSchedule = published, ChangeWeight = 50 };
                var result = problem.HorizonDays > SolverOptions.AutoWeeklyDays
                    ? WindowResolve.Solve(without, published, fromDay, toDay, options, cancellationToken)
                    : ScheduleSolver.Solve(without, options with { Strategy = SolveStrategy.Monolithic, Hint = mended.ToSchedule() }, cancellationToken: cancellationToken);
                if (result.Schedule is { } solved && result.Report!.HardCount == 0)
                {
                    var still = Short(solved).Where(s => InWindow(s) && !shortBefore.Contains(s)).ToList();
                    if (still.Count == 0)
                    {
                        risks.Add(new PersonRisk(p, theirs, CopingKind.Resolved, [], Changed(schedule, solved), false));
                        continue;
                    }

                    left = still.Count < left.Count ? still : left;
                }
            }

            risks.Add(new PersonRisk(p, theirs, CopingKind.AtRisk, certain.Count > 0 ? certain : left, Changed(schedule, mended), certain.Count > 0));
        }

        return [.. risks.OrderByDescending(r => r.ShiftsAtRisk.Count).ThenByDescending(r => r.Kind).ThenByDescending(r => r.Changes).ThenBy(r => r.Person)];
    }

    private static IEnumerable<int> Short(CompiledSchedule schedule)
    {
        var problem = schedule.Problem;
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if (schedule.PeopleOn(s).Length < problem.MinPeople[s])
            {
                yield return s;
            }
        }
    }

    // Assignments in one schedule and not the other (ids compared, the problems may differ by absences).
    private static int Changed(CompiledSchedule before, CompiledSchedule after)
    {
        var changed = before.ToPairs().ToHashSet();
        changed.SymmetricExceptWith(after.ToPairs());
        return changed.Count;
    }
}
