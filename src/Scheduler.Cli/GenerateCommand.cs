using System.CommandLine;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>`scheduler generate`: a realistic random program, and optionally a greedy schedule for it.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var residents = new Option<int>("--residents") { Description = "Number of residents.", DefaultValueFactory = _ => 12 };
        var faculty = new Option<int>("--faculty") { Description = "Number of faculty.", DefaultValueFactory = _ => 4 };
        var weeks = new Option<int>("--weeks") { Description = "Horizon in weeks (from the academic year's first Thursday on or after July 1).", DefaultValueFactory = _ => 4 };
        var seed = new Option<long>("--seed") { Description = "Random seed: the same seed gives the same bytes.", DefaultValueFactory = _ => 1 };
        var year = new Option<int>("--year") { Description = "Academic year start (July of this year).", DefaultValueFactory = _ => 2026 };
        var zone = new Option<string>("--time-zone") { Description = "IANA time zone of the program.", DefaultValueFactory = _ => "America/New_York" };
        var output = new Option<string>("--out") { Description = "Problem file to write (.msgpack or .json).", Required = true };
        var schedule = new Option<string?>("--schedule") { Description = "Also build a schedule with this method: greedy." };
        schedule.AcceptOnlyFromAmong("greedy");
        var scheduleOut = new Option<string?>("--schedule-out") { Description = "Schedule file to write (with --schedule)." };
        var command = new Command("generate", "Generate a realistic residency program (and optionally a greedy schedule for it).")
        {
            residents, faculty, weeks, seed, year, zone, output, schedule, scheduleOut,
        };

        command.SetAction(parse =>
        {
            var method = parse.GetValue(schedule);
            var scheduleFile = parse.GetValue(scheduleOut);
            if ((method is null) != (scheduleFile is null))
            {
                throw new ModelException("--schedule and --schedule-out go together");
            }

            var options = new GeneratorOptions
            {
                Residents = parse.GetValue(residents),
                Faculty = parse.GetValue(faculty),
                Weeks = parse.GetValue(weeks),
                Seed = parse.GetValue(seed),
                StartYear = parse.GetValue(year),
                TimeZone = parse.GetValue(zone)!,
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new ModelException(errors);
            }

            var path = parse.GetValue(output)!;
            var format = FileFormats.FromPath(path);
            if (scheduleFile is not null)
            {
                _ = FileFormats.FromPath(scheduleFile);
            }

            var problem = InstanceGenerator.Generate(options);
            ProblemFile.Write(problem, path, format);
            stdout.WriteLine($"wrote {path}: {problem.People.Count} people, {problem.Shifts.Count} shifts, {problem.HorizonDays} days from {problem.StartDate:yyyy-MM-dd}");
            if (scheduleFile is not null)
            {
                var compiled = CompiledProblem.Compile(problem);
                var built = GreedyScheduler.Build(compiled);
                ScheduleFile.Write(built.ToSchedule(), scheduleFile);
                stdout.WriteLine($"wrote {scheduleFile}: {built.AssignmentCount} assignments (greedy)");
            }

            return SchedulerCli.Ok;
        });
        return command;
    }
}
