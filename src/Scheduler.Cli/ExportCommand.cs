using System.CommandLine;
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
            var name = parse.GetValue(format);
            if (!ScheduleExport.TryParseFormat(name, out var kind))
            {
                throw new ModelException("--format", $"unknown format '{name}', expected one of: {string.Join(", ", ScheduleExport.FormatNames)}");
            }

            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!, problem.Source));
            var id = parse.GetValue(person);
            if (id is not null && !problem.TryGetPerson(id, out _))
            {
                throw new ModelException("--person", $"unknown person '{id}'");
            }

            if (parse.GetValue(output) is not { } path)
            {
                ScheduleExport.Write(schedule, kind, stdout, id);
                return SchedulerCli.Ok;
            }

            var count = ScheduleExport.Write(schedule, kind, path, id);
            stdout.WriteLine($"wrote {path}: {ReportOutput.Plural(count, "assignment")} ({ScheduleExport.FormatNames[(int)kind]})");
            return SchedulerCli.Ok;
        });
        return command;
    }
}
