using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler contingency PROBLEM --schedule S [--from D] [--to D] [--time-limit S] [--top N] [--json]`: N-1, for each
/// person working in the window, whether the schedule can still cover everything without them.
/// </summary>
internal static class ContingencyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string>("--schedule") { Description = "The published schedule.", Required = true };
        var from = new Option<string?>("--from") { Description = "First day of the window, yyyy-MM-dd (default: the horizon's first day)." };
        var to = new Option<string?>("--to") { Description = "Last day of the window, yyyy-MM-dd (default: a week from --from)." };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds of CP-SAT for each person whose holes mending cannot fill (default 5).", DefaultValueFactory = _ => 5 };
        var top = new Option<int>("--top") { Description = "People listed, the most at risk first (0: all; default 20).", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print every person's result as JSON." };
        var command = new Command(
            "contingency",
            "N-1: for each person working in the window, take them out for all of it and see whether coverage and every rule can still be met: the capacity checks, then mending the holes one change at a time, then a short CP-SAT re-solve where that is not enough. Lists the single points of failure first, with the shifts at risk. Exit code 0, 2 bad input.")
        {
            problemPath, schedulePath, from, to, timeLimit, top, json,
        };

        command.SetAction(parse =>
        {
            if (parse.GetValue(timeLimit) is not (> 0 and <= 3600) and var seconds)
            {
                throw new ModelException(string.Create(CultureInfo.InvariantCulture, $"bad option: --time-limit must be 0..3600 seconds, got {seconds}"));
            }

            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!));
            var start = problem.Source.StartDate;
            var first = Day(parse.GetValue(from), "--from", start, problem.HorizonDays) ?? 0;
            var last = Day(parse.GetValue(to), "--to", start, problem.HorizonDays) ?? Math.Min(problem.HorizonDays - 1, first + 6);
            if (last < first)
            {
                throw new ModelException("bad option: --to is before --from");
            }

            stderr.WriteLine($"N-1 over {start.AddDays(first):yyyy-MM-dd}..{start.AddDays(last):yyyy-MM-dd}: each person taken out in turn");
            var clock = Stopwatch.StartNew();
            var risks = Contingency.WithoutEachPerson(schedule, first, last + 1, TimeSpan.FromSeconds(parse.GetValue(timeLimit)), cancellationToken);
            var elapsed = clock.Elapsed;
            if (parse.GetValue(json))
            {
                ReportOutput.WriteJsonObject(stdout, w =>
                {
                    w.WriteString("from", start.AddDays(first).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteString("to", start.AddDays(last).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteNumber("elapsedMs", Math.Round(elapsed.TotalMilliseconds, 1));
                    w.WriteStartArray("people");
                    foreach (var r in risks)
                    {
                        w.WriteStartObject();
                        w.WriteString("person", problem.PersonId(r.Person));
                        w.WriteString("kind", ReportOutput.CamelCase(r.Kind.ToString()));
                        w.WriteNumber("shifts", r.Shifts);
                        w.WriteNumber("changes", r.Changes);
                        w.WriteBoolean("certain", r.Certain);
                        w.WriteStartArray("shiftsAtRisk");
                        foreach (var s in r.ShiftsAtRisk)
                        {
                            w.WriteStringValue(problem.ShiftId(s));
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return SchedulerCli.Ok;
            }

            var atRisk = risks.Count(r => r.Kind == CopingKind.AtRisk);
            var working = risks.Count(r => r.Kind != CopingKind.Idle);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"N-1       {start.AddDays(first):yyyy-MM-dd} to {start.AddDays(last):yyyy-MM-dd}: {working} people work in it; {atRisk} single points of failure; "
                + $"{risks.Count(r => r.Kind == CopingKind.Mended)} covered by mending, {risks.Count(r => r.Kind == CopingKind.Resolved)} by a re-solve ({ReportOutput.Milliseconds(elapsed)})"));
            var listed = risks.Where(r => r.Kind != CopingKind.Idle).Take(parse.GetValue(top) is > 0 and var n ? n : int.MaxValue).ToList();
            foreach (var r in listed)
            {
                var how = r.Kind switch
                {
                    CopingKind.AtRisk => $"AT RISK{(r.Certain ? " (certain)" : "")}: {ReportOutput.Plural(r.ShiftsAtRisk.Count, "shift")} short: {string.Join(", ", r.ShiftsAtRisk.Take(4).Select(problem.ShiftId))}{(r.ShiftsAtRisk.Count > 4 ? ", ..." : "")}",
                    CopingKind.Resolved => $"covered by a re-solve ({ReportOutput.Plural(r.Changes, "change")})",
                    _ => $"covered by mending ({ReportOutput.Plural(r.Changes, "change")})",
                };
                stdout.WriteLine($"  {ViolationText.Who(problem, r.Person)}, {ReportOutput.Plural(r.Shifts, "shift")}: {how}");
            }

            return SchedulerCli.Ok;
        });
        return command;
    }

    private static int? Day(string? text, string option, DateOnly start, int horizon)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ModelException($"bad option: {option} expects a date yyyy-MM-dd, got '{text}'");
        }

        var day = date.DayNumber - start.DayNumber;
        return day is >= 0 && day < horizon ? day : throw new ModelException($"bad option: {option} {text} is outside the horizon");
    }
}
