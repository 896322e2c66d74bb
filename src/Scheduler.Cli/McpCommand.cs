using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Scheduler.Cli.Mcp;
using Scheduler.Service;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler mcp`: a Model Context Protocol server on stdin and stdout with the tools validate, solve, solve_status,
/// solve_cancel and check_swap. Stdout carries the protocol only; the log goes to stderr. It ends when stdin ends or
/// on SIGINT or SIGTERM, cancelling running solves (their best schedules so far are still written).
/// </summary>
internal static class McpCommand
{
    /// <summary>What the server tells the client about itself when it connects.</summary>
    private const string Instructions =
        "Scheduler builds and checks medical residency schedules against the ACGME duty-hour rules. Problems and schedules are files on the "
        + "server's machine, named by path. validate checks a schedule; check_swap judges one change to it (swap, give, add, remove) without making it; "
        + "solve starts a CP-SAT search in the background and returns a job id at once: call solve_status with it until the state is done, cancelled "
        + "or failed (each call waits a few seconds at most), and solve_cancel to stop early keeping the best schedule so far. No call blocks for long.";

    /// <summary>Results as JSON: camelCase names, nulls left out, text unescaped where JSON allows (it is read, not embedded in HTML).</summary>
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <param name="stderr">The log.</param>
    /// <param name="cancellationToken">Stops the server as SIGINT does (for embedding).</param>
    public static Command Create(TextWriter stderr, CancellationToken cancellationToken)
    {
        var defaults = EngineOptions.Default;
        var maxProblems = new Option<int>("--max-problems")
        {
            Description = $"Problems kept compiled (1..1024); loading one more drops the least recently used. Default {defaults.MaxProblems}.",
            DefaultValueFactory = _ => defaults.MaxProblems,
            CustomParser = r => SolveCommand.Count(r, "--max-problems", 1, 1024, defaults.MaxProblems),
        };
        var maxSolves = new Option<int>("--max-solves")
        {
            Description = $"Solves that run at once (1..16); later ones queue, up to {defaults.MaxQueuedSolves}. Default {defaults.MaxConcurrentSolves}.",
            DefaultValueFactory = _ => defaults.MaxConcurrentSolves,
            CustomParser = r => SolveCommand.Count(r, "--max-solves", 1, 16, defaults.MaxConcurrentSolves),
        };
        var command = new Command(
            "mcp",
            "Serve the Model Context Protocol on stdin and stdout for an MCP client (an AI assistant): tools validate, solve, solve_status, solve_cancel and check_swap. Logs go to stderr.")
        {
            maxProblems, maxSolves,
        };

        command.SetAction(parse =>
        {
            var options = defaults with { MaxProblems = parse.GetValue(maxProblems), MaxConcurrentSolves = parse.GetValue(maxSolves) };
            return ServeAsync(options, stderr, cancellationToken).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> ServeAsync(EngineOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            log.WriteLine($"scheduler mcp: {context.Signal}: stopping");
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        // The transport writes to the process's stdout stream itself; anything else written to Console.Out would
        // corrupt the protocol, so it goes to the log.
        var consoleOut = Console.Out;
        Console.SetOut(log);
        try
        {
            var engine = new SchedulerEngine(options);
            var jobs = new SolveJobs(engine, log);
            var folder = new Lazy<string>(() => Directory.CreateTempSubdirectory("scheduler-mcp-").FullName);
            var tools = new SchedulerTools(engine, jobs, () => folder.Value);
            using var loggerFactory = new StderrLoggerFactory(log);
            var serverOptions = new McpServerOptions
            {
                ServerInfo = new Implementation { Name = "scheduler", Version = Version() },
                ServerInstructions = Instructions,
                ToolCollection = [],
            };
            foreach (var method in typeof(SchedulerTools).GetMethods().Where(m => m.GetCustomAttribute<McpServerToolAttribute>() is not null))
            {
                serverOptions.ToolCollection.Add(new ToolErrors(McpServerTool.Create(method, tools, new McpServerToolCreateOptions { SerializerOptions = s_json }), log));
            }

            await using var transport = new StdioServerTransport(serverOptions, loggerFactory);
            await using var server = McpServer.Create(transport, serverOptions, loggerFactory);
            log.WriteLine($"scheduler mcp: serving on stdin/stdout ({options.MaxProblems} problems kept, {options.MaxConcurrentSolves} solve(s) at once)");
            try
            {
                await server.RunAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // SIGINT, SIGTERM or the caller's token: shut down as when stdin ends.
            }

            await jobs.CancelAllAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            log.WriteLine("scheduler mcp: stopped");
            return SchedulerCli.Ok;
        }
        finally
        {
            Console.SetOut(consoleOut);
        }
    }

    private static string Version()
    {
        var version = typeof(McpCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var commit = version.IndexOf('+', StringComparison.Ordinal);
        return commit < 0 ? version : version[..commit];
    }
}
