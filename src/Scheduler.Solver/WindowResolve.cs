using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;
using Scheduler.Solver.Weekly;

namespace Scheduler.Solver;

/// <summary>
/// Re-solves only some days of a published schedule: days [from, to) of the horizon are solved again, with the
/// published assignments before them as history and those of the following rolling window held as they are (so
/// every window, night block and duty period that reaches into the re-solved days is judged as in the whole
/// problem); the rest of the schedule is kept. For a change that touches a few weeks of a long horizon.
/// </summary>
public static class WindowResolve
{
    /// <summary>
    /// The schedule with days [<paramref name="fromDay"/>, <paramref name="toDay"/>) re-solved with
    /// <paramref name="options"/> (their <see cref="SolverOptions.PreviousSchedule"/> is <paramref name="published"/>,
    /// and fixed assignments outside those days are ignored). The result's schedule covers the whole horizon; its
    /// objective and terms are those of the re-solved part (with the held window after it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The days are not a part of the horizon.</exception>
    /// <exception cref="ModelException">The published schedule names people or shifts the problem lacks.</exception>
    public static SolveResult Solve(
        CompiledProblem problem, Schedule published, int fromDay, int toDay, SolverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(options);
        if (fromDay < 0 || toDay > problem.HorizonDays || fromDay >= toDay)
        {
            throw new ArgumentOutOfRangeException(nameof(fromDay), $"expected days within 0..{problem.HorizonDays}, got {fromDay}..{toDay}");
        }

        var full = CompiledSchedule.Compile(problem, published);
        var pairs = full.ToPairs();
        var heldTo = Math.Min(problem.HorizonDays, toDay + problem.Rules.WindowDays);
        var slice = new ProblemSlicer(problem).Make(fromDay, heldTo, pairs);

        // The days after the re-solved ones keep their published people, and nobody else.
        var part = slice.Problem;
        var held = new List<FixedAssignment>();
        foreach (var f in options.Fixed)
        {
            if (part.TryGetShift(f.Shift, out _))
            {
                held.Add(f);
            }
        }

        for (var s = 0; s < part.ShiftCount; s++)
        {
            var whole = slice.FullShift[s];
            if (problem.ShiftDay[whole] - problem.HistoryDays < toDay)
            {
                continue;
            }

            var on = full.PeopleOn(whole);
            for (var p = 0; p < part.PersonCount; p++)
            {
                if (part.CanWork(p, s))
                {
                    held.Add(new FixedAssignment(part.PersonId(p), part.ShiftId(s), on.BinarySearch(p) >= 0));
                }
            }
        }

        var result = ScheduleSolver.Solve(
            part,
            // As the weekly strategy's windows: no presolve (on these models it takes longer than the search needs).
            options with
            {
                PreviousSchedule = published,
                Hint = HoleMending.Mend(full, fromDay, toDay).ToSchedule(),
                Fixed = held,
                Strategy = options.Strategy == SolveStrategy.Neighbourhood ? SolveStrategy.Neighbourhood : SolveStrategy.Monolithic,
                Presolve = false,
            },
            progress: null,
            cancellationToken);
        if (result.Schedule is not { } solved)
        {
            return result;
        }

        var kept = pairs.Where(x => problem.ShiftDay[x.Shift] - problem.HistoryDays is var day && (day < fromDay || day >= heldTo));
        var merged = CompiledSchedule.FromPairs(problem, [.. kept, .. slice.ToFull(solved)]);
        return result with
        {
            Schedule = merged,
            Report = ComplianceChecker.Check(merged),
            Notes = [.. result.Notes, $"re-solved days {fromDay}..{toDay - 1} of the horizon, the published schedule held around them"],
        };
    }
}
