using System.CommandLine;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>`scheduler convert IN OUT`: problem, schedule or change files between MessagePack and JSON; Curtois-Qu instances into problem files.</summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter stdout)
    {
        var input = new Argument<string>("in") { Description = "Problem, schedule or change file to read (.msgpack or .json), or a Curtois-Qu benchmark instance (.txt) to import; the content decides." };
        var output = new Argument<string>("out") { Description = "File to write; its extension (.msgpack, .mpk or .json) picks the format." };
        var command = new Command("convert", "Convert a problem, schedule or change file between MessagePack and JSON, losslessly, or import a Curtois-Qu benchmark instance.")
        {
            input,
            output,
        };

        command.SetAction(parse =>
        {
            var from = parse.GetValue(input)!;
            var to = parse.GetValue(output)!;
            var format = FileFormats.FromPath(to);
            var bytes = File.ReadAllBytes(from);
            if (FileKinds.IsSchedule(bytes))
            {
                ScheduleFile.Write(ScheduleFile.Read(bytes), to, format);
                stdout.WriteLine($"wrote schedule {to} ({format})");
            }
            else if (FileKinds.IsChange(bytes))
            {
                AtomicFile.Write(to, ChangeFile.Convert(bytes, format));
                stdout.WriteLine($"wrote change {to} ({format})");
            }
            else
            {
                ProblemFile.Write(ProblemInput.Read(bytes, from), to, format);
                stdout.WriteLine($"wrote problem {to} ({format})");
            }

            return SchedulerCli.Ok;
        });
        return command;
    }
}
