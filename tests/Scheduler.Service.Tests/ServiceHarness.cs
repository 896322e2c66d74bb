using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using MessagePack;

namespace Scheduler.Service.Tests;

/// <summary>A server over in-memory pipes, with a typed client and a raw byte connection to it.</summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _shutdown = new();

    public ServiceHarness(EngineOptions? engine = null, ServerOptions? server = null)
    {
        Engine = new SchedulerEngine(engine);
        Server = new SchedulerServer(Engine, server);
        Serving = Server.ServeAsync(_toServer.Reader, _toClient.Writer, _shutdown.Token);
    }

    public SchedulerEngine Engine { get; }

    public SchedulerServer Server { get; }

    /// <summary>Ends when the server has ended the connection.</summary>
    public Task Serving { get; }

    /// <summary>The bytes the client sends.</summary>
    public Stream ToServer => _toServer.Writer.AsStream();

    /// <summary>The bytes the server sends.</summary>
    public Stream FromServer => _toClient.Reader.AsStream();

    public SchedulerClient Client() => new(FromServer, ToServer);

    /// <summary>Sends raw bytes, as they are.</summary>
    public async Task SendAsync(byte[] bytes)
    {
        await _toServer.Writer.WriteAsync(bytes);
    }

    /// <summary>Sends one frame around a body.</summary>
    public Task SendFrameAsync(byte[] body) => SendAsync(Frame(body));

    /// <summary>Ends the client's side (end of stream, as stdin ends).</summary>
    public Task EndInputAsync() => _toServer.Writer.CompleteAsync().AsTask();

    public Task ShutdownAsync() => _shutdown.CancelAsync();

    /// <summary>The next frame the server sends, decoded; null at the end of its stream.</summary>
    public async Task<Dictionary<string, object?>?> ReadFrameAsync()
    {
        var reader = _toClient.Reader;
        while (true)
        {
            var read = await reader.ReadAsync();
            var buffer = read.Buffer;
            if (Frames.TryRead(ref buffer, int.MaxValue, out var body, out _) == FrameStatus.Frame)
            {
                var r = new MessagePackReader(body);
                var frame = (Dictionary<string, object?>)SchedulerClient.Tree.Read(ref r)!;
                reader.AdvanceTo(buffer.Start);
                return frame;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }

    public static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>A request body: <c>{id, method, params}</c> with the params written by <paramref name="parameters"/>.</summary>
    public static byte[] Request(uint id, string method, params (string Key, object? Value)[] parameters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(3);
        w.Write("id");
        w.Write(id);
        w.Write("method");
        w.Write(method);
        w.Write("params");
        w.WriteMapHeader(parameters.Length);
        foreach (var (key, value) in parameters)
        {
            w.Write(key);
            switch (value)
            {
                case null: w.WriteNil(); break;
                case string s: w.Write(s); break;
                case int i: w.Write(i); break;
                case long l: w.Write(l); break;
                case double d: w.Write(d); break;
                case bool b: w.Write(b); break;
                case byte[] bytes: w.Write(bytes); break;
                default: throw new ArgumentException(value.GetType().Name);
            }
        }

        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        await _toServer.Writer.CompleteAsync();
        await Serving.WaitAsync(TimeSpan.FromMinutes(2));
        _shutdown.Dispose();
    }
}
