using System.CommandLine;
using System.Globalization;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>`scheduler diff A B --problem PROBLEM [--json] [--top N] [--html FILE]`: what changed from schedule A to schedule B, by person and day, and the churn.</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter stdout)
    {
        var first = new Argument<string>("published") { Description = "The published schedule (.msgpack or .json)." };
        var second = new Argument<string>("changed") { Description = "The changed schedule, of the same problem." };
        var problemPath = new Option<string>("--problem") { Description = ProblemInput.Description, Required = true };
        var json = new Option<bool>("--json") { Description = "Print the difference as JSON (every change)." };
        var top = new Option<int>("--top") { Description = "People whose changes are listed, the largest churn first (0: all; default 20).", DefaultValueFactory = _ => 20 };
        var html = new Option<string?>("--html") { Description = "Also write the changed schedule's HTML grid with the changes marked to this file." };
        var guard = new Option<bool>("--guard")
        {
            Description = "Judge the churn as a re-solve's guard would: refused (exit 1) above --max-churn overall or --max-person-churn for anyone, a warning above --warn-person-churn.",
        };
        var churn = new ChurnOptions();
        var command = new Command(
            "diff",
            "Compare two schedules of one problem: the shifts each person gains and loses, day by day, and the churn (changed person-days over those worked in either schedule), overall and per person. Exit code 0 (with --guard: the churn is within the limits), 1 refused by --guard, 2 bad input.")
        {
            first, second, problemPath, json, top, html, guard,
        };
        churn.AddTo(command);

        command.SetAction(parse =>
        {
            var limits = churn.Read(parse);
            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var published = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(first)!, problem.Source));
            var changed = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(second)!, problem.Source));
            var diff = ScheduleDiff.Of(published, changed);
            if (parse.GetValue(html) is { } page)
            {
                ScheduleExport.WriteDiff(diff, changed, page);
            }

            var verdict = parse.GetValue(guard) ? ChurnGuard.Judge(diff, limits) : null;
            if (parse.GetValue(json))
            {
                WriteJson(stdout, diff, verdict);
            }
            else
            {
                WriteText(stdout, diff, parse.GetValue(top));
                if (verdict is not null)
                {
                    ChurnOptions.WriteText(stdout, verdict);
                }
            }

            return verdict is { Refused: true } ? SchedulerCli.Violations : SchedulerCli.Ok;
        });
        return command;
    }

    private static void WriteText(TextWriter o, ScheduleDiff diff, int top)
    {
        var problem = diff.Problem;
        ReportOutput.WriteProblemLine(o, problem);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Diff      {ReportOutput.Plural(diff.Changes.Count, "person-day")} changed of {diff.WorkedDays:N0} worked in either schedule: churn {diff.Churn:P1}; "
            + $"{ReportOutput.Plural(diff.RemovedCount, "assignment")} removed, {diff.AddedCount} added"));
        if (diff.People.Count == 0)
        {
            o.WriteLine("People    nobody's schedule changed");
            return;
        }

        var listed = top > 0 ? diff.People.Take(top).ToList() : diff.People.ToList();
        o.WriteLine($"People    {ReportOutput.Plural(diff.People.Count, "person", "people")} changed, the largest churn first:");
        foreach (var person in listed)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {ViolationText.Who(problem, person.Person)}: {person.Churn:P1} ({person.ChangedDays} of {person.WorkedDays} days worked)"));
            foreach (var change in diff.Changes.Where(c => c.Person == person.Person))
            {
                var date = problem.Source.StartDate.AddDays(change.Day);
                var removed = string.Concat(change.Removed.Select(s => $"  - {problem.ShiftId(s)}"));
                var added = string.Concat(change.Added.Select(s => $"  + {problem.ShiftId(s)}"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {date:yyyy-MM-dd ddd}{removed}{added}"));
            }
        }

        if (listed.Count < diff.People.Count)
        {
            o.WriteLine($"  and {diff.People.Count - listed.Count} more (--top 0 lists all)");
        }
    }

    private static void WriteJson(TextWriter o, ScheduleDiff diff, ChurnVerdict? verdict) =>
        ReportOutput.WriteJsonObject(o, w =>
        {
            var problem = diff.Problem;
            w.WriteString("problem", problem.Source.Name);
            w.WriteNumber("workedDays", diff.WorkedDays);
            w.WriteNumber("changedDays", diff.Changes.Count);
            w.WriteNumber("churn", Math.Round(diff.Churn, 6));
            w.WriteNumber("removed", diff.RemovedCount);
            w.WriteNumber("added", diff.AddedCount);
            w.WriteStartArray("people");
            foreach (var person in diff.People)
            {
                w.WriteStartObject();
                w.WriteString("person", problem.PersonId(person.Person));
                w.WriteNumber("workedDays", person.WorkedDays);
                w.WriteNumber("changedDays", person.ChangedDays);
                w.WriteNumber("churn", Math.Round(person.Churn, 6));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("changes");
            foreach (var change in diff.Changes)
            {
                w.WriteStartObject();
                w.WriteString("person", problem.PersonId(change.Person));
                w.WriteString("date", problem.Source.StartDate.AddDays(change.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteStartArray("removed");
                foreach (var s in change.Removed)
                {
                    w.WriteStringValue(problem.ShiftId(s));
                }

                w.WriteEndArray();
                w.WriteStartArray("added");
                foreach (var s in change.Added)
                {
                    w.WriteStringValue(problem.ShiftId(s));
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (verdict is not null)
            {
                w.WriteStartObject("guard");
                w.WriteBoolean("refused", verdict.Refused);
                w.WriteStartArray("reasons");
                foreach (var reason in verdict.Reasons)
                {
                    w.WriteStringValue(reason);
                }

                w.WriteEndArray();
                w.WriteStartArray("warnings");
                foreach (var warning in verdict.Warnings)
                {
                    w.WriteStringValue(warning);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
        });
}
