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
/// `scheduler contingency PROBLEM --schedule S [--n 1|2] [--pairs K] [--from D] [--to D] [--time-limit S] [--top N] [--json]`:
/// N-1, for each person working in the window, whether the schedule can still cover everything without them; N-2,
/// the same for the pairs likeliest to fail together.
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
        var json = new Option<bool>("--json") { Description = "Print every result as JSON." };
        var n = new Option<int>("--n") { Description = "1: each person taken out in turn (default); 2: pairs of people taken out together.", DefaultValueFactory = _ => 1 };
        var pairs = new Option<int>("--pairs") { Description = $"With --n 2: the pairs tried, the likeliest to fail together first (default {Contingency.DefaultPairs}).", DefaultValueFactory = _ => Contingency.DefaultPairs };
        var command = new Command(
            "contingency",
            "N-1: for each person working in the window, take them out for all of it and see whether coverage and every rule can still be met: the capacity checks, then mending the holes one change at a time, then a short CP-SAT re-solve where that is not enough. Lists the single points of failure first, with the shifts at risk. N-2 (--n 2): the same for the --pairs pairs of people who are most each other's backup on thin shifts. Exit code 0, 2 bad input.")
        {
            problemPath, schedulePath, n, pairs, from, to, timeLimit, top, json,
        };

        command.SetAction(parse =>
        {
            if (parse.GetValue(timeLimit) is not (> 0 and <= 3600) and var seconds)
            {
                throw new ModelException(string.Create(CultureInfo.InvariantCulture, $"bad option: --time-limit must be 0..3600 seconds, got {seconds}"));
            }

            if (parse.GetValue(n) is not (1 or 2) and var order)
            {
                throw new ModelException($"bad option: --n must be 1 or 2, got {order}");
            }

            if (parse.GetValue(pairs) is not (> 0 and <= 10_000) and var count)
            {
                throw new ModelException($"bad option: --pairs must be 1..10000, got {count}");
            }

            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!, problem.Source));
            var start = problem.Source.StartDate;
            var first = Day(parse.GetValue(from), "--from", start, problem.HorizonDays) ?? 0;
            var last = Day(parse.GetValue(to), "--to", start, problem.HorizonDays) ?? Math.Min(problem.HorizonDays - 1, first + 6);
            if (last < first)
            {
                throw new ModelException("bad option: --to is before --from");
            }

            var pairwise = parse.GetValue(n) == 2;
            var name = pairwise ? "N-2" : "N-1";
            stderr.WriteLine($"{name} over {start.AddDays(first):yyyy-MM-dd}..{start.AddDays(last):yyyy-MM-dd}: "
                + (pairwise ? $"the {parse.GetValue(pairs)} likeliest pairs taken out together" : "each person taken out in turn"));
            var clock = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(parse.GetValue(timeLimit));
            var risks = pairwise
                ? Contingency.WithoutPairs(schedule, first, last + 1, parse.GetValue(pairs), limit, cancellationToken)
                : Contingency.WithoutEachPerson(schedule, first, last + 1, limit, cancellationToken);
            var elapsed = clock.Elapsed;
            if (parse.GetValue(json))
            {
                ReportOutput.WriteJsonObject(stdout, w =>
                {
                    w.WriteString("from", start.AddDays(first).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteString("to", start.AddDays(last).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteNumber("n", pairwise ? 2 : 1);
                    w.WriteNumber("elapsedMs", Math.Round(elapsed.TotalMilliseconds, 1));
                    w.WriteStartArray("absences");
                    foreach (var r in risks)
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("people");
                        foreach (var p in r.People)
                        {
                            w.WriteStringValue(problem.PersonId(p));
                        }

                        w.WriteEndArray();
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
            var counts = pairwise ? $"{ReportOutput.Plural(risks.Count, "pair")} tried; {atRisk} critical" : $"{working} people work in it; {atRisk} single points of failure";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}       {start.AddDays(first):yyyy-MM-dd} to {start.AddDays(last):yyyy-MM-dd}: {counts}; "
                + $"{risks.Count(r => r.Kind == CopingKind.Mended)} covered by mending, {risks.Count(r => r.Kind == CopingKind.Resolved)} by a re-solve ({ReportOutput.Milliseconds(elapsed)})"));
            var listed = risks.Where(r => r.Kind != CopingKind.Idle).Take(parse.GetValue(top) is > 0 and var shown ? shown : int.MaxValue).ToList();
            foreach (var r in listed)
            {
                var how = r.Kind switch
                {
                    CopingKind.AtRisk => $"AT RISK{(r.Certain ? " (certain)" : "")}: {ReportOutput.Plural(r.ShiftsAtRisk.Count, "shift")} short: {string.Join(", ", r.ShiftsAtRisk.Take(4).Select(problem.ShiftId))}{(r.ShiftsAtRisk.Count > 4 ? ", ..." : "")}",
                    CopingKind.Resolved => $"covered by a re-solve ({ReportOutput.Plural(r.Changes, "change")})",
                    _ => $"covered by mending ({ReportOutput.Plural(r.Changes, "change")})",
                };
                stdout.WriteLine($"  {string.Join(" and ", r.People.Select(p => ViolationText.Who(problem, p)))}, {ReportOutput.Plural(r.Shifts, "shift")}: {how}");
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
