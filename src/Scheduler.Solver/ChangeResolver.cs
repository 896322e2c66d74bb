using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver;

/// <summary>What a minimal-change re-solve will do (<see cref="ChangeResolver.Plan"/>).</summary>
/// <param name="Change">The change.</param>
/// <param name="Problem">The problem with the change applied (what the new schedule is judged against).</param>
/// <param name="Published">The published schedule, compiled against <paramref name="Problem"/>.</param>
/// <param name="PublishedFile">The published schedule as read.</param>
/// <param name="FromDay">First horizon day re-solved (0 when the whole horizon is).</param>
/// <param name="ToDay">The horizon day after the last re-solved.</param>
/// <param name="Fixed">The assignments held: the pinned ones, and the frozen period's.</param>
public sealed record ResolvePlan(
    ChangeRequest Change, CompiledProblem Problem, CompiledSchedule Published, Schedule PublishedFile, int FromDay, int ToDay, IReadOnlyList<FixedAssignment> Fixed)
{
    /// <summary>True when only some days of the horizon are re-solved, the rest kept.</summary>
    public bool IsPartial => ToDay - FromDay < Problem.HorizonDays;
}

/// <summary>What a minimal-change re-solve gives.</summary>
/// <param name="Plan">What was re-solved.</param>
/// <param name="Result">The solve: status, the new schedule and its report.</param>
/// <param name="Diff">The changes from the published schedule; null when there is no new schedule.</param>
/// <param name="Verdict">The churn guard's verdict on <paramref name="Diff"/> (the people the change affects exempt); null without a schedule.</param>
public sealed record ResolveOutcome(ResolvePlan Plan, SolveResult Result, ScheduleDiff? Diff, ChurnVerdict? Verdict);

/// <summary>
/// Re-solves a published schedule after a change (<see cref="ChangeRequest"/>) with as few changed assignments as it
/// can: each costs <see cref="SolverOptions.ChangeWeight"/> in the objective. A horizon longer than five weeks is
/// re-solved only from a week before the first day the change touches to a week after the last
/// (<see cref="WindowResolve"/>); the frozen period and the pinned assignments are held as constraints. The result is
/// judged by the churn guard.
/// </summary>
public static class ChangeResolver
{
    /// <summary>
    /// The change weight used when the options give none: above any preference (a request 1, fairness 10), below a
    /// person short on a shift in the generated problems (100), so a hole is filled rather than left, with as few
    /// changes as that takes.
    /// </summary>
    public const int DefaultChangeWeight = 50;

    /// <summary>Days the change's shifts and absences are padded by on each side when only part of the horizon is re-solved.</summary>
    public const int WindowPadDays = 7;

    /// <summary>
    /// What a re-solve will do: <paramref name="change"/> applied to <paramref name="problem"/>, the published
    /// schedule compiled against it, the days to re-solve and the assignments to hold.
    /// </summary>
    /// <exception cref="ModelException">The changed problem is invalid, or the published schedule names people or shifts it lacks.</exception>
    public static ResolvePlan Plan(Problem problem, Schedule published, ChangeRequest change)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(change);
        var changed = CompiledProblem.Compile(change.ApplyTo(problem));
        var before = CompiledSchedule.Compile(changed, published);
        var (from, to) = Window(changed, change) ?? (0, changed.HorizonDays);
        return new ResolvePlan(change, changed, before, published, from, to, Fixed(changed, before, change));
    }

    /// <summary>
    /// Re-solves as <paramref name="plan"/> says. From <paramref name="options"/> it takes the limits, workers, seed
    /// and change weight (<see cref="DefaultChangeWeight"/> when 0); it sets the strategy, the previous schedule and
    /// the fixed assignments itself.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ResolveOutcome Resolve(
        ResolvePlan plan,
        SolverOptions options,
        ChurnLimits? limits = null,
        IProgress<SolveProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        options = options with
        {
            Strategy = SolveStrategy.Monolithic,
            PreviousSchedule = plan.PublishedFile,
            ChangeWeight = options.ChangeWeight > 0 ? options.ChangeWeight : DefaultChangeWeight,
            Fixed = plan.Fixed,
        };
        options.Validate();

        var changed = plan.Problem;
        var result = plan.IsPartial
            ? WindowResolve.Solve(changed, plan.PublishedFile, plan.FromDay, plan.ToDay, options, cancellationToken)
            : ScheduleSolver.Solve(changed, options, progress, cancellationToken);
        if (result.Schedule is not { } schedule)
        {
            return new ResolveOutcome(plan, result, null, null);
        }

        var diff = ScheduleDiff.Of(plan.Published, schedule);
        var exempt = plan.Change.AffectedPeople.Select(id => changed.TryGetPerson(id, out var p) ? p : -1).ToHashSet();
        return new ResolveOutcome(plan, result, diff, ChurnGuard.Judge(diff, limits, exempt));
    }

    // The horizon days to re-solve for a long horizon: those the change touches, a week either side, not before the
    // frozen date; null (the whole horizon) for a horizon of at most five weeks, or when that is most of it.
    private static (int From, int To)? Window(CompiledProblem problem, ChangeRequest change)
    {
        var horizon = problem.HorizonDays;
        if (horizon <= SolverOptions.AutoWeeklyDays)
        {
            return null;
        }

        var start = problem.Source.StartDate;
        int Day(DateOnly date) => Math.Clamp(date.DayNumber - start.DayNumber, 0, horizon);
        int ShiftDay(string id) => problem.TryGetShift(id, out var s) ? problem.ShiftDay[s] - problem.HistoryDays : 0;
        var touched = change.Absences.SelectMany(a => new[] { problem.DayOf(a.Start) - problem.HistoryDays, problem.DayOf(a.End - 1) - problem.HistoryDays + 1 })
            .Concat(change.Leaving.SelectMany(l => new[] { Day(l.Date), horizon }))
            .Concat(change.Arriving.SelectMany(a => new[] { Day(a.Date), horizon }))
            .Concat(change.Coverage.Select(c => ShiftDay(c.ShiftId)))
            .Concat(change.Pinned.Select(a => ShiftDay(a.ShiftId)))
            .ToList();
        if (touched.Count == 0)
        {
            return null;
        }

        var from = Math.Max(0, touched.Min() - WindowPadDays);
        if (change.FrozenUntil is { } until)
        {
            from = Math.Max(from, Day(until));
        }

        var to = Math.Min(horizon, touched.Max() + WindowPadDays + 1);
        return to - from >= horizon - SolverOptions.AutoWeeklyDays || from >= to ? null : (from, to);
    }

    // The pinned assignments, and every published assignment (and non-assignment) of a shift starting before the
    // frozen date that the changed problem still allows.
    private static List<FixedAssignment> Fixed(CompiledProblem problem, CompiledSchedule published, ChangeRequest change)
    {
        var held = change.Pinned.Select(a => new FixedAssignment(a.PersonId, a.ShiftId, true)).ToList();
        if (change.FrozenUntil is not { } until)
        {
            return held;
        }

        var frozenEnd = problem.DayStarts[problem.HistoryDays + (until.DayNumber - problem.Source.StartDate.DayNumber)];
        for (var s = 0; s < problem.ShiftCount && problem.ShiftStart[s] < frozenEnd; s++)
        {
            var on = published.PeopleOn(s);
            for (var p = 0; p < problem.PersonCount; p++)
            {
                var worked = on.BinarySearch(p) >= 0;
                if (problem.CanWork(p, s))
                {
                    held.Add(new FixedAssignment(problem.PersonId(p), problem.ShiftId(s), worked));
                }
            }
        }

        return held;
    }
}
