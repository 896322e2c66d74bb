using System.CommandLine;
using System.Diagnostics;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>`scheduler validate PROBLEM --schedule SCHEDULE [--json]`: the compliance report.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string>("--schedule") { Description = "Schedule file to check.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var top = new Option<int>("--top") { Description = "Worst offenders to list per rule.", DefaultValueFactory = _ => 5 };
        var command = new Command("validate", "Check a schedule against every rule; exit code 0 compliant, 1 violations, 2 bad input.")
        {
            problemPath, schedulePath, json, top,
        };

        command.SetAction(parse =>
        {
            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!));
            var watch = Stopwatch.StartNew();
            var report = ComplianceChecker.Check(schedule);
            watch.Stop();
            if (parse.GetValue(json))
            {
                WriteJson(stdout, report, schedule);
            }
            else
            {
                WriteText(stdout, report, schedule, Math.Max(0, parse.GetValue(top)), watch.Elapsed);
            }

            return report.IsCompliant ? SchedulerCli.Ok : SchedulerCli.Violations;
        });
        return command;
    }

    private static void WriteText(TextWriter o, ComplianceReport report, CompiledSchedule schedule, int top, TimeSpan elapsed)
    {
        ReportOutput.WriteProblemLine(o, report.Problem);
        o.WriteLine($"Schedule  {schedule.AssignmentCount} assignments");
        o.WriteLine();
        ReportOutput.WriteText(o, report, top);
        o.WriteLine($"Checked in {ReportOutput.Milliseconds(elapsed)}");
    }

    private static void WriteJson(TextWriter o, ComplianceReport report, CompiledSchedule schedule) =>
        ReportOutput.WriteJsonObject(o, w =>
        {
            w.WriteString("problem", report.Problem.Source.Name);
            w.WriteNumber("assignments", schedule.AssignmentCount);
            ReportOutput.WriteJsonSummary(w, report);
            ReportOutput.WriteJsonViolations(w, report);
        });
}
