using System.CommandLine;
using Scheduler.Core.Model;

namespace Scheduler.Cli;

/// <summary>The `scheduler` command: parses arguments, runs a subcommand, maps errors to exit codes.</summary>
internal static class SchedulerCli
{
    /// <summary>Exit code: the schedule is compliant / the command succeeded.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the schedule has violations (`validate`), or no schedule was found (`solve`).</summary>
    public const int Violations = 1;

    /// <summary>Exit code: bad input (file, option, id).</summary>
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, CancellationToken.None);

    /// <summary>Runs a command; <paramref name="cancellationToken"/> stops a solve as Ctrl+C does.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Progress rewrites one line only on a real terminal; redirected (logs, tests) it prints a line per improvement.
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var root = new RootCommand("Scheduler: builds and checks medical residency schedules against the ACGME duty-hour rules.")
        {
            ValidateCommand.Create(stdout),
            ExplainCommand.Create(stdout, cancellationToken),
            ChangeCommands.CheckSwap(stdout),
            ChangeCommands.Partners(stdout),
            DiffCommand.Create(stdout),
            ResolveCommand.Create(stdout, stderr, cancellationToken),
            ContingencyCommand.Create(stdout, stderr, cancellationToken),
            GenerateCommand.Create(stdout),
            ConvertCommand.Create(stdout),
            ExportCommand.Create(stdout),
            SolveCommand.Create(stdout, stderr, terminal, cancellationToken),
            Bench.BenchCommand.Create(stdout, stderr),
            Bench.BenchCommand.CreateRun(stdout),
            ServeCommand.Create(stderr, cancellationToken),
            McpCommand.Create(stderr, cancellationToken),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'scheduler --help' for usage.");
            return BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (ModelException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            foreach (var extra in e.Errors.Skip(1).Take(20))
            {
                stderr.WriteLine($"error: {extra}");
            }

            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }
}
