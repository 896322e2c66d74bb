using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using MessagePack;

namespace Scheduler.Service;

/// <summary>
/// A client of <c>scheduler serve</c> (docs/PROTOCOL.md) over any stream pair: a Unix socket, TCP, or a server
/// process's stdout and stdin. Thread-safe: calls may be made from many threads at once and are pipelined on the one
/// connection, each matched to its response by id. Error responses throw <see cref="ServiceException"/>.
/// </summary>
public sealed class SchedulerClient : IAsyncDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, Pending> _pending = new();
    private readonly Task _readLoop;
    private readonly IAsyncDisposable? _owned;
    private int _nextId;

    /// <summary>Talks to a server that writes to <paramref name="fromServer"/> and reads <paramref name="toServer"/> (the streams are not disposed).</summary>
    public SchedulerClient(Stream fromServer, Stream toServer)
        : this(fromServer, toServer, null)
    {
    }

    private SchedulerClient(Stream fromServer, Stream toServer, IAsyncDisposable? owned)
    {
        ArgumentNullException.ThrowIfNull(fromServer);
        ArgumentNullException.ThrowIfNull(toServer);
        _input = fromServer;
        _output = toServer;
        _owned = owned;
        _reader = PipeReader.Create(fromServer, new StreamPipeReaderOptions(leaveOpen: true));
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to a server listening on a Unix domain socket.</summary>
    public static async Task<SchedulerClient> ConnectUnixAsync(string path, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        return new SchedulerClient(stream, stream, stream);
    }

    /// <summary>Connects to a server listening on TCP.</summary>
    public static async Task<SchedulerClient> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        return new SchedulerClient(stream, stream, stream);
    }

    /// <summary>The version handshake.</summary>
    public async Task<ServiceInfo> HelloAsync(CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("hello", [("version", SchedulerServer.ProtocolVersion)], null, cancellationToken).ConfigureAwait(false);
        return new ServiceInfo(Int(r, "protocol"), Str(r, "server")!, Str(r, "tzdb")!, Int(r, "maxFrame"), ((object?[])r["methods"]!).Cast<string>().ToArray());
    }

    /// <summary>Loads a problem file's bytes (MessagePack or JSON).</summary>
    public async Task<ServiceProblem> LoadProblemAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("load-problem", [("problem", file)], null, cancellationToken).ConfigureAwait(false);
        return new ServiceProblem(Str(r, "hash")!, Str(r, "name")!, Int(r, "people"), Int(r, "shifts"), Int(r, "days"));
    }

    /// <summary>Loads a schedule file's bytes for a loaded problem; returns its hash.</summary>
    public async Task<string> LoadScheduleAsync(string problem, ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("load-schedule", [("problem", problem), ("schedule", file)], null, cancellationToken).ConfigureAwait(false);
        return Str(r, "hash")!;
    }

    /// <summary>Unloads a problem (with its schedules) or a schedule.</summary>
    public async Task<bool> UnloadAsync(string hash, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("unload", [("hash", hash)], null, cancellationToken).ConfigureAwait(false);
        return (bool)r["unloaded"]!;
    }

    /// <summary>Checks a loaded schedule against every rule, listing at most <paramref name="max"/> violations.</summary>
    public async Task<ServiceReport> ValidateAsync(string problem, string schedule, int max = 100, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("validate", [("problem", problem), ("schedule", schedule), ("max", max)], null, cancellationToken).ConfigureAwait(false);
        var byRule = ((Dictionary<string, object?>)r["byRule"]!).ToDictionary(p => p.Key, p => (int)Convert.ToInt64(p.Value, null));
        return new ServiceReport((bool)r["compliant"]!, Int(r, "hard"), Int(r, "soft"), byRule, Violations(r["violations"]));
    }

    /// <summary>Judges one change to a loaded schedule without making it.</summary>
    public async Task<ServiceChangeCheck> CheckSwapAsync(
        string problem, string schedule, ScheduleChange change, bool text = true, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(
            "check-swap",
            [
                ("problem", problem), ("schedule", schedule), ("kind", ScheduleChange.KindNames[(int)change.Kind]),
                ("person", change.Person), ("shift", change.Shift), ("otherPerson", change.OtherPerson), ("otherShift", change.OtherShift), ("text", text),
            ],
            null,
            cancellationToken).ConfigureAwait(false);
        return new ServiceChangeCheck((bool)r["legal"]!, Violations(r["added"]), Violations(r["removed"]));
    }

    /// <summary>
    /// Solves a loaded problem, reporting progress when <paramref name="progress"/> is given. Cancelling sends
    /// <c>cancel</c>: the result then carries the best schedule so far.
    /// </summary>
    public async Task<ServiceSolveResult> SolveAsync(
        string problem, ServiceSolveOptions? options = null, IProgress<ServiceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ServiceSolveOptions();
        var r = await CallAsync(
            "solve",
            [
                ("problem", problem), ("timeLimit", options.TimeLimit), ("deterministicTime", options.DeterministicTime), ("workers", options.Workers),
                ("seed", options.Seed), ("strategy", options.Strategy), ("cpSat", options.CpSat), ("progress", progress is not null),
            ],
            progress is null ? null : p => progress.Report(new ServiceProgress(
                Long(p, "objective"), Double(p, "bound"), Double(p, "gap"), Double(p, "elapsedMs"), Int(p, "solutions"), Int(p, "week"), Int(p, "weeks"),
                (bool)p["committed"]!, Int(p, "neighbourhoods"))),
            cancelOnToken: true,
            cancellationToken).ConfigureAwait(false);
        return new ServiceSolveResult(
            Str(r, "status")!, (bool)r["cancelled"]!, r["objective"] is null ? null : Long(r, "objective"), Double(r, "bound"),
            r["gap"] is null ? null : Double(r, "gap"), Terms(r["terms"]), Str(r, "explanation"), (byte[]?)r["schedule"], Str(r, "scheduleHash"),
            Int(r, "hard"), Double(r, "wallMs"));
    }

    /// <summary>The objective of a loaded schedule, term by term.</summary>
    public async Task<ServiceEvaluation> EvaluateAsync(string problem, string schedule, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("evaluate", [("problem", problem), ("schedule", schedule)], null, cancelOnToken: true, cancellationToken).ConfigureAwait(false);
        return new ServiceEvaluation(Long(r, "objective"), Terms(r["terms"]));
    }

    /// <summary>
    /// Why a loaded problem has no schedule (capacity checks, then a core within <paramref name="timeLimit"/> seconds
    /// unless <paramref name="core"/> is false) and, given a loaded schedule, why its shifts are short.
    /// </summary>
    public async Task<ServiceExplanation> ExplainAsync(
        string problem, string? schedule = null, double? timeLimit = null, bool core = true, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(
            "explain", [("problem", problem), ("schedule", schedule), ("timeLimit", timeLimit), ("core", core)], null, cancelOnToken: true, cancellationToken)
            .ConfigureAwait(false);
        var capacity = (Dictionary<string, object?>)r["capacity"]!;
        var findings = Maps(capacity["findings"]).Select(f => new ServiceFinding(
            Str(f, "kind")!, (bool)f["hard"]!, Str(f, "message")!, Long(f, "needed"), Long(f, "available"),
            ((object?[])f["shifts"]!).Cast<string>().ToArray(), Str(f, "person"))).ToArray();
        var coreMap = r["core"] as Dictionary<string, object?>;
        var items = coreMap is null ? [] : Maps(coreMap["items"]).Select(i => new ServiceCoreItem(Str(i, "rule")!, Str(i, "person"), Str(i, "shift"), Str(i, "activity"), Str(i, "message")!)).ToArray();
        var shortShifts = r["shortShifts"] is null ? null : Maps(r["shortShifts"]).Select(s => new ServiceShortShift(
            Str(s, "shift")!, Int(s, "assigned"), Int(s, "needed"), (s["mend"] as Dictionary<string, object?>) is { } mend ? Str(mend, "person") : null,
            Maps(s["candidates"]).ToDictionary(c => Str(c, "person")!, c => Str(c, "reason")!))).ToArray();
        return new ServiceExplanation((bool)r["feasible"]!, findings, coreMap is null ? null : Str(coreMap, "status"), items, shortShifts);
    }

    /// <summary>
    /// Re-solves a loaded schedule after a change (<paramref name="change"/>: a change file's bytes, JSON or
    /// MessagePack) with as few changed assignments as it can; the changed problem and the new schedule come back
    /// loaded, with the churn guard's verdict. Cancelling the token sends <c>cancel</c>.
    /// </summary>
    public async Task<ServiceResolution> ResolveAsync(
        string problem, string schedule, ReadOnlyMemory<byte> change, double? timeLimit = null, int? workers = null, double? maxChurn = null,
        CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(
            "resolve", [("problem", problem), ("schedule", schedule), ("change", change), ("timeLimit", timeLimit), ("workers", workers), ("maxChurn", maxChurn)],
            null, cancelOnToken: true, cancellationToken).ConfigureAwait(false);
        return new ServiceResolution(
            Str(r, "status")!, (bool)r["cancelled"]!, Str(r, "problemHash")!, Str(r, "scheduleHash"), r["schedule"] as byte[], Str(r, "from")!, Str(r, "to")!,
            Int(r, "hard"), Int(r, "removed"), Int(r, "added"), Convert.ToDouble(r["churn"], CultureInfo.InvariantCulture), (bool)r["refused"]!,
            ((object?[])r["reasons"]!).Cast<string>().ToArray(), ((object?[])r["warnings"]!).Cast<string>().ToArray());
    }

    /// <summary>N-1 (<paramref name="n"/> 1) or N-2 (2) contingency of a loaded schedule over local dates <paramref name="from"/>..<paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<ServiceAbsenceRisk>> ContingencyAsync(
        string problem, string schedule, string? from = null, string? to = null, int n = 1, int? pairs = null, double? timeLimit = null,
        CancellationToken cancellationToken = default)
    {
        var r = await CallAsync(
            "contingency", [("problem", problem), ("schedule", schedule), ("from", from), ("to", to), ("n", n), ("pairs", pairs), ("timeLimit", timeLimit)],
            null, cancelOnToken: true, cancellationToken).ConfigureAwait(false);
        return [.. Maps(r["absences"]).Select(a => new ServiceAbsenceRisk(
            ((object?[])a["people"]!).Cast<string>().ToArray(), Str(a, "kind")!, Int(a, "shifts"), Int(a, "changes"), (bool)a["certain"]!,
            ((object?[])a["shiftsAtRisk"]!).Cast<string>().ToArray()))];
    }

    /// <summary>An export (html, csv or ics) of a loaded schedule, for everyone or one person.</summary>
    public async Task<string> ExportAsync(string problem, string schedule, string format, string? person = null, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("export", [("problem", problem), ("schedule", schedule), ("format", format), ("person", person)], null, cancellationToken)
            .ConfigureAwait(false);
        return Str(r, "text")!;
    }

    /// <summary>
    /// Sends one request and returns its result map (strings, longs, doubles, booleans, byte arrays, object arrays
    /// and string-keyed maps). Parameters whose value is null are left out. For methods without a typed call.
    /// </summary>
    public Task<Dictionary<string, object?>> CallAsync(
        string method, IReadOnlyList<(string Key, object? Value)> parameters, Action<Dictionary<string, object?>>? onProgress = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(method, parameters, onProgress, cancelOnToken: false, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            _input.Close();
            if (!ReferenceEquals(_input, _output))
            {
                _output.Close();
            }
        }
        catch (IOException)
        {
            // already broken
        }

        await _readLoop.ConfigureAwait(false); // it ends with the stream, failing every call still waiting
        await _reader.CompleteAsync().ConfigureAwait(false);
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }

        _writeLock.Dispose();
    }

    private async Task<Dictionary<string, object?>> CallAsync(
        string method, IReadOnlyList<(string Key, object? Value)> parameters, Action<Dictionary<string, object?>>? onProgress, bool cancelOnToken,
        CancellationToken cancellationToken)
    {
        var id = (uint)Interlocked.Increment(ref _nextId);
        var pending = new Pending(onProgress);
        _pending[id] = pending;
        var body = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(body);
        w.WriteMapHeader(3);
        w.Write("id");
        w.Write(id);
        w.Write("method");
        w.Write(method);
        w.Write("params");
        w.WriteMapHeader(parameters.Count(p => p.Value is not null));
        foreach (var (key, value) in parameters)
        {
            if (value is not null)
            {
                w.Write(key);
                WriteValue(ref w, value);
            }
        }

        w.Flush();
        await SendAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);

        // A long call is stopped on the server (it answers with what it has); a quick one simply stops being awaited.
        await using var registration = (cancelOnToken
            ? cancellationToken.Register(() => _ = CancelQuietlyAsync(id))
            : cancellationToken.Register(() => pending.Result.TrySetCanceled(cancellationToken))).ConfigureAwait(false);
        return await pending.Result.Task.ConfigureAwait(false);
    }

    private async Task CancelQuietlyAsync(uint target)
    {
        try
        {
            await CallAsync("cancel", [("target", (long)target)], null, cancelOnToken: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServiceException or IOException or ObjectDisposedException)
        {
            // the request has ended, or the connection has
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var frame = new byte[Frames.PrefixLength + body.Length];
        Frames.Write(new FixedWriter(frame), body.Span);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                while (Frames.TryRead(ref buffer, int.MaxValue, out var body, out _) == FrameStatus.Frame)
                {
                    Dispatch(body);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        var closed = new IOException("the connection to the server has closed", failure);
        foreach (var pending in _pending.Values)
        {
            pending.Result.TrySetException(closed);
        }
    }

    private void Dispatch(ReadOnlySequence<byte> body)
    {
        var reader = new MessagePackReader(body);
        var frame = (Dictionary<string, object?>)Tree.Read(ref reader)!;
        if (frame.GetValueOrDefault("id") is not { } rawId)
        {
            // An error the server could not attribute: every pending call learns of it.
            var error = Error(frame);
            foreach (var p in _pending.Values)
            {
                p.Result.TrySetException(error);
            }

            return;
        }

        var id = (uint)Convert.ToUInt64(rawId, null);
        if (!_pending.TryGetValue(id, out var pending))
        {
            return;
        }

        if (frame.TryGetValue("progress", out var progress))
        {
            pending.OnProgress?.Invoke((Dictionary<string, object?>)progress!);
            return;
        }

        _pending.TryRemove(id, out _);
        if (frame.TryGetValue("result", out var result))
        {
            pending.Result.TrySetResult((Dictionary<string, object?>)result!);
        }
        else
        {
            pending.Result.TrySetException(Error(frame));
        }
    }

    private static ServiceException Error(Dictionary<string, object?> frame)
    {
        var error = (Dictionary<string, object?>)frame["error"]!;
        return new ServiceException(Str(error, "code")!, Str(error, "message")!, Str(error, "field"));
    }

    private static void WriteValue(ref MessagePackWriter w, object value)
    {
        switch (value)
        {
            case string s:
                w.Write(s);
                break;
            case bool b:
                w.Write(b);
                break;
            case int i:
                w.Write(i);
                break;
            case long l:
                w.Write(l);
                break;
            case double d:
                w.Write(d);
                break;
            case ReadOnlyMemory<byte> bytes:
                w.Write(bytes.Span);
                break;
            case byte[] bytes:
                w.Write(bytes);
                break;
            default:
                throw new ArgumentException($"cannot send a {value.GetType().Name}", nameof(value));
        }
    }

    private static List<ServiceViolation> Violations(object? array) =>
        ((object?[])array!).Cast<Dictionary<string, object?>>()
            .Select(v => new ServiceViolation(
                Str(v, "rule")!, Str(v, "person"), Str(v, "shift"), Int(v, "from"), Int(v, "to"), Int(v, "measured"), Int(v, "limit"), (bool)v["soft"]!,
                Str(v, "text")))
            .ToList();

    private static Dictionary<string, long> Terms(object? map) =>
        ((Dictionary<string, object?>)map!).ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value, null));

    private static IEnumerable<Dictionary<string, object?>> Maps(object? array) => ((object?[])array!).Cast<Dictionary<string, object?>>();

    private static string? Str(Dictionary<string, object?> map, string key) => (string?)map.GetValueOrDefault(key);

    private static int Int(Dictionary<string, object?> map, string key) => checked((int)Convert.ToInt64(map[key], null));

    private static long Long(Dictionary<string, object?> map, string key) => Convert.ToInt64(map[key], null);

    private static double Double(Dictionary<string, object?> map, string key) => Convert.ToDouble(map[key], null);

    private sealed class Pending(Action<Dictionary<string, object?>>? onProgress)
    {
        public TaskCompletionSource<Dictionary<string, object?>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<Dictionary<string, object?>>? OnProgress { get; } = onProgress;
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over an array of the exact size.</summary>
    private sealed class FixedWriter(byte[] array) : IBufferWriter<byte>
    {
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => array.AsMemory(_written);

        public Span<byte> GetSpan(int sizeHint = 0) => array.AsSpan(_written);
    }

    /// <summary>Decodes any MessagePack value into plain .NET values.</summary>
    internal static class Tree
    {
        public static object? Read(ref MessagePackReader r)
        {
            switch (r.NextMessagePackType)
            {
                case MessagePackType.Nil:
                    r.ReadNil();
                    return null;
                case MessagePackType.Boolean:
                    return r.ReadBoolean();
                case MessagePackType.Integer:
                    return r.NextCode == MessagePackCode.UInt64 ? r.ReadUInt64() : r.ReadInt64();
                case MessagePackType.Float:
                    return r.ReadDouble();
                case MessagePackType.String:
                    return r.ReadString();
                case MessagePackType.Binary:
                    return r.ReadBytes()!.Value.ToArray();
                case MessagePackType.Array:
                {
                    var items = new object?[r.ReadArrayHeader()];
                    for (var i = 0; i < items.Length; i++)
                    {
                        items[i] = Read(ref r);
                    }

                    return items;
                }

                case MessagePackType.Map:
                {
                    var count = r.ReadMapHeader();
                    var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
                    for (var i = 0; i < count; i++)
                    {
                        var key = Read(ref r)?.ToString() ?? "";
                        map[key] = Read(ref r);
                    }

                    return map;
                }

                default:
                    r.Skip();
                    return null;
            }
        }
    }
}
