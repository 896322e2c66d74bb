using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Threading.Channels;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Service;

/// <summary>The methods of the protocol.</summary>
internal enum Method
{
    None,
    Hello,
    LoadProblem,
    LoadSchedule,
    Unload,
    Validate,
    CheckSwap,
    Solve,
    Evaluate,
    Export,
    Cancel,
    Explain,
    Diff,
    Partners,
    Resolve,
    Contingency,
}

/// <summary>
/// One client's connection: reads frames, answers the quick methods on the reading loop in order (writing the replies
/// of one read and flushing them once), starts solves and evaluations as tasks that answer when they end through an
/// outbox and a writer loop; the two writers take turns, so frames never interleave.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "RunAsync disposes _closing and _writing when the connection ends.")]
internal sealed partial class Connection
{
    // Enough queued responses of solves and the like (and progress events, which are dropped beyond it) for a busy
    // client. Quick replies do not queue: the reading loop flushes them itself, so a client that does not read its
    // responses stops being read (back-pressure, not unbounded memory).
    private const int OutboxFrames = 1024;

    // A quick reply that took this long to work out is sent at once: its flush costs little beside it, and the frames
    // after it in the same read would otherwise hold it back. Quicker ones wait for the end of the read.
    private static readonly TimeSpan SlowReply = TimeSpan.FromMicroseconds(100);

    private readonly SchedulerServer _server;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _writing = new(1, 1); // the reading loop's quick replies and the writer loop take turns
    private readonly Channel<ArrayBufferWriter<byte>> _outbox =
        Channel.CreateBounded<ArrayBufferWriter<byte>>(new BoundedChannelOptions(OutboxFrames) { SingleReader = true });
    private readonly ConcurrentDictionary<uint, InFlight> _inFlight = new();
    private readonly CancellationTokenSource _closing = new();
    private volatile bool _shuttingDown;

    public Connection(SchedulerServer server, PipeReader input, PipeWriter output)
    {
        _server = server;
        _input = input;
        _output = output;
    }

    private SchedulerEngine Engine => _server.Engine;

    /// <summary>Serves until the input ends, the connection breaks or <paramref name="shutdown"/> fires; then ends cleanly.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        var writing = Task.Run(WriteLoopAsync, CancellationToken.None);
        await using (shutdown.Register(BeginShutdown).ConfigureAwait(false))
        {
            try
            {
                await ReadLoopAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (IsDisconnect(e))
            {
                _server.Log($"connection lost: {e.Message}");
            }
            finally
            {
                // No more requests: stop this connection's solves (they answer with their best so far), let every
                // in-flight request post its response, then let the writer drain and close.
                await _closing.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(_work).ConfigureAwait(false);
                _outbox.Writer.TryComplete();
                await writing.ConfigureAwait(false);
                await _input.CompleteAsync().ConfigureAwait(false);
                await _output.CompleteAsync().ConfigureAwait(false);
                _closing.Dispose();
                _writing.Dispose();
            }
        }
    }

    private void BeginShutdown()
    {
        _shuttingDown = true;
        _input.CancelPendingRead();
    }

    private static bool IsDisconnect(Exception e) =>
        e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException or ChannelClosedException;

    private async Task ReadLoopAsync()
    {
        var closing = false; // after a bad length prefix, or once the client has stopped reading
        while (!closing)
        {
            var read = await _input.ReadAsync().ConfigureAwait(false);
            var buffer = read.Buffer;
            var writing = false; // holding _writing, with replies written and not yet flushed
            try
            {
                while (!closing)
                {
                    var started = Stopwatch.GetTimestamp();
                    var status = Frames.TryRead(ref buffer, _server.Options.MaxFrame, out var body, out var length);
                    if (status == FrameStatus.Incomplete)
                    {
                        break;
                    }

                    ArrayBufferWriter<byte>? reply;
                    if (status == FrameStatus.Frame)
                    {
                        reply = Handle(body);
                        if (reply is null)
                        {
                            continue;
                        }
                    }
                    else
                    {
                        // Nothing after a bad length prefix can be followed.
                        reply = Frames.Buffers.Get();
                        WriteError(reply, null, ErrorCodes.FrameTooLarge, $"frame length {length} is not in 1..{_server.Options.MaxFrame}: closing the connection", null);
                        closing = true;
                    }

                    // Quick replies are written here rather than through the outbox, so that no thread wakes to send
                    // them; they go out together when the read's frames are done, or at once after a slow one.
                    if (!writing)
                    {
                        await _writing.WaitAsync().ConfigureAwait(false);
                        writing = true;
                    }

                    Frames.Write(_output, reply.WrittenSpan);
                    Frames.Buffers.Return(reply);
                    if (Stopwatch.GetElapsedTime(started) > SlowReply)
                    {
                        writing = false;
                        closing |= !await FlushAsync().ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (writing)
                {
                    closing |= !await FlushAsync().ConfigureAwait(false);
                }
            }

            closing |= read.IsCompleted || read.IsCanceled;
        }
    }

    /// <summary>Sends what has been written and lets go of <see cref="_writing"/>; false when the client is gone.</summary>
    private async ValueTask<bool> FlushAsync()
    {
        try
        {
            var flushed = await _output.FlushAsync().ConfigureAwait(false);
            return !flushed.IsCompleted && !flushed.IsCanceled;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Answers one frame: the reply of a quick method or an error, or null for a request started as a task.</summary>
    private ArrayBufferWriter<byte>? Handle(ReadOnlySequence<byte> body)
    {
        uint? id = null;
        var buffer = Frames.Buffers.Get();
        try
        {
            var request = Envelope.Read(body, out id);
            if (_shuttingDown)
            {
                throw new ProtocolException(ErrorCodes.ShuttingDown, "the server is shutting down", null);
            }

            if (_inFlight.ContainsKey(request.Id))
            {
                throw new ProtocolException(ErrorCodes.DuplicateId, $"request {request.Id} is still in flight on this connection", "id");
            }

            if (request.Method is Method.Solve or Method.Evaluate or Method.Explain or Method.Resolve or Method.Contingency)
            {
                Start(request);
                Frames.Buffers.Return(buffer);
                return null;
            }

            var writer = new MessagePackWriter(buffer);
            BeginResult(ref writer, request.Id);
            Answer(ref writer, request);
            writer.Flush();
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            buffer.ResetWrittenCount();
            WriteError(buffer, id, failure.Code, failure.Message, failure.Field);
        }

        return buffer;
    }

    /// <summary>Writes the result map of a quick method.</summary>
    private void Answer(ref MessagePackWriter w, Request request)
    {
        var p = new ParamReader(request.Params);
        switch (request.Method)
        {
            case Method.Hello:
                Hello(ref w, ref p);
                break;
            case Method.LoadProblem:
                LoadProblem(ref w, ref p);
                break;
            case Method.LoadSchedule:
                LoadSchedule(ref w, ref p);
                break;
            case Method.Unload:
                Unload(ref w, ref p);
                break;
            case Method.Validate:
                Validate(ref w, ref p);
                break;
            case Method.CheckSwap:
                CheckSwap(ref w, ref p);
                break;
            case Method.Export:
                Export(ref w, ref p);
                break;
            case Method.Diff:
                Diff(ref w, ref p);
                break;
            case Method.Partners:
                Partners(ref w, ref p);
                break;
            case Method.Cancel:
                Cancel(ref w, ref p);
                break;
            default:
                throw new UnreachableException($"method {request.Method} has no quick answer");
        }
    }

    /// <summary>The error response an exception gets, or null for one that is a bug of the connection itself.</summary>
    private static (string Code, string Message, string? Field)? Failure(Exception e) => e switch
    {
        ProtocolException p => (p.Code, p.Message, p.Field),
        UnknownHandleException u => (ErrorCodes.UnknownHash, u.Message, u.Kind == "problem" ? "params.problem" : "params.schedule"),
        EngineBusyException b => (ErrorCodes.Busy, b.Message, null),
        ModelException m => (ErrorCodes.BadParams, m.Message, m.Errors.Count > 0 ? Field("params", m.Errors[0].Path) : "params"),
        ArgumentException a => (ErrorCodes.BadParams, a.Message, "params"),
        MessagePackSerializationException or EndOfStreamException or OverflowException => (ErrorCodes.BadFrame, $"not a request: {e.Message}", null),
        ChannelClosedException or OperationCanceledException => null,
        _ => (ErrorCodes.Internal, $"{e.GetType().Name}: {e.Message}", null),
    };

    /// <summary>A field path under <paramref name="prefix"/>: <c>params.problem</c> + <c>people[3].id</c>.</summary>
    internal static string Field(string prefix, string path) =>
        path.Length == 0 ? prefix : path[0] == '[' ? prefix + path : prefix + "." + path;

    /// <summary>Starts a response: <c>{"id": ID, "result": </c>, the result map to follow.</summary>
    private static void BeginResult(ref MessagePackWriter w, uint id)
    {
        w.WriteMapHeader(2);
        w.WriteString("id"u8);
        w.Write(id);
        w.WriteString("result"u8);
    }

    private static void WriteError(ArrayBufferWriter<byte> buffer, uint? id, string code, string message, string? field)
    {
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(2);
        w.WriteString("id"u8);
        WriteId(ref w, id);
        w.WriteString("error"u8);
        w.WriteMapHeader(3);
        w.WriteString("code"u8);
        w.Write(code);
        w.WriteString("message"u8);
        w.Write(message);
        w.WriteString("field"u8);
        w.Write(field);
        w.Flush();
    }

    private static void WriteId(ref MessagePackWriter w, uint? id)
    {
        if (id is { } value)
        {
            w.Write(value);
        }
        else
        {
            w.WriteNil();
        }
    }

    private ValueTask PostErrorAsync(uint? id, string code, string message, string? field)
    {
        var buffer = Frames.Buffers.Get();
        WriteError(buffer, id, code, message, field);
        return PostAsync(buffer);
    }

    /// <summary>Queues an encoded body for the writer; the writer returns the buffer to the pool.</summary>
    private ValueTask PostAsync(ArrayBufferWriter<byte> buffer)
    {
        if (_outbox.Writer.TryWrite(buffer))
        {
            return ValueTask.CompletedTask;
        }

        return Slow(buffer);

        async ValueTask Slow(ArrayBufferWriter<byte> buffer)
        {
            try
            {
                await _outbox.Writer.WriteAsync(buffer).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                Frames.Buffers.Return(buffer); // the writer has stopped: the client is gone
            }
        }
    }

    /// <summary>Queues a body when there is room, else drops it (progress frames: a slow reader misses some).</summary>
    private void TryPost(ArrayBufferWriter<byte> buffer)
    {
        if (!_outbox.Writer.TryWrite(buffer))
        {
            Frames.Buffers.Return(buffer);
        }
    }

    private async Task WriteLoopAsync()
    {
        var outbox = _outbox.Reader;
        try
        {
            while (await outbox.WaitToReadAsync().ConfigureAwait(false))
            {
                await _writing.WaitAsync().ConfigureAwait(false);
                while (outbox.TryRead(out var buffer))
                {
                    Frames.Write(_output, buffer.WrittenSpan);
                    Frames.Buffers.Return(buffer);
                }

                // One flush per burst: responses that ended together go out together.
                if (!await FlushAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            _server.Log($"cannot write to the client: {e.Message}");
        }

        // The client is gone (or the outbox is done): stop reading from it and stop its solves; later posts fail fast.
        _outbox.Writer.TryComplete();
        _input.CancelPendingRead();
        try
        {
            await _closing.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // the connection has already ended
        }

        while (outbox.TryRead(out var left))
        {
            Frames.Buffers.Return(left);
        }
    }

    /// <summary>A request's envelope: its id, method and params (a slice of the frame), and deadline.</summary>
    internal readonly record struct Request(uint Id, Method Method, ReadOnlySequence<byte> Params, TimeSpan? Deadline);

    /// <summary>Whether a frame body is a well-formed request for a method that may take a solve slot (solve, evaluate, explain, resolve, contingency).</summary>
    internal static bool TakesSolveSlot(ReadOnlySequence<byte> body)
    {
        try
        {
            return Envelope.Read(body, out _).Method is Method.Solve or Method.Evaluate or Method.Explain or Method.Resolve or Method.Contingency;
        }
        catch (Exception e) when (e is ProtocolException or MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Reads a frame body into a <see cref="Request"/>.</summary>
    internal static class Envelope
    {
        public static Request Read(ReadOnlySequence<byte> body, out uint? id)
        {
            id = null;
            try
            {
                return ReadMap(body, ref id);
            }
            catch (ArgumentOutOfRangeException e)
            {
                // The reader slices past the body when a length inside it lies.
                throw BadFrame($"not a request: {e.Message}", null);
            }
        }

        private static Request ReadMap(ReadOnlySequence<byte> body, ref uint? id)
        {
            var r = new MessagePackReader(body);
            if (r.NextMessagePackType != MessagePackType.Map)
            {
                throw BadFrame("the body is not a map", null);
            }

            var method = Method.None;
            string? unknownMethod = null;
            var parameters = ReadOnlySequence<byte>.Empty;
            TimeSpan? deadline = null;
            ProtocolException? error = null; // the first; the keys after it are still read, for the id
            var count = r.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                if (r.NextMessagePackType != MessagePackType.String)
                {
                    r.Skip();
                    r.Skip();
                    continue;
                }

                var key = r.ReadStringSequence()!.Value;
                var type = r.NextMessagePackType;
                if (Is(key, "id"u8) && type == MessagePackType.Integer && TryReadUInt32(ref r, out var value))
                {
                    id = value;
                }
                else if (Is(key, "method"u8) && type == MessagePackType.String)
                {
                    var name = r.ReadStringSequence()!.Value;
                    method = Parse(name);
                    unknownMethod = method == Method.None ? System.Text.Encoding.UTF8.GetString(name.ToArray()) : null;
                }
                else if (Is(key, "params"u8) && type is MessagePackType.Map or MessagePackType.Nil)
                {
                    var start = r.Position;
                    r.Skip();
                    parameters = body.Slice(start, r.Position);
                }
                else if (Is(key, "deadline"u8) && type == MessagePackType.Integer && TryReadUInt32(ref r, out var ms))
                {
                    deadline = TimeSpan.FromMilliseconds(ms);
                }
                else
                {
                    error ??= Is(key, "id"u8) ? BadFrame("id: expected an unsigned integer below 2^32", "id")
                        : Is(key, "method"u8) ? BadFrame("method: expected a string", "method")
                        : Is(key, "params"u8) ? BadFrame("params: expected a map", "params")
                        : Is(key, "deadline"u8) ? BadFrame("deadline: expected an unsigned integer (milliseconds)", "deadline")
                        : null;
                    r.Skip();
                }
            }

            if (!r.End)
            {
                throw BadFrame("bytes after the body's map", null);
            }

            if (error is not null)
            {
                throw error;
            }

            if (id is not { } requestId)
            {
                throw BadFrame("id: missing", "id");
            }

            if (unknownMethod is not null)
            {
                throw new ProtocolException(ErrorCodes.UnknownMethod, $"unknown method '{unknownMethod}'", "method");
            }

            return method == Method.None
                ? throw BadFrame("method: missing", "method")
                : new Request(requestId, method, parameters, deadline);
        }

        private static Method Parse(ReadOnlySequence<byte> name) =>
            Is(name, "hello"u8) ? Method.Hello
            : Is(name, "load-problem"u8) ? Method.LoadProblem
            : Is(name, "load-schedule"u8) ? Method.LoadSchedule
            : Is(name, "unload"u8) ? Method.Unload
            : Is(name, "validate"u8) ? Method.Validate
            : Is(name, "check-swap"u8) ? Method.CheckSwap
            : Is(name, "solve"u8) ? Method.Solve
            : Is(name, "evaluate"u8) ? Method.Evaluate
            : Is(name, "export"u8) ? Method.Export
            : Is(name, "cancel"u8) ? Method.Cancel
            : Is(name, "explain"u8) ? Method.Explain
            : Is(name, "diff"u8) ? Method.Diff
            : Is(name, "partners"u8) ? Method.Partners
            : Is(name, "resolve"u8) ? Method.Resolve
            : Is(name, "contingency"u8) ? Method.Contingency
            : Method.None;

        private static bool TryReadUInt32(ref MessagePackReader r, out uint value)
        {
            // On a copy: a value out of range leaves the reader before it, for the caller to skip.
            var copy = r;
            try
            {
                value = copy.ReadUInt32();
                r = copy;
                return true;
            }
            catch (OverflowException)
            {
                value = 0;
                return false;
            }
        }

        private static bool Is(ReadOnlySequence<byte> text, ReadOnlySpan<byte> expected) =>
            text.IsSingleSegment ? text.FirstSpan.SequenceEqual(expected) : text.Length == expected.Length && text.ToArray().AsSpan().SequenceEqual(expected);

        private static ProtocolException BadFrame(string message, string? field) => new(ErrorCodes.BadFrame, message, field);
    }
}
