namespace Scheduler.Load;

/// <summary>The server a mode talks to: one it started (<see cref="Server"/> set) or one given with --connect.</summary>
internal sealed class Target : IAsyncDisposable
{
    private Target(ServerAddress address, ServerProcess? server)
    {
        Address = address;
        Server = server;
    }

    /// <summary>Where it listens.</summary>
    public ServerAddress Address { get; }

    /// <summary>The server this tool started, or null.</summary>
    public ServerProcess? Server { get; }

    /// <summary>The loaded problem's hash, once loaded.</summary>
    public string ProblemHash { get; set; } = "";

    /// <summary>The loaded schedule's hash, once loaded.</summary>
    public string ScheduleHash { get; set; } = "";

    /// <summary>Reads --connect, or --server, --transport and --server-args and starts one.</summary>
    public static async Task<Target> OpenAsync(Options options, IReadOnlyList<string>? defaultServerArguments = null)
    {
        var connect = options.String("connect");
        var serverPath = options.String("server");
        var transport = options.Choice("transport", "unix", "unix", "tcp");
        var serverArguments = options.String("server-args")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? defaultServerArguments ?? [];
        if (connect is not null)
        {
            return serverPath is null && options.String("server-args") is null
                ? new Target(ServerAddress.Parse(connect), null)
                : throw new UsageException("--connect talks to a running server: --server and --server-args do not apply");
        }

        var server = await ServerProcess.StartAsync(serverPath ?? Repository.Find(Repository.BuiltServer), transport, serverArguments).ConfigureAwait(false);
        return new Target(server.Address, server);
    }

    /// <summary>"pid 123 (started here, log FILE)" or the address.</summary>
    public string Describe() => Server is { } s ? $"pid {s.Pid} started here on {s.Address} (log {s.LogPath})" : $"at {Address}";

    /// <summary>Stops a server this tool started and checks it exited with 0; true when it did (or was not ours).</summary>
    public async Task<bool> StopAsync()
    {
        if (Server is null)
        {
            return true;
        }

        var code = await Server.StopAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        Console.WriteLine(code == 0 ? "server       stopped with SIGTERM, exit code 0" : $"FAILED       server stopped with SIGTERM: {(code is null ? "still running after 30 s, killed" : $"exit code {code}")} (log {Server.LogPath})");
        return code == 0;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
