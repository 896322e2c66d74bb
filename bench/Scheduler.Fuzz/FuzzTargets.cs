using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.Pipelines;
using MessagePack;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Service;

namespace Scheduler.Fuzz;

/// <summary>One fuzz target: feeds untrusted bytes to a reader and throws if the reader breaks the invariant.</summary>
/// <param name="input">The file content to read.</param>
/// <returns>Null if the input read, else the documented exception the reader refused it with.</returns>
public delegate ModelException? FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>
/// The fuzz targets, shared by the AFL++ harness (bench/Scheduler.Fuzz) and the corpus replay tests
/// (tests/Scheduler.Formats.Tests, which compile this file in).
/// </summary>
/// <remarks>
/// The invariant every target checks: any input either reads, or fails with the <see cref="ModelException"/> the
/// reader documents, carrying at least one error with a message (and the field path or file:line where the reader
/// knows one). Any other exception escapes the target and is a crash. What reads must also write again and read back
/// to the same bytes, since a reader that accepts what its writer refuses is a bug as well. Hangs (over 1 s) and
/// memory over the cap are the fuzzer's to catch (bench/fuzz/run.sh).
/// </remarks>
public static class FuzzTargets
{
    /// <summary>The name a Curtois-Qu input is read under (error messages start with it).</summary>
    public const string CurtoisQuName = "fuzz.txt";

    /// <summary>Every target by its command-line name, in the order bench/fuzz/README.md lists them.</summary>
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["problem-msgpack"] = Problem,
        ["problem-json"] = Problem,
        ["schedule"] = Schedule,
        ["checkpoint"] = Checkpoint,
        ["curtois-qu"] = CurtoisQu,
        ["frames"] = Frames,
    };

    /// <summary>
    /// <see cref="ProblemFile.Read(ReadOnlySpan{byte})"/>: MessagePack or JSON, detected from the content (the
    /// problem-msgpack and problem-json targets differ only in their seeds).
    /// </summary>
    /// <param name="input">The file content.</param>
    /// <returns>Null if the input read, else the reader's <see cref="ModelException"/>.</returns>
    public static ModelException? Problem(ReadOnlySpan<byte> input)
    {
        Problem problem;
        try
        {
            problem = ProblemFile.Read(input);
        }
        catch (ModelException e)
        {
            CheckDocumented(e);
            return e;
        }

        CheckProblemRoundTrip(problem);
        return null;
    }

    /// <summary><see cref="ScheduleFile.Read(ReadOnlySpan{byte})"/>: MessagePack or JSON, detected.</summary>
    /// <param name="input">The file content.</param>
    /// <returns>Null if the input read, else the reader's <see cref="ModelException"/>.</returns>
    public static ModelException? Schedule(ReadOnlySpan<byte> input)
    {
        Schedule schedule;
        try
        {
            schedule = ScheduleFile.Read(input);
        }
        catch (ModelException e)
        {
            CheckDocumented(e);
            return e;
        }

        var bytes = ScheduleFile.ToBytes(schedule, FileFormat.MessagePack);
        CheckSame(bytes, ScheduleFile.ToBytes(ScheduleFile.Read(bytes), FileFormat.MessagePack), "schedule");
        ScheduleFile.Read(ScheduleFile.ToBytes(schedule, FileFormat.Json));
        return null;
    }

    /// <summary>
    /// <see cref="CheckpointFile.Read(ReadOnlySpan{byte})"/>, twice: on the input as it is (the envelope: header,
    /// length, hash), then on the input's body framed with its true length and hash. A mutated body almost never
    /// matches its stored hash, so without the second read the fuzzer would hardly get past the envelope.
    /// </summary>
    /// <param name="input">The file content; its body is what follows the 26-byte prefix, or all of it without one.</param>
    /// <returns>Null if the input read, else the first read's <see cref="ModelException"/>.</returns>
    public static ModelException? Checkpoint(ReadOnlySpan<byte> input)
    {
        var refused = ReadCheckpoint(input);
        ReadCheckpoint(Reframe(input));
        return refused;
    }

    /// <summary><see cref="CurtoisQuFile.Read(ReadOnlySpan{byte}, string)"/> under the name <see cref="CurtoisQuName"/>.</summary>
    /// <param name="input">The file content.</param>
    /// <returns>Null if the input read, else the reader's <see cref="ModelException"/>.</returns>
    public static ModelException? CurtoisQu(ReadOnlySpan<byte> input)
    {
        Problem problem;
        try
        {
            problem = CurtoisQuFile.Read(input, CurtoisQuName);
        }
        catch (ModelException e)
        {
            CheckDocumented(e);
            if (!e.Message.StartsWith(CurtoisQuName, StringComparison.Ordinal))
            {
                throw new FuzzInvariantException($"a Curtois-Qu error does not name the file: {e.Message}", e);
            }

            return e;
        }

        CheckProblemRoundTrip(problem);
        return null;
    }

    /// <summary>
    /// The <c>scheduler serve</c> protocol (docs/PROTOCOL.md): the input is the byte stream a client sends on one
    /// connection, served by a fresh server to its end. Every frame the server sends must be a response, error or
    /// progress map with an id; no error may be <c>internal</c> (a bug), and the connection must end by itself. Frames
    /// for solve and evaluate are taken out first: CP-SAT would take seconds per input.
    /// </summary>
    /// <param name="input">The client's bytes.</param>
    /// <returns>Null: the protocol refuses bad input with error frames, not exceptions.</returns>
    public static ModelException? Frames(ReadOnlySpan<byte> input)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        toServer.Writer.Write(WithoutSolves(input));
        toServer.Writer.Complete();
        var server = new SchedulerServer(new SchedulerEngine(), new ServerOptions { MaxFrame = 1 << 20 });
        var serving = server.ServeAsync(toServer.Reader, toClient.Writer);
        var answers = ReadAnswersAsync(toClient.Reader);
        if (!Task.WhenAll(serving, answers).Wait(TimeSpan.FromSeconds(30)))
        {
            throw new FuzzInvariantException("the connection did not end after its input ended");
        }

        foreach (var answer in answers.Result)
        {
            var kind = answer.ContainsKey("result") ? 1 : 0;
            kind += answer.ContainsKey("progress") ? 1 : 0;
            if (answer.TryGetValue("error", out var error))
            {
                kind++;
                var code = error is Dictionary<string, object?> details ? details.GetValueOrDefault("code") as string : null;
                if (code is null || code == ErrorCodes.Internal)
                {
                    throw new FuzzInvariantException($"the server answered with error '{code}': {(error as Dictionary<string, object?>)?.GetValueOrDefault("message")}");
                }
            }

            if (kind != 1 || !answer.ContainsKey("id"))
            {
                throw new FuzzInvariantException($"a frame that is not one response: {string.Join(", ", answer.Keys)}");
            }
        }

        return null;
    }

    /// <summary>The input without its whole frames that ask for a solve slot; the rest (and anything after a bad length) as it was.</summary>
    private static byte[] WithoutSolves(ReadOnlySpan<byte> input)
    {
        var kept = new ArrayBufferWriter<byte>();
        var rest = new ReadOnlySequence<byte>(input.ToArray());
        while (true)
        {
            var before = rest;
            var status = Service.Frames.TryRead(ref rest, 1 << 20, out var body, out _);
            if (status != FrameStatus.Frame)
            {
                kept.Write(before.ToArray());
                return kept.WrittenSpan.ToArray();
            }

            if (!Connection.TakesSolveSlot(body))
            {
                kept.Write(before.Slice(0, rest.Start).ToArray());
            }
        }
    }

    private static async Task<List<Dictionary<string, object?>>> ReadAnswersAsync(PipeReader reader)
    {
        var answers = new List<Dictionary<string, object?>>();
        while (true)
        {
            var read = await reader.ReadAsync().ConfigureAwait(false);
            var buffer = read.Buffer;
            while (Service.Frames.TryRead(ref buffer, int.MaxValue, out var body, out _) == FrameStatus.Frame)
            {
                var r = new MessagePackReader(body);
                answers.Add(SchedulerClient.Tree.Read(ref r) as Dictionary<string, object?>
                    ?? throw new FuzzInvariantException("the server sent a frame that is not a map"));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new FuzzInvariantException("the server's output ended inside a frame");
                }

                await reader.CompleteAsync().ConfigureAwait(false);
                return answers;
            }
        }
    }

    /// <summary>
    /// The checkpoint file a body makes: the input's 6-byte header if it has the checkpoint prefix (else <c>SCHDC</c>
    /// version 1), the body's length, its XxHash128, then the body.
    /// </summary>
    /// <param name="input">A whole checkpoint file, or a bare body.</param>
    /// <returns>A file whose envelope is right, whatever the body holds.</returns>
    public static byte[] Reframe(ReadOnlySpan<byte> input)
    {
        const int Header = 6;
        const int Prefix = Header + 4 + 16;
        var framed = input.Length >= Prefix && input.StartsWith("SCHDC"u8);
        var body = framed ? input[Prefix..] : input;
        var bytes = new byte[Prefix + body.Length];
        if (framed)
        {
            input[..Header].CopyTo(bytes);
        }
        else
        {
            "SCHDC\u0001"u8.CopyTo(bytes);
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(Header), (uint)body.Length);
        XxHash128.Hash(body, bytes.AsSpan(Header + 4, 16));
        body.CopyTo(bytes.AsSpan(Prefix));
        return bytes;
    }

    private static ModelException? ReadCheckpoint(ReadOnlySpan<byte> input)
    {
        Checkpoint checkpoint;
        try
        {
            checkpoint = CheckpointFile.Read(input);
        }
        catch (ModelException e)
        {
            CheckDocumented(e);
            return e;
        }

        var bytes = CheckpointFile.ToBytes(checkpoint);
        CheckSame(bytes, CheckpointFile.ToBytes(CheckpointFile.Read(bytes)), "checkpoint");
        return null;
    }

    private static void CheckProblemRoundTrip(Problem problem)
    {
        var bytes = ProblemFile.ToBytes(problem, FileFormat.MessagePack);
        CheckSame(bytes, ProblemFile.ToBytes(ProblemFile.Read(bytes), FileFormat.MessagePack), "problem");
        ProblemFile.Read(ProblemFile.ToBytes(problem, FileFormat.Json));
    }

    /// <summary>The documented failure: a <see cref="ModelException"/> with at least one error that says something.</summary>
    private static void CheckDocumented(ModelException e)
    {
        if (e.Errors.Count == 0 || string.IsNullOrWhiteSpace(e.Message) || e.Errors.Any(error => string.IsNullOrWhiteSpace(error.Message)))
        {
            throw new FuzzInvariantException($"a ModelException without a message: '{e.Message}'", e);
        }
    }

    private static void CheckSame(byte[] expected, byte[] actual, string what)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            throw new FuzzInvariantException($"a {what} that read does not write back to the same bytes after a second read");
        }
    }
}

/// <summary>A reader broke the fuzz invariant in a way that is not an exception of its own.</summary>
public sealed class FuzzInvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FuzzInvariantException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What broke.</param>
    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception it came from.</summary>
    /// <param name="message">What broke.</param>
    /// <param name="innerException">The reader's exception.</param>
    public FuzzInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
