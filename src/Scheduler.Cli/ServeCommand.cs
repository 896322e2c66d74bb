using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Scheduler.Service;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler serve`: the protocol server of docs/PROTOCOL.md on stdin/stdout (default), a Unix socket or TCP. Runs
/// until SIGINT, SIGTERM or (stdin/stdout) the end of stdin; then stops solves with their best so far, answers, exits 0.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stderr, CancellationToken cancellationToken)
    {
        var socket = new Option<string?>("--socket") { Description = "Listen on a Unix domain socket at this path instead of stdin/stdout (a stale socket file is replaced)." };
        var tcp = new Option<int?>("--tcp")
        {
            Description = "Listen on this TCP port instead of stdin/stdout (0: any free port, printed on stderr). Loopback only unless --bind is given.",
            CustomParser = r => Int(r, "--tcp", 0, 65535),
        };
        var bind = new Option<string?>("--bind") { Description = "With --tcp: the address to listen on (e.g. 0.0.0.0). There is no authentication: anyone who reaches the port can use the server." };
        var maxFrame = new Option<int>("--max-frame")
        {
            Description = "The largest frame body read, in bytes; a longer length prefix closes the connection.",
            DefaultValueFactory = _ => ServerOptions.Default.MaxFrame,
            CustomParser = r => Int(r, "--max-frame", 64, int.MaxValue) ?? ServerOptions.Default.MaxFrame,
        };
        var maxProblems = Limit("--max-problems", "Problems kept loaded; one more unloads the least recently used.", EngineOptions.Default.MaxProblems, 1);
        var maxSchedules = Limit("--max-schedules", "Schedules kept per problem; one more unloads the least recently used.", EngineOptions.Default.MaxSchedulesPerProblem, 1);
        var maxSolves = Limit("--max-solves", "Solves and evaluations running at once.", EngineOptions.Default.MaxConcurrentSolves, 1);
        var queue = Limit("--queue", "Solves and evaluations waiting for a slot; one more is answered 'busy'.", EngineOptions.Default.MaxQueuedSolves, 0);
        var command = new Command(
            "serve",
            "Answer requests from other programs: length-prefixed MessagePack frames (docs/PROTOCOL.md) on stdin/stdout, a Unix socket or TCP. SIGINT, SIGTERM or the end of stdin stop it: solves end with their best schedule so far, every response is sent, exit code 0.")
        {
            socket, tcp, bind, maxFrame, maxProblems, maxSchedules, maxSolves, queue,
        };

        command.SetAction(parse =>
        {
            var socketPath = parse.GetValue(socket);
            var port = parse.GetValue(tcp);
            var address = parse.GetValue(bind);
            if (socketPath is not null && port is not null)
            {
                throw new Core.Model.ModelException("--socket and --tcp: choose one transport");
            }

            if (address is not null && port is null)
            {
                throw new Core.Model.ModelException("--bind needs --tcp");
            }

            var engine = new SchedulerEngine(new EngineOptions
            {
                MaxProblems = parse.GetValue(maxProblems),
                MaxSchedulesPerProblem = parse.GetValue(maxSchedules),
                MaxConcurrentSolves = parse.GetValue(maxSolves),
                MaxQueuedSolves = parse.GetValue(queue),
            });
            var server = new SchedulerServer(engine, new ServerOptions { MaxFrame = parse.GetValue(maxFrame) }, stderr);

            using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true; // not the default exit: shut down cleanly
                stderr.WriteLine($"serve: {context.Signal}: stopping solves, answering, exiting");
                shutdown.Cancel();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            if (socketPath is not null)
            {
                var listener = SchedulerServer.ListenUnix(socketPath);
                stderr.WriteLine($"serve: listening on Unix socket {socketPath} (protocol {SchedulerServer.ProtocolVersion})");
                try
                {
                    server.ListenAsync(listener, shutdown.Token).GetAwaiter().GetResult();
                }
                finally
                {
                    File.Delete(socketPath);
                }
            }
            else if (port is { } tcpPort)
            {
                var ip = IPAddress.Loopback;
                if (address is not null)
                {
                    if (!IPAddress.TryParse(address, out ip))
                    {
                        throw new Core.Model.ModelException("--bind", $"not an IP address: '{address}'");
                    }

                    if (!IPAddress.IsLoopback(ip))
                    {
                        stderr.WriteLine($"serve: warning: listening on {ip}, beyond this machine; there is no authentication or encryption");
                    }
                }

                var listener = SchedulerServer.ListenTcp(ip, tcpPort);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serve: listening on TCP {listener.LocalEndPoint} (protocol {SchedulerServer.ProtocolVersion})"));
                server.ListenAsync(listener, shutdown.Token).GetAwaiter().GetResult();
            }
            else
            {
                stderr.WriteLine($"serve: reading frames on stdin, answering on stdout (protocol {SchedulerServer.ProtocolVersion})");
                using var input = Console.OpenStandardInput();
                using var output = Console.OpenStandardOutput();
                server.ServeAsync(input, output, shutdown.Token).GetAwaiter().GetResult();
            }

            stderr.WriteLine("serve: stopped");
            return SchedulerCli.Ok;
        });
        return command;
    }

    private static Option<int> Limit(string name, string description, int fallback, int min) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => Int(r, name, min, 100_000) ?? fallback,
    };

    private static int? Int(ArgumentResult result, string name, int min, int max)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var token = result.Tokens[^1].Value;
        if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{name}: expected {min}..{max}, got '{token}'");
        return null;
    }
}
