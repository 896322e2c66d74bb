using System.CommandLine;
using Scheduler.Cli.Export;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler export PROBLEM --schedule SCHEDULE --format html|csv|ics [--person ID] [--out FILE]`: the schedule in
/// forms people use (a page to read, a spreadsheet, a calendar to subscribe to).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter stdout)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string>("--schedule") { Description = "Schedule file to export.", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "html (a page with violations highlighted), csv (a row per assignment) or ics (iCalendar events).",
            Required = true,
        };
        var person = new Option<string?>("--person") { Description = "Export only this person's assignments (their id)." };
        var output = new Option<string?>("--out") { Description = "File to write (atomically); stdout when omitted." };
        var command = new Command("export", "Export a schedule as HTML, CSV or iCalendar; exit code 0 written, 2 bad input.")
        {
            problemPath, schedulePath, format, person, output,
        };

        command.SetAction(parse =>
        {
            var kind = ExportFormats.Parse(parse.GetValue(format));
            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!));
            int? only = null;
            if (parse.GetValue(person) is { } id)
            {
                if (!problem.TryGetPerson(id, out var index))
                {
                    throw new ModelException("--person", $"unknown person '{id}'");
                }

                only = index;
            }

            var source = new ExportSource(schedule, only);
            var path = parse.GetValue(output);
            if (path is null)
            {
                Write(source, kind, stdout);
                return SchedulerCli.Ok;
            }

            var text = new StringWriter();
            Write(source, kind, text);
            AtomicFile.Write(path, text.ToString());
            stdout.WriteLine($"wrote {path}: {ReportOutput.Plural(source.Items.Count, "assignment")} ({ExportFormats.Names[(int)kind]})");
            return SchedulerCli.Ok;
        });
        return command;
    }

    /// <summary>Writes the export of <paramref name="source"/> in <paramref name="format"/> to <paramref name="o"/>.</summary>
    public static void Write(ExportSource source, ExportFormat format, TextWriter o)
    {
        switch (format)
        {
            case ExportFormat.Html:
                HtmlExport.Write(source, ComplianceChecker.Check(source.Schedule), o);
                break;
            case ExportFormat.Csv:
                CsvExport.Write(source, o);
                break;
            default:
                IcsExport.Write(source, o);
                break;
        }
    }
}
