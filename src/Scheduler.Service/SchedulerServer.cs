using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Scheduler.Service;

/// <summary>
/// The <c>scheduler serve</c> protocol server (docs/PROTOCOL.md): length-prefixed MessagePack frames read and
/// written with System.IO.Pipelines, over any pair of streams (stdin and stdout), a Unix domain socket or TCP. Every
/// connection shares one <see cref="SchedulerEngine"/>, so a problem loaded on one can be used on another.
/// </summary>
public sealed class SchedulerServer
{
    /// <summary>The protocol version this server speaks.</summary>
    public const int ProtocolVersion = 1;

    private readonly TextWriter _log;

    /// <summary>Makes a server over <paramref name="engine"/>; <paramref name="log"/> (default none) gets one line per event worth knowing.</summary>
    public SchedulerServer(SchedulerEngine engine, ServerOptions? options = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        Options = options ?? ServerOptions.Default;
        Options.Validate();
        _log = TextWriter.Synchronized(log ?? TextWriter.Null);
    }

    /// <summary>The methods of the protocol, as <c>hello</c> lists them.</summary>
    public static IReadOnlyList<string> MethodNames { get; } =
        ["hello", "load-problem", "load-schedule", "unload", "validate", "check-swap", "solve", "evaluate", "explain", "diff", "partners", "resolve", "contingency", "export", "cancel"];

    /// <summary>"scheduler VERSION", as <c>hello</c> reports it.</summary>
    public static string ServerName { get; } = "scheduler " +
        (typeof(SchedulerServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    /// <summary>The engine every connection uses.</summary>
    public SchedulerEngine Engine { get; }

    /// <summary>The server's limits.</summary>
    public ServerOptions Options { get; }

    /// <summary>
    /// Serves one connection over a pair of streams (stdin and stdout, or a socket's stream twice) until the input
    /// ends or <paramref name="shutdown"/> fires; then stops its solves (they answer with their best so far), sends
    /// every response and completes. The streams are not disposed.
    /// </summary>
    public Task ServeAsync(Stream input, Stream output, CancellationToken shutdown = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return ServeAsync(
            PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 65536, leaveOpen: true)),
            PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true)),
            shutdown);
    }

    /// <summary>Serves one connection over a pipe pair, as <see cref="ServeAsync(Stream, Stream, CancellationToken)"/>.</summary>
    public Task ServeAsync(PipeReader input, PipeWriter output, CancellationToken shutdown = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return new Connection(this, input, output).RunAsync(shutdown);
    }

    /// <summary>
    /// Accepts connections on a bound, listening socket and serves each until <paramref name="shutdown"/> fires;
    /// then stops accepting, ends every connection as <see cref="ServeAsync(Stream, Stream, CancellationToken)"/>
    /// does, and returns when all have ended. The listener is disposed.
    /// </summary>
    public async Task ListenAsync(Socket listener, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var connections = new HashSet<Task>();
        using (listener)
        {
            while (!shutdown.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(shutdown).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    Log($"accept failed: {e.Message}");
                    continue;
                }

                if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                {
                    client.NoDelay = true; // small response frames go out at once, not after Nagle's delay
                }

                lock (connections)
                {
                    connections.RemoveWhere(t => t.IsCompleted);
                    connections.Add(ServeSocketAsync(client, shutdown));
                }
            }
        }

        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
    }

    /// <summary>A listening Unix domain socket at <paramref name="path"/>, replacing a stale socket file that nothing listens on.</summary>
    /// <exception cref="IOException">Another server listens there, or the path is a file that is not a socket.</exception>
    public static Socket ListenUnix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path) || IsReadableFile(path))
        {
            throw new IOException($"{path} exists and is not a socket: not replacing it");
        }

        if (File.Exists(path))
        {

            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new IOException($"another server is listening on {path}");
            }
            catch (SocketException)
            {
                File.Delete(path); // a socket left by a server that did not exit cleanly
            }
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A listening TCP socket on <paramref name="address"/> and <paramref name="port"/> (0: any free port).</summary>
    public static Socket ListenTcp(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether a file opens for reading, as a regular file does and a socket does not.</summary>
    private static bool IsReadableFile(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    internal void Log(string message) => _log.WriteLine(message);

    private async Task ServeSocketAsync(Socket client, CancellationToken shutdown)
    {
        await Task.Yield(); // off the accepting loop
        await using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            await ServeAsync(stream, stream, shutdown).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log($"connection ended by an error: {e}");
        }
    }
}
