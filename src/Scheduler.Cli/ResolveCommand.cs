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
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var from = new Option<string>("--from") { Description = "The published schedule.", Required = true };
        var changePath = new Option<string>("--change") { Description = "The change file (JSON or MessagePack, problems/README.md \"Change file\").", Required = true };
        var output = new Option<string>("--out") { Description = "The new schedule to write (.msgpack, .mpk or .json).", Required = true };
        var timeLimit = new Option<double>("--time-limit") { Description = "Wall-clock limit of the search in seconds (default 60).", DefaultValueFactory = _ => 60 };
        var workers = new Option<int>("--workers") { Description = "CP-SAT workers, 1..64 (default 8).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "The search's seed (default 1).", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "Write the new schedule even when the churn guard refuses it." };
        var changeWeight = new Option<int>("--change-weight")
        {
            Description = "The objective's cost of each assignment changed from the published schedule (default 50: above the preferences, below a person short in generated problems).",
            DefaultValueFactory = _ => ChangeResolver.DefaultChangeWeight,
        };
        var churn = new ChurnOptions();
        var command = new Command(
            "resolve",
            "Re-solve a published schedule after a change (absences, people leaving or arriving, coverage, pinned assignments, a frozen period) with as few changed assignments as it can: each costs --change-weight in the objective. Exit code 0 written, 1 no schedule or refused by the churn guard (nothing written without --force), 2 bad input.")
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

            if (parse.GetValue(changeWeight) < 1)
            {
                throw new ModelException($"bad option: --change-weight must be 1 or more, got {parse.GetValue(changeWeight)}");
            }

            var outPath = parse.GetValue(output)!;
            var format = FileFormats.FromPath(outPath);
            var source = ProblemInput.Read(parse.GetValue(problemPath)!);
            var original = CompiledProblem.Compile(source);
            var problemHash = ContentHash.Of(source);
            var publishedFile = ScheduleFile.Read(parse.GetValue(from)!);
            ScheduleFile.CheckMadeFor(publishedFile, problemHash);
            var change = ChangeFile.Read(parse.GetValue(changePath)!, original);
            var options = new SolverOptions
            {
                TimeLimit = TimeSpan.FromSeconds(parse.GetValue(timeLimit)),
                Workers = parse.GetValue(workers),
                Seed = parse.GetValue(seed),
                ChangeWeight = parse.GetValue(changeWeight),
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var plan = ChangeResolver.Plan(source, publishedFile, change);
            stderr.WriteLine(plan.IsPartial
                ? $"re-solving days {plan.FromDay}..{plan.ToDay - 1} of {source.Name} after the change, the rest held; time limit {options.TimeLimit!.Value.TotalSeconds:0.#} s"
                : $"re-solving {source.Name} after the change: {plan.Fixed.Count} assignments held, time limit {options.TimeLimit!.Value.TotalSeconds:0.#} s");
            ResolveOutcome outcome;
            try
            {
                outcome = ChangeResolver.Resolve(plan, options, limits, progress: null, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new ModelException($"bad option: {e.Message}");
            }

            var problem = plan.Problem;
            ReportOutput.WriteProblemLine(stdout, problem);
            if (outcome.Result.Schedule is not { } schedule)
            {
                stdout.WriteLine($"Status    no schedule ({outcome.Result.Status.ToString().ToLowerInvariant()}): {outcome.Result.Explanation}");
                return SchedulerCli.Violations;
            }

            var result = outcome.Result;
            var diff = outcome.Diff!;
            var verdict = outcome.Verdict!;
            var report = ComplianceChecker.Check(schedule);
            stdout.WriteLine($"Status    {result.Status.ToString().ToLowerInvariant()}{(result.Cancelled ? " (cancelled; best so far)" : "")}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Changes   {diff.RemovedCount} assignments removed, {diff.AddedCount} added: {ReportOutput.Plural(diff.Changes.Count, "person-day")} of {diff.WorkedDays} (churn {diff.Churn:P1})"));
            stdout.WriteLine($"Verdict   {ReportOutput.Verdict(report)}");
            stdout.WriteLine($"Soft      {Formats.Export.ReportText.SoftSummary(report)}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Time      {clock.Elapsed.TotalSeconds:0.0} s: model {result.Statistics.BuildTime.TotalSeconds:0.0} s, search {result.Statistics.SearchTime.TotalSeconds:0.0} s"));
            ChurnOptions.WriteText(stdout, verdict);
            if (verdict.Refused && !parse.GetValue(force))
            {
                stdout.WriteLine($"Written   nothing: the guard refused the change (--force writes it anyway)");
                return SchedulerCli.Violations;
            }

            // Recorded as made for the problem file given (the change is not in it): later commands take the same file.
            ScheduleFile.Write(schedule.ToSchedule() with { ProblemHash = problemHash }, outPath, format);
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
}
