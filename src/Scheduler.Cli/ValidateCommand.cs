using System.CommandLine;
using System.Diagnostics;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>`scheduler validate PROBLEM --schedule SCHEDULE [--json] [--why] [--strict]`: the compliance report.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string>("--schedule") { Description = "Schedule file to check.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var top = new Option<int>("--top") { Description = "Worst offenders to list per rule.", DefaultValueFactory = _ => 5 };
        var why = new Option<bool>("--why")
        {
            Description = "For every short shift, each eligible person not on it and why: absent, on an overlapping shift, or the rule adding them would break; and one change that would mend it.",
        };
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on soft violations too (coverage shortfalls where coverage is soft)." };
        var command = new Command(
            "validate",
            "Check a schedule against every rule; exit code 0 no hard rule broken (soft violations listed and counted), 1 a hard rule broken (or with --strict any violation), 2 bad input.")
        {
            problemPath, schedulePath, json, top, why, strict,
        };

        command.SetAction(parse =>
        {
            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!, problem.Source));
            var watch = Stopwatch.StartNew();
            var report = ComplianceChecker.Check(schedule);
            watch.Stop();
            var terms = SoftTerms.Of(schedule);
            var shortfalls = parse.GetValue(why) ? ShortfallReasons.Explain(schedule) : null;
            if (parse.GetValue(json))
            {
                WriteJson(stdout, report, schedule, terms, shortfalls);
            }
            else
            {
                WriteText(stdout, report, schedule, terms, shortfalls, Math.Max(0, parse.GetValue(top)), watch.Elapsed);
            }

            var failed = parse.GetValue(strict) ? report.Violations.Count > 0 : !report.IsCompliant;
            return failed ? SchedulerCli.Violations : SchedulerCli.Ok;
        });
        return command;
    }

    private static void WriteText(
        TextWriter o, ComplianceReport report, CompiledSchedule schedule, SoftTerms terms, IReadOnlyList<ShortShift>? shortfalls, int top, TimeSpan elapsed)
    {
        ReportOutput.WriteProblemLine(o, report.Problem);
        o.WriteLine($"Schedule  {schedule.AssignmentCount} assignments");
        o.WriteLine();
        ReportOutput.WriteText(o, report, top, terms);
        if (shortfalls is not null)
        {
            o.WriteLine();
            ShortfallOutput.WriteText(o, report.Problem, shortfalls);
        }

        o.WriteLine($"Checked in {ReportOutput.Milliseconds(elapsed)}");
    }

    private static void WriteJson(
        TextWriter o, ComplianceReport report, CompiledSchedule schedule, SoftTerms terms, IReadOnlyList<ShortShift>? shortfalls) =>
        ReportOutput.WriteJsonObject(o, w =>
        {
            w.WriteString("problem", report.Problem.Source.Name);
            w.WriteNumber("assignments", schedule.AssignmentCount);
            ReportOutput.WriteJsonSummary(w, report);
            ReportOutput.WriteJsonTerms(w, terms);
            ReportOutput.WriteJsonViolations(w, report);
            if (shortfalls is not null)
            {
                ShortfallOutput.WriteJson(w, report.Problem, shortfalls);
            }
        });
}
