using System.CommandLine;
using System.Globalization;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler resolve PROBLEM --from SCHEDULE --change CHANGE --out NEW`: re-solve a published schedule after a
/// change, changing as few assignments as it can, and refuse a result whose churn passes the guard's limits.
/// </summary>
internal static class ResolveCommand
{
    /// <summary>
    /// The default cost of each assignment changed from the published schedule: above any preference (a request 1,
    /// fairness 10), below a person short on a shift in the generated problems (100), so a hole is filled rather
    /// than left, with as few changes as that takes.
    /// </summary>
    public const int DefaultChangeWeight = 50;

    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var from = new Option<string>("--from") { Description = "The published schedule.", Required = true };
        var changePath = new Option<string>("--change") { Description = "The change file (JSON, problems/README.md \"Change file\").", Required = true };
        var output = new Option<string>("--out") { Description = "The new schedule to write (.msgpack, .mpk or .json).", Required = true };
        var timeLimit = new Option<double>("--time-limit") { Description = "Wall-clock limit of the search in seconds (default 60).", DefaultValueFactory = _ => 60 };
        var workers = new Option<int>("--workers") { Description = "CP-SAT workers, 1..64 (default 8).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "The search's seed (default 1).", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "Write the new schedule even when the churn guard refuses it." };
        var changeWeight = new Option<int>("--change-weight")
        {
            Description = "The objective's cost of each assignment changed from the published schedule (default 50: above the preferences, below a person short in generated problems).",
            DefaultValueFactory = _ => DefaultChangeWeight,
        };
        var churn = new ChurnOptions();
        var command = new Command(
            "resolve",
            "Re-solve a published schedule after a change (absences, people leaving, coverage, pinned assignments, a frozen period) with as few changed assignments as it can: each costs --change-weight in the objective. Exit code 0 written, 1 no schedule or refused by the churn guard (nothing written without --force), 2 bad input.")
        {
            problemPath, from, changePath, output, timeLimit, workers, seed, force, changeWeight,
        };
        churn.AddTo(command);

        command.SetAction(parse =>
        {
            var limits = churn.Read(parse);
            if (parse.GetValue(timeLimit) is not (> 0 and <= 86_400) and var seconds)
            {
                throw new ModelException(string.Create(CultureInfo.InvariantCulture, $"bad option: --time-limit must be 0..86400 seconds, got {seconds}"));
            }

            var outPath = parse.GetValue(output)!;
            var format = FileFormats.FromPath(outPath);
            var source = ProblemInput.Read(parse.GetValue(problemPath)!);
            var original = CompiledProblem.Compile(source);
            var publishedFile = ScheduleFile.Read(parse.GetValue(from)!);
            var change = ChangeFile.Read(parse.GetValue(changePath)!, original);
            var problem = CompiledProblem.Compile(ChangeFile.Apply(source, change));
            var published = CompiledSchedule.Compile(problem, publishedFile);

            var options = new SolverOptions
            {
                Strategy = SolveStrategy.Monolithic,
                TimeLimit = TimeSpan.FromSeconds(parse.GetValue(timeLimit)),
                Workers = parse.GetValue(workers),
                Seed = parse.GetValue(seed),
                PreviousSchedule = publishedFile,
                ChangeWeight = parse.GetValue(changeWeight),
                Fixed = Fixed(problem, published, change),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ModelException($"bad option: {e.Message}");
            }

            // A long horizon is re-solved only around the days the change touches.
            var window = Window(problem, change);
            stderr.WriteLine(window is { } days
                ? $"re-solving days {days.From}..{days.To - 1} of {problem.Source.Name} after the change, the rest held; time limit {options.TimeLimit!.Value.TotalSeconds:0.#} s"
                : $"re-solving {problem.Source.Name} after the change: {options.Fixed.Count} assignments held, time limit {options.TimeLimit!.Value.TotalSeconds:0.#} s");
            var result = window is { } part
                ? WindowResolve.Solve(problem, publishedFile, part.From, part.To, options, cancellationToken)
                : ScheduleSolver.Solve(problem, options, progress: null, cancellationToken);
            ReportOutput.WriteProblemLine(stdout, problem);
            if (result.Schedule is not { } schedule)
            {
                stdout.WriteLine($"Status    no schedule ({result.Status.ToString().ToLowerInvariant()}): {result.Explanation}");
                return SchedulerCli.Violations;
            }

            var diff = ScheduleDiff.Of(published, schedule);
            var exempt = change.AffectedPeople.Select(id => problem.TryGetPerson(id, out var p) ? p : -1).ToHashSet();
            var verdict = ChurnGuard.Judge(diff, limits, exempt);
            var report = ComplianceChecker.Check(schedule);
            stdout.WriteLine($"Status    {result.Status.ToString().ToLowerInvariant()}{(result.Cancelled ? " (cancelled; best so far)" : "")}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Changes   {diff.RemovedCount} assignments removed, {diff.AddedCount} added: {ReportOutput.Plural(diff.Changes.Count, "person-day")} of {diff.WorkedDays} (churn {diff.Churn:P1})"));
            stdout.WriteLine($"Verdict   {ReportOutput.Verdict(report)}");
            stdout.WriteLine($"Soft      {Formats.Export.ReportText.SoftSummary(report)}");
            ChurnOptions.WriteText(stdout, verdict);
            if (verdict.Refused && !parse.GetValue(force))
            {
                stdout.WriteLine($"Written   nothing: the guard refused the change (--force writes it anyway)");
                return SchedulerCli.Violations;
            }

            ScheduleFile.Write(schedule.ToSchedule(), outPath, format);
            stdout.WriteLine($"Written   {outPath}");
            foreach (var person in diff.People.Take(10))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {ViolationText.Who(problem, person.Person)}: {person.ChangedDays} of {person.WorkedDays} days changed ({person.Churn:P1})"));
            }

            return SchedulerCli.Ok;
        });
        return command;
    }

    /// <summary>Days the change's shifts and absences are padded by on each side when only part of the horizon is re-solved.</summary>
    public const int WindowPadDays = 7;

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
