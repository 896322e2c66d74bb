using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Scheduler.Load;

/// <summary>Where a server listens: a Unix socket path or a TCP host and port.</summary>
internal sealed record ServerAddress(string? SocketPath, string? Host, int Port)
{
    /// <summary>"unix:PATH", "tcp:HOST:PORT", or a path (with a '/').</summary>
    public static ServerAddress Parse(string text)
    {
        if (text.StartsWith("tcp:", StringComparison.Ordinal))
        {
            var hostPort = text[4..];
            var colon = hostPort.LastIndexOf(':');
            return colon > 0 && int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                ? new ServerAddress(null, hostPort[..colon], port)
                : throw new UsageException($"--connect: expected tcp:HOST:PORT, got '{text}'");
        }

        var path = text.StartsWith("unix:", StringComparison.Ordinal) ? text[5..] : text;
        return path.Contains('/', StringComparison.Ordinal)
            ? new ServerAddress(path, null, 0)
            : throw new UsageException($"--connect: expected unix:PATH or tcp:HOST:PORT, got '{text}'");
    }

    /// <summary>"unix" or "tcp".</summary>
    public string Transport => SocketPath is null ? "tcp" : "unix";

    /// <summary>Opens a connection (TCP with Nagle off: requests are small and pipelined).</summary>
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (SocketPath is not null)
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }

        var address = IPAddress.Parse(Host!);
        var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(new IPEndPoint(address, Port), cancellationToken).ConfigureAwait(false);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => SocketPath is not null ? "unix:" + SocketPath : $"tcp:{Host}:{Port}";
}

/// <summary>
/// A <c>scheduler serve</c> this tool started on a Unix socket or loopback TCP, its log in a file. Stopped with
/// SIGTERM, as a service manager would, so that its exit code can be checked (0 per the protocol's "Ending").
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string? _socketPath;

    private ServerProcess(Process process, StreamWriter log, ServerAddress address, string logPath)
    {
        _process = process;
        _log = log;
        Address = address;
        LogPath = logPath;
        _socketPath = address.SocketPath;
    }

    /// <summary>Where it listens.</summary>
    public ServerAddress Address { get; }

    /// <summary>The file its stderr goes to.</summary>
    public string LogPath { get; }

    /// <summary>Its process id.</summary>
    public int Pid => _process.Id;

    /// <summary>True once it has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>serve</c> of the scheduler at <paramref name="serverPath"/> (scheduler.dll, run with dotnet, or an
    /// executable) on <paramref name="transport"/>, with extra options, and waits until it accepts a connection.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string serverPath, string transport, IReadOnlyList<string> extraArguments)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"scheduler-load-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var address = transport == "unix"
            ? new ServerAddress(Path.Combine(Path.GetTempPath(), id + ".sock"), null, 0)
            : new ServerAddress(null, "127.0.0.1", FreeTcpPort());
        var start = serverPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { serverPath } }
            : new ProcessStartInfo(serverPath);
        start.ArgumentList.Add("serve");
        if (address.SocketPath is not null)
        {
            start.ArgumentList.Add("--socket");
            start.ArgumentList.Add(address.SocketPath);
        }
        else
        {
            start.ArgumentList.Add("--tcp");
            start.ArgumentList.Add(address.Port.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var logPath = Path.Combine(Path.GetTempPath(), id + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {serverPath}");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.WriteLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new ServerProcess(process, log, address, logPath);
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return server;
    }

    /// <summary>VmRSS or VmHWM (peak) of /proc/PID/status in KiB, or null once it has ended.</summary>
    public long? MemoryKiB(string field = "VmRSS") => ProcStatus(Pid, field);

    /// <summary>User plus system CPU time the server has used so far (/proc/PID/stat).</summary>
    public TimeSpan? CpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A field of /proc/PID/status in KiB, or null.</summary>
    public static long? ProcStatus(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>The last lines of its log.</summary>
    public string LogTail(int lines = 20)
    {
        lock (_log)
        {
            return string.Join(Environment.NewLine, File.ReadLines(LogPath).TakeLast(lines));
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code, or null when it had to be killed.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before listening:{Environment.NewLine}{LogTail()}");
            }

            try
            {
                using var socket = await Address.ConnectAsync().ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>Finds files of this repository from the working directory or the tool's own folder, walking up.</summary>
internal static class Repository
{
    /// <summary>The built server of this checkout: src/Scheduler.Cli/bin/Release/net10.0/scheduler.dll.</summary>
    public const string BuiltServer = "src/Scheduler.Cli/bin/Release/net10.0/scheduler.dll";

    /// <summary>The first <paramref name="relativePath"/> found in a folder holding the working directory or this tool.</summary>
    public static string Find(string relativePath)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new UsageException($"cannot find {relativePath} above the working directory or this tool; give its path");
    }
}
