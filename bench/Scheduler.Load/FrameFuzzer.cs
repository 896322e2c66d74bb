using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using static Scheduler.Load.Modes;

namespace Scheduler.Load;

/// <summary>
/// fuzz-frames: batches of connections, each sent a stream of broken and valid frames (see <see cref="Mutator"/>),
/// then a valid <c>hello</c> (the sentinel) when the stream still lies on a frame boundary. The fuzzer frames its own
/// stream as the protocol says the server must, so it knows how many responses each connection is owed: one per
/// whole frame (progress frames aside), and after a length prefix of 0 or above the maximum a
/// <c>frame-too-large</c> with id nil and the end of the connection. A connection that gets neither within the
/// timeout hangs. After each batch the server must be alive and answer <c>hello</c> on a new connection.
/// </summary>
internal static class FrameFuzzer
{
    /// <summary>The id of the hello that ends a connection's stream.</summary>
    public const uint SentinelId = uint.MaxValue;

    /// <summary>Runs the mode; 0 when every connection was answered or closed as the protocol says and the server survived.</summary>
    public static async Task<int> RunAsync(Options options)
    {
        var frames = options.Integer("frames", 10_000, 1);
        var seed = (int)options.Integer("seed", 1, 0, int.MaxValue);
        var perBatch = (int)options.Integer("connections", 4, 1, 1000);
        var timeout = TimeSpan.FromSeconds(options.Number("timeout", 20, 0.1));
        var strict = options.Flag("strict");
        var instance = Instance.Read(
            options.String("problem") ?? Repository.Find("problems/tiny.msgpack"),
            options.String("schedule") ?? Repository.Find("problems/tiny.schedule.msgpack"));

        // A 1 MiB maximum keeps lies about lengths cheap to pad out (the default is 64 MiB).
        await using var target = await Target.OpenAsync(options, ["--max-frame", "1048576"]).ConfigureAwait(false);
        options.RejectUnread();

        long maxFrame;
        using (var rpc = await Rpc.ConnectAsync(target.Address).ConfigureAwait(false))
        {
            (target.ProblemHash, target.ScheduleHash, maxFrame) = await rpc.LoadAsync(instance).ConfigureAwait(false);
        }

        var random = new Random(seed);
        var mutator = new Mutator(instance, target.ProblemHash, target.ScheduleHash, maxFrame, random);
        var stats = new FuzzStats();
        var reusable = new List<Socket>();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"fuzz-frames: {frames:N0} frames, {perBatch} connections a batch, timeout {timeout.TotalSeconds} s a batch, seed {seed}, maxFrame {maxFrame:N0}; server {target.Describe()}");
        long sent = 0;
        var batches = 0;
        var failedBatches = 0;
        while (sent < frames)
        {
            var plans = new List<(ConnectionPlan Plan, Socket Socket, bool Reused)>();
            for (var c = 0; c < perBatch && sent < frames; c++)
            {
                var plan = mutator.Plan((int)Math.Min(random.Next(1, 17), frames - sent));
                sent += plan.Kinds.Count;
                foreach (var kind in plan.Kinds)
                {
                    stats.Count(stats.Sent, kind);
                }

                var reuse = reusable.Count > 0 && random.Next(2) == 0;
                Socket socket;
                if (reuse)
                {
                    socket = reusable[^1];
                    reusable.RemoveAt(reusable.Count - 1);
                }
                else
                {
                    socket = await target.Address.ConnectAsync().ConfigureAwait(false);
                }

                plans.Add((plan, socket, reuse));
            }

            using var cancel = new CancellationTokenSource(timeout);
            var outcomes = await Task.WhenAll(plans.Select(p => RunConnectionAsync(p.Plan, p.Socket, stats, cancel.Token))).ConfigureAwait(false);
            var batchFailed = false;
            for (var i = 0; i < plans.Count; i++)
            {
                var (plan, socket, reused) = plans[i];
                var (outcome, detail) = outcomes[i];
                stats.Count(stats.Outcomes, (reused ? "reused, " : "fresh, ") + outcome);
                if (!Outcomes.IsClean(outcome))
                {
                    batchFailed = true;
                    stats.Failures.Add($"batch {batches}: {outcome} ({detail}); frames {string.Join(" ", plan.Kinds)}");
                }

                if (outcome == Outcomes.Answered && reusable.Count < perBatch && random.Next(2) == 0)
                {
                    reusable.Add(socket);
                }
                else
                {
                    socket.Dispose();
                }
            }

            var check = await CheckServerAsync(target, instance, timeout).ConfigureAwait(false);
            stats.Count(stats.Checks, check ?? "hello answered on a new connection");
            if (check is not null)
            {
                batchFailed = true;
                stats.Failures.Add($"batch {batches}: after it, {check}");
                if (target.Server?.HasExited == true)
                {
                    break;
                }
            }

            failedBatches += batchFailed ? 1 : 0;
            batches++;
        }

        foreach (var socket in reusable)
        {
            socket.Dispose();
        }

        Console.WriteLine($"{sent:N0} frames in {batches:N0} batches, {clock.Elapsed.TotalSeconds:0.0} s; {failedBatches} batches failed");
        stats.Print();
        var exit = await target.StopAsync().ConfigureAwait(false);
        return stats.Failures.Count == 0 && (!strict || stats.Notes.Count == 0) && exit ? 0 : 1;
    }

    // Sends the plan's stream while reading responses, until the connection is owed nothing more or has ended.
    private static async Task<(string Outcome, string Detail)> RunConnectionAsync(ConnectionPlan plan, Socket socket, FuzzStats stats, CancellationToken cancellationToken)
    {
        var sending = SendAsync(plan, socket, cancellationToken);
        var receiver = new FrameReceiver(socket);
        var responses = 0;
        var sentinelAnswered = false;
        var tooLarge = false;
        try
        {
            while (true)
            {
                while (receiver.TryNext(out var body))
                {
                    Response response;
                    try
                    {
                        response = Wire.ParseResponse(body);
                    }
                    catch (MessagePack.MessagePackSerializationException e)
                    {
                        return (Outcomes.BadResponse, e.Message);
                    }

                    if (response.Kind == ResponseKind.Progress)
                    {
                        continue;
                    }

                    responses++;
                    var code = response.Kind == ResponseKind.Result ? "result" : response.Code ?? $"({response.Kind}, no code)";
                    var kind = response.Id is { } id ? plan.IdKinds.GetValueOrDefault(id, id == SentinelId ? "sentinel hello" : "(other id)") : "(nil id)";
                    stats.Response(kind, code);
                    sentinelAnswered |= response.Id == SentinelId && response.Kind == ResponseKind.Result;
                    tooLarge |= response.Id is null && code == "frame-too-large";
                    if (response.Id is null && code is not ("bad-frame" or "frame-too-large"))
                    {
                        // The protocol gives a nil id only to bad-frame and frame-too-large.
                        var error = Wire.ParseResult(body);
                        stats.Note($"{code} with id nil: {error.GetValueOrDefault("error.message")} (field {error.GetValueOrDefault("error.field") ?? "nil"})");
                    }

                    if (code == "internal")
                    {
                        return (Outcomes.Internal, $"an internal error answered a {kind} frame");
                    }

                    if (responses > plan.ExpectedResponses)
                    {
                        return (Outcomes.Miscount, $"{responses} responses, {plan.ExpectedResponses} owed");
                    }

                    if (plan.Ending == Ending.Sentinel && sentinelAnswered && responses == plan.ExpectedResponses)
                    {
                        await sending.ConfigureAwait(false);
                        return receiver.Buffered == 0 ? (Outcomes.Answered, "") : (Outcomes.Miscount, $"{receiver.Buffered} bytes after the last response owed");
                    }
                }

                if (!await receiver.FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    var counted = $"{responses} of {plan.ExpectedResponses} responses";
                    return plan.Ending switch
                    {
                        Ending.TooLarge when tooLarge && responses == plan.ExpectedResponses => (Outcomes.ClosedTooLarge, counted),
                        Ending.EndOfStream => (Outcomes.ClosedEndOfStream, counted),
                        _ => (Outcomes.ClosedEarly, counted + (tooLarge ? ", frame-too-large" : "")),
                    };
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (Outcomes.Hang, $"{responses} of {plan.ExpectedResponses} responses, ending {plan.Ending}, {receiver.Buffered} bytes of a partial frame, sending {(sending.IsCompleted ? "done" : "blocked")}");
        }
        catch (SocketException e)
        {
            return (Outcomes.Reset, $"{e.SocketErrorCode} after {responses} of {plan.ExpectedResponses} responses");
        }
        catch (InvalidDataException e)
        {
            return (Outcomes.BadResponse, e.Message);
        }
    }

    private static async Task SendAsync(ConnectionPlan plan, Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            await Wire.SendAllAsync(socket, plan.Stream, cancellationToken).ConfigureAwait(false);
            if (plan.Ending == Ending.EndOfStream)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server may close first (after frame-too-large); what it answered is judged by the reader.
        }
    }

    // Null when the server is alive and answers hello (and a reload of the instance, to keep it loaded) on a new connection.
    private static async Task<string?> CheckServerAsync(Target target, Instance instance, TimeSpan timeout)
    {
        if (target.Server?.HasExited == true)
        {
            return $"the server process ended (log {target.Server.LogPath}):{Environment.NewLine}{target.Server.LogTail()}";
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using var rpc = await Rpc.ConnectAsync(target.Address, cancel.Token).ConfigureAwait(false);
            var (problem, schedule, _) = await rpc.LoadAsync(instance, cancel.Token).ConfigureAwait(false);
            return problem == target.ProblemHash && schedule == target.ScheduleHash ? null : "reloading tiny gave other hashes";
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ServerErrorException or InvalidDataException)
        {
            return $"hello on a new connection failed: {e.Message}";
        }
    }
}

/// <summary>How a connection's stream ends.</summary>
internal enum Ending
{
    /// <summary>On a frame boundary, with the sentinel hello: every response is owed, then the connection stays open.</summary>
    Sentinel,

    /// <summary>Right after a length prefix of 0 or above the maximum: frame-too-large, then the server closes.</summary>
    TooLarge,

    /// <summary>In the middle of a frame, then this side shuts down sending: the server drops the partial frame and closes.</summary>
    EndOfStream,
}

/// <summary>One connection's bytes, the mutation of each frame in order, their ids, and what the server owes.</summary>
internal sealed record ConnectionPlan(byte[] Stream, List<string> Kinds, Dictionary<uint, string> IdKinds, Ending Ending, int ExpectedResponses);

/// <summary>The outcomes of a connection; the clean ones are the protocol's.</summary>
internal static class Outcomes
{
    public const string Answered = "answered (every response owed, sentinel hello answered)";
    public const string ClosedTooLarge = "closed by the server after frame-too-large";
    public const string ClosedEndOfStream = "closed by the server after our end of stream mid-frame";
    public const string ClosedEarly = "FAIL closed by the server before every response owed";
    public const string Miscount = "FAIL more responses than whole frames";
    public const string Hang = "FAIL no answer or close within the timeout";
    public const string Reset = "FAIL reset";
    public const string BadResponse = "FAIL malformed response frame";
    public const string Internal = "FAIL internal error";

    /// <summary>True for the outcomes the protocol allows.</summary>
    public static bool IsClean(string outcome) => outcome is Answered or ClosedTooLarge or ClosedEndOfStream;
}

/// <summary>Counts, printed at the end.</summary>
internal sealed class FuzzStats
{
    private readonly Lock _lock = new();

    public SortedDictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Checks { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Sent { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, SortedDictionary<string, long>> ResponsesByKind { get; } = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = [];

    public SortedDictionary<string, long> Notes { get; } = new(StringComparer.Ordinal);

    public void Note(string note) => Count(Notes, note.Length > 300 ? note[..300] + "..." : note);

    public void Count(SortedDictionary<string, long> counts, string key)
    {
        lock (_lock)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    public void Response(string kind, string code)
    {
        lock (_lock)
        {
            if (!ResponsesByKind.TryGetValue(kind, out var codes))
            {
                ResponsesByKind[kind] = codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            codes[code] = codes.GetValueOrDefault(code) + 1;
        }
    }

    public void Print()
    {
        Console.WriteLine($"frames sent by mutation: {string.Join(", ", Sent.Select(k => Invariant($"{k.Key} {k.Value:N0}")))}");
        Console.WriteLine("connections:");
        foreach (var (outcome, count) in Outcomes)
        {
            Console.WriteLine(Invariant($"  {count,8:N0}  {outcome}"));
        }

        Console.WriteLine("after each batch:");
        foreach (var (check, count) in Checks)
        {
            Console.WriteLine(Invariant($"  {count,8:N0}  {check}"));
        }

        var codes = ResponsesByKind.Values.SelectMany(c => c).GroupBy(c => c.Key).OrderByDescending(g => g.Sum(c => c.Value));
        Console.WriteLine($"responses by code: {string.Join(", ", codes.Select(g => Invariant($"{g.Key} {g.Sum(c => c.Value):N0}")))}");
        Console.WriteLine("responses by the mutation of the frame whose id they carry:");
        foreach (var (kind, byCode) in ResponsesByKind)
        {
            Console.WriteLine($"  {kind,-20} {string.Join(", ", byCode.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value:N0}")))}");
        }

        foreach (var (note, count) in Notes.Take(20))
        {
            Console.WriteLine(Invariant($"NOTE {count:N0} x {note}"));
        }

        foreach (var failure in Failures.Take(20))
        {
            Console.WriteLine($"FAILED {failure}");
        }

        if (Failures.Count > 20)
        {
            Console.WriteLine($"FAILED ... and {Failures.Count - 20} more");
        }
    }
}

/// <summary>
/// Makes connection plans from valid requests on the tiny instance (hello, load-problem, load-schedule, validate by
/// hash and by bytes, check-swap, export, unload, cancel, evaluate) and these mutations of them: bit flips, a body
/// cut short (its length told truly), length prefixes that lie (longer, shorter, 0, above the maximum, the
/// maximum), values of the wrong type, missing and unknown keys, unknown methods, a second request with the id of a
/// solve still in flight, garbage MessagePack (random bytes, values that are not maps, non-string and repeated keys,
/// deep nesting, lengths that claim more than the body holds, reserved and ext bytes) and, last on a connection, a
/// frame the stream ends inside of.
/// </summary>
internal sealed class Mutator
{
    // Mutations and their weights. Most keep the stream framed, so that the frames after them are read too; the
    // length lies mostly end the connection (a prefix of 0 or above the maximum closes it; a longer or shorter one
    // usually makes the next prefix a random number), so they are rarer.
    private static readonly (string Kind, int Weight)[] Weights =
    [
        ("valid", 8), ("bit-flip", 16), ("truncated-body", 4), ("length-longer", 3), ("length-shorter", 3), ("length-zero", 1),
        ("length-huge", 1), ("length-max", 1), ("type-swap", 12), ("missing-key", 4), ("unknown-key", 4), ("unknown-method", 4),
        ("duplicate-id", 2), ("garbage", 12), ("end-of-stream", 2),
    ];

    private static readonly int TotalWeight = Weights.Sum(w => w.Weight);

    private static readonly int[] Depths = [64, 1_000, 100_000];
    private static readonly string[] ExportFormats = ["csv", "html", "ics"];

    private readonly Instance _instance;
    private readonly string _problem;
    private readonly string _schedule;
    private readonly long _maxFrame;
    private readonly Random _random;
    private readonly Change[] _changes;
    private readonly string[] _people;

    public Mutator(Instance instance, string problem, string schedule, long maxFrame, Random random)
    {
        _instance = instance;
        _problem = problem;
        _schedule = schedule;
        _maxFrame = maxFrame;
        _random = random;
        _changes = Changes.Build(instance.Schedule, 200, random.Next());
        _people = [.. Enumerable.Range(0, instance.People).Select(instance.Schedule.Problem.PersonId)];
    }

    /// <summary>A connection of <paramref name="frames"/> fuzzed frames, framed as the server must frame them.</summary>
    public ConnectionPlan Plan(int frames)
    {
        var stream = new List<byte>();
        var pieces = new List<(int Start, string Kind)>();
        var ids = new Dictionary<uint, string>();
        var nextId = (uint)_random.Next(1, 1 << 30);
        var ending = Ending.Sentinel;
        for (var i = 0; i < frames; i++)
        {
            var kind = Pick();
            if ((kind == "end-of-stream" && i < frames - 1) || (kind == "length-max" && _maxFrame > 4 << 20))
            {
                kind = "bit-flip";
            }

            var id = nextId++;
            ids[id] = kind;
            ids[id + (1u << 31)] = kind;  // duplicate-id's cancel
            foreach (var frame in Make(kind, id))
            {
                pieces.Add((stream.Count, kind));
                stream.AddRange(frame);
            }

            ending = kind == "end-of-stream" ? Ending.EndOfStream : ending;
        }

        // Frame the stream as the server must: pad a partial frame out (its prefix with zeros, its body with nil)
        // so the sentinel starts on a boundary, or stop right after a prefix the server refuses (what follows it
        // is never read, so it is not sent, and not counted).
        while (true)
        {
            var (complete, state, offset, missing) = Frames(stream);
            if (state == FrameState.TooLarge)
            {
                stream.RemoveRange(offset, stream.Count - offset);
                return Finish(Ending.TooLarge, complete + 1);
            }

            if (ending == Ending.EndOfStream || (state == FrameState.InBody && missing > 4 << 20))
            {
                return Finish(Ending.EndOfStream, complete);
            }

            if (state == FrameState.Boundary)
            {
                var end = stream.Count;
                stream.AddRange(Wire.Request(FrameFuzzer.SentinelId, "hello", new Map { { "version", 1 } }));
                return Finish(Ending.Sentinel, complete + 1, end);
            }

            stream.AddRange(Enumerable.Repeat(state == FrameState.InPrefix ? (byte)0 : (byte)0xc0, missing));
        }

        ConnectionPlan Finish(Ending how, int expected, int? fuzzedEnd = null)
        {
            var sent = pieces.Where(p => p.Start < (fuzzedEnd ?? stream.Count)).Select(p => p.Kind).ToList();
            return new ConnectionPlan([.. stream], sent, ids, how, expected);
        }
    }

    private string Pick()
    {
        var roll = _random.Next(TotalWeight);
        foreach (var (kind, weight) in Weights)
        {
            if ((roll -= weight) < 0)
            {
                return kind;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private enum FrameState
    {
        Boundary,
        InPrefix,
        InBody,
        TooLarge,
    }

    // Whole frames; where the stream ends (and the offset just after a refused prefix, or the bytes a partial frame lacks).
    private (int Complete, FrameState State, int Offset, int Missing) Frames(List<byte> stream)
    {
        var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stream);
        var position = 0;
        var complete = 0;
        while (true)
        {
            var left = bytes.Length - position;
            if (left == 0)
            {
                return (complete, FrameState.Boundary, position, 0);
            }

            if (left < 4)
            {
                return (complete, FrameState.InPrefix, position, 4 - left);
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[position..]);
            if (length == 0 || length > _maxFrame)
            {
                return (complete, FrameState.TooLarge, position + 4, 0);
            }

            if (left - 4 < length)
            {
                return (complete, FrameState.InBody, position, (int)(length - (left - 4)));
            }

            position += 4 + (int)length;
            complete++;
        }
    }

    // The frames of one mutation: one, but for duplicate-id.
    private IEnumerable<byte[]> Make(string kind, uint id)
    {
        if (kind == "duplicate-id")
        {
            // A solve keeps its id in flight (a wait for the slot, then a short search); the same id again must get
            // duplicate-id, and a cancel of it may come before or after the solve ends.
            var solve = new Map { { "problem", _problem }, { "workers", 1 }, { "deterministicTime", 0.01 }, { "progress", true } };
            yield return Wire.Frame(new Map { { "id", id }, { "method", "solve" }, { "params", solve }, { "deadline", 100 } });
            yield return Wire.Frame(Valid(id));
            if (_random.Next(2) == 0)
            {
                yield return Wire.Request(id + (1u << 31), "cancel", new Map { { "target", (long)id } });
            }

            yield break;
        }

        yield return MakeOne(kind, id);
    }

    private byte[] MakeOne(string kind, uint id)
    {
        switch (kind)
        {
            case "valid":
                return Wire.Frame(Valid(id));
            case "bit-flip":
            {
                var body = Wire.Encode(Valid(id));
                for (var flips = _random.Next(1, 9); flips > 0; flips--)
                {
                    body[_random.Next(body.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return Wire.Frame(body);
            }

            case "truncated-body":
            {
                var body = Wire.Encode(Valid(id));
                return Wire.Frame(body.AsSpan(0, _random.Next(1, body.Length)));
            }

            case "length-longer":
                return WithLength(Wire.Encode(Valid(id)), body => (uint)(body.Length + _random.Next(1, 65)));
            case "length-shorter":
                return WithLength(Wire.Encode(Valid(id)), body => (uint)_random.Next(1, body.Length));
            case "length-zero":
                return WithLength(Wire.Encode(Valid(id)), _ => 0);
            case "length-huge":
                return WithLength(Wire.Encode(Valid(id)), _ => (uint)_random.NextInt64(_maxFrame + 1, (long)uint.MaxValue + 1));
            case "length-max":
                return WithLength(Wire.Encode(Valid(id)), _ => (uint)_maxFrame);
            case "type-swap":
                return Wire.Frame(TypeSwap(Valid(id)));
            case "missing-key":
            {
                var body = Valid(id);
                var parameters = body.Find(p => p.Key == "params").Value as Map;
                var from = parameters is { Count: > 0 } && _random.Next(2) == 0 ? parameters : body;
                from.RemoveAt(_random.Next(from.Count));
                return Wire.Frame(body);
            }

            case "unknown-key":
            {
                var body = Valid(id);
                var into = body.Find(p => p.Key == "params").Value as Map ?? body;
                into.Insert(_random.Next(into.Count + 1), new KeyValuePair<string, object?>("x-unknown-" + _random.Next(100), WrongValue()));
                return Wire.Frame(body);
            }

            case "unknown-method":
            {
                string[] methods = ["", "HELLO", "hello ", "hello\0", "solve2", "load_problem", "évaluer", new string('m', _random.Next(1, 5000)), "__proto__"];
                return Wire.Request(id, methods[_random.Next(methods.Length)], new Map { { "version", 1 } });
            }

            case "garbage":
                return Wire.Frame(Garbage(id));
            case "end-of-stream":
            {
                var frame = Wire.Frame(Valid(id));
                return frame[.._random.Next(1, frame.Length)];
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such mutation");
        }
    }

    private static byte[] WithLength(byte[] body, Func<byte[], uint> length)
    {
        var frame = Wire.Frame(body);
        BinaryPrimitives.WriteUInt32BigEndian(frame, length(body));
        return frame;
    }

    // A valid request of a random method.
    private Map Valid(uint id)
    {
        var change = _changes[_random.Next(_changes.Length)];
        return _random.Next(12) switch
        {
            0 => Wire.RequestBody(id, "hello", new Map { { "version", 1 } }),
            1 => Wire.RequestBody(id, "load-problem", new Map { { "problem", _instance.ProblemBytes } }),
            2 => Wire.RequestBody(id, "load-schedule", new Map { { "problem", _problem }, { "schedule", _instance.ScheduleBytes } }),
            3 => Wire.RequestBody(id, "validate", new Map { { "problem", _problem }, { "schedule", _schedule } }),
            4 => Wire.RequestBody(id, "validate", new Map { { "problem", _problem }, { "schedule", _instance.ScheduleBytes }, { "max", 5 } }),
            5 or 6 or 7 => Wire.RequestBody(id, "check-swap", change.Params(_problem, _schedule, _random.Next(2) == 0 ? null : false)),
            8 => Wire.RequestBody(id, "export", new Map
            {
                { "problem", _problem }, { "schedule", _schedule }, { "format", ExportFormats[_random.Next(ExportFormats.Length)] }, { "person", _people[_random.Next(_people.Length)] },
            }),
            9 => Wire.RequestBody(id, "unload", new Map { { "hash", Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64())) + new string('0', 16) } }),
            10 => Wire.RequestBody(id, "cancel", new Map { { "target", (long)_random.Next() } }),
            _ => WithDeadline(Wire.RequestBody(id, "evaluate", new Map { { "problem", _problem }, { "schedule", _schedule } })),
        };

        Map WithDeadline(Map body)
        {
            body.Add("deadline", 5000);
            return body;
        }
    }

    private Map TypeSwap(Map body)
    {
        var parameters = body.Find(p => p.Key == "params").Value as Map;
        var into = parameters is { Count: > 0 } && _random.Next(3) > 0 ? parameters : body;
        if (into == body && _random.Next(4) == 0)
        {
            body.Add("deadline", WrongValue());
            return body;
        }

        var index = _random.Next(into.Count);
        into[index] = new KeyValuePair<string, object?>(into[index].Key, WrongValue());
        return body;
    }

    private object? WrongValue() => _random.Next(14) switch
    {
        0 => "x",
        1 => -1L,
        2 => 4_294_967_296L,
        3 => ulong.MaxValue,
        4 => 1.5,
        5 => null,
        6 => true,
        7 => new object?[] { 1L, "a" },
        8 => new Map { { "a", 1L } },
        9 => new byte[] { 1, 2, 3 },
        10 => long.MinValue,
        11 => new string('z', 100_000),
        12 => new RawValue([0xd4, 0x01, 0x00]),
        _ => 0L,
    };

    // MessagePack that no request is made of.
    private byte[] Garbage(uint id)
    {
        var depth = Depths[_random.Next(Depths.Length)];
        switch (_random.Next(12))
        {
            case 0:
            {
                var bytes = new byte[_random.Next(1, 65)];
                _random.NextBytes(bytes);
                return bytes;
            }

            case 1:
                return Wire.Encode(new object?[] { id, "hello", new Map { { "version", 1L } } });
            case 2:
                return Wire.Encode(new[] { "a string", null, (object?)42L, true, 1.5, new byte[] { 0 } }[_random.Next(6)]);
            case 3:
                return [0x81, 0x01, 0xa5, .. "hello"u8];   // {1: "hello"}
            case 4:
                return Wire.Encode(new Map { { "id", id }, { "method", "hello" }, { "id", "again" }, { "method", 7L } });
            case 5:
                // Nested arrays in an unknown parameter, then the same as the whole body.
                return Wire.Encode(new Map { { "id", id }, { "method", "hello" }, { "params", new Map { { "deep", new RawValue([.. Enumerable.Repeat((byte)0x91, depth), 0xc0]) } } } });
            case 6:
                return [.. Enumerable.Repeat(new byte[] { 0x81, 0xa1, 0x78 }, depth).SelectMany(b => b), 0xc0];   // {"x": {"x": ... nil}}
            case 7:
            {
                // A container or string that claims far more than the body holds.
                byte[][] lies = [[0xdf, 0xff, 0xff, 0xff, 0xff], [0xdd, 0x7f, 0xff, 0xff, 0xff, 0x01], [0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61], [0xc6, 0xff, 0xff, 0xff, 0xf0, 0x00], [0xde, 0xff, 0xff]];
                var lie = lies[_random.Next(lies.Length)];
                return _random.Next(2) == 0 ? lie : Wire.Encode(new Map { { "id", id }, { "method", "hello" }, { "params", new RawValue(lie) } });
            }

            case 8:
            {
                // A map of 3 whose third key is the reserved byte 0xc1.
                var head = Wire.Encode(new Map { { "id", id }, { "method", "hello" } });
                head[0] = 0x83;
                return [.. head, 0xc1, 0xc0];
            }

            case 9:
                return Wire.Encode(new Map { { "id", new RawValue([0xd6, 0xff, 0, 0, 0, 1]) }, { "method", "hello" } });  // id as a timestamp ext
            case 10:
                return Wire.Encode(new Map { { "id", id }, { "method", new RawValue([0xc4, 0x05, .. "hello"u8]) } });  // method as bin
            default:
                // A valid body with bytes after it: one frame, one value, so not a request.
                return [.. Wire.Encode(Valid(id)), .. Wire.Encode(new Map { { "id", id + 1 }, { "method", "hello" } })];
        }
    }
}
