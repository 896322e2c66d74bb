using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats.Tests;

/// <summary>The checkpoint file: its layout, and every class of bad input refused with a message that says why.</summary>
public sealed class CheckpointFileTests : IDisposable
{
    private const int Prefix = 26;

    private const string Corrupted = "corrupted checkpoint: content hash mismatch";

    private readonly string _directory = Directory.CreateTempSubdirectory("scheduler-checkpoint-").FullName;

    /// <summary>Delegate for hand-written bodies (MessagePackWriter is a ref struct).</summary>
    private delegate void WriteBody(ref MessagePackWriter writer);

    /// <summary>A checkpoint of <see cref="Fixtures.Tiny"/> after its first week, every field set.</summary>
    public static Checkpoint Week1 { get; } = new()
    {
        ProblemHash = ContentHash.Of(Fixtures.Tiny),
        Settings = "window=7 lookahead=7 seed=1 time=60s",
        CommittedDays = 7,
        Windows = 1,
        Committed = [new("r1", "d0-am"), new("f1", "d0-am"), new("r2", "d0-call")],
        Hint = [new("r1", "d1-am")],
        Counters = [new("r1", 0, 0, 1), new("r2", 1, 0, 0), new("f1", 0, 0, 1)],
        Objective = 1234,
        Log = ["week 1 (days 0-6): optimal, objective 1234", "week 1: r2 called in as backup for d0-call"],
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ToBytes_Layout_HeaderBodyLengthHashThenBody()
    {
        var bytes = CheckpointFile.ToBytes(Week1);
        Assert.Equal("SCHDC\u0001"u8.ToArray(), bytes[..6]);
        Assert.Equal((uint)(bytes.Length - Prefix), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(6)));

        // The stored hash is XxHash128 of the body, the same value ContentHash gives for those bytes.
        Assert.Equal(ContentHash.Of(bytes.AsSpan(Prefix)), Convert.ToHexStringLower(bytes.AsSpan(10, 16)));

        // The body is a positional record of ten fields.
        var reader = new MessagePackReader(bytes.AsMemory(Prefix));
        Assert.Equal(10, reader.ReadArrayHeader());
        Assert.Equal(Week1.ProblemHash, reader.ReadString());
    }

    [Fact]
    public void ToBytes_EveryFieldSet_GivesThePinnedBytes()
    {
        // A checkpoint is refused unless its stored hash matches its body: the bytes must not move when the codecs
        // change shape. Pinned by length and XxHash128.
        var bytes = CheckpointFile.ToBytes(Week1 with { Terms = [new("coverage", 1000), new("requests", -3)] });
        Assert.Equal(284, bytes.Length);
        Assert.Equal("0980fc19912269b129c8c345b797cc6b", ContentHash.Of(bytes));
    }

    [Fact]
    public void WriteThenRead_ReturnsEqualCheckpointAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_directory, "week1.sckp");
        CheckpointFile.Write(Week1, path);
        CheckpointFile.Write(Week1 with { Objective = 99 }, path);
        Assert.Equal(Week1 with { Objective = 99 }, CheckpointFile.Read(path));
        Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal(Week1, CheckpointFile.Read(CheckpointFile.ToBytes(Week1)));
    }

    [Fact]
    public void Equality_ComparesListsByContent()
    {
        var copy = Week1 with { Committed = [.. Week1.Committed], Log = [.. Week1.Log] };
        Assert.Equal(Week1, copy);
        Assert.Equal(Week1.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(Week1, Week1 with { Committed = Week1.Committed.Reverse().ToArray() });
        Assert.NotEqual(Week1, Week1 with { Counters = [new("r1", 0, 0, 1)] });
        Assert.NotEqual(Week1, Week1 with { Log = [] });
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsModelExceptionSayingTruncated()
    {
        var bytes = CheckpointFile.ToBytes(Week1);
        var body = bytes.Length - Prefix;
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes.AsSpan(0, length)));
            var expected = length switch
            {
                0 => "empty file: not a Scheduler checkpoint file",
                < Prefix => $"truncated checkpoint: expected at least 26 bytes (header, body length, content hash), found {length}",
                _ => $"truncated checkpoint: expected {body} body bytes, found {length - Prefix}",
            };
            Assert.Equal(expected, e.Message);
        }
    }

    [Fact]
    public void Read_EverySingleByteFlip_IsRefused_AndInHashOrBodySaysCorrupted()
    {
        var original = CheckpointFile.ToBytes(Week1);
        for (var at = 0; at < original.Length; at++)
        {
            foreach (var mask in new byte[] { 0x01, 0x10, 0x80, 0xff })
            {
                var bytes = (byte[])original.Clone();
                bytes[at] ^= mask;
                var message = Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes)).Message;
                switch (at)
                {
                    case < 6:
                        // Magic, kind or version: never taken for a checkpoint that is merely damaged.
                        Assert.Matches("^(not a Scheduler checkpoint file|this is a Scheduler .* file, not a checkpoint file|version: )", message);
                        break;
                    case < 10:
                        // The body length: now longer or shorter than the body.
                        Assert.Matches("^(truncated checkpoint: expected [0-9]+ body bytes|unexpected data after the end of the checkpoint)", message);
                        break;
                    default:
                        // The stored hash or the body itself.
                        Assert.Equal(Corrupted, message);
                        break;
                }
            }
        }
    }

    [Fact]
    public void Read_TrailingBytes_Throws()
    {
        byte[] bytes = [.. CheckpointFile.ToBytes(Week1), 0xc0];
        var body = bytes.Length - Prefix - 1;
        Assert.Equal(
            $"unexpected data after the end of the checkpoint: 1 byte after the {body} body bytes it declares",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes)).Message);
    }

    [Fact]
    public void Read_NewerOrZeroVersion_ThrowsVersionMessage()
    {
        var bytes = CheckpointFile.ToBytes(Week1);
        bytes[5] = 2;
        Assert.Equal(
            "version: format version 2 is newer than this build reads (1)",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes)).Message);
        bytes[5] = 0;
        Assert.Equal(
            "version: format version 0 is not valid (versions start at 1)",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes)).Message);
    }

    [Fact]
    public void Read_NotACheckpoint_SaysSo()
    {
        Assert.Equal(
            "not a Scheduler checkpoint file (bad magic header)",
            Assert.Throws<ModelException>(() => CheckpointFile.Read("PK\u0003\u0004 a zip file, long enough"u8)).Message);
        Assert.Equal(
            "not a Scheduler checkpoint file (it is JSON; checkpoints are binary only)",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.Json))).Message);
    }

    [Fact]
    public void Read_ProblemOrScheduleFile_SaysWhichKindItIs()
    {
        Assert.Equal(
            "this is a Scheduler problem file, not a checkpoint file",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack))).Message);
        Assert.Equal(
            "this is a Scheduler schedule file, not a checkpoint file",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(ScheduleFile.ToBytes(Fixtures.TinySchedule, FileFormat.MessagePack))).Message);

        var path = Path.Combine(_directory, "tiny.msgpack");
        ProblemFile.Write(Fixtures.Tiny, path);
        Assert.Equal(
            "this is a Scheduler problem file, not a checkpoint file",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(path)).Message);
    }

    [Fact]
    public void ProblemOrScheduleRead_CheckpointFile_SaysItIsACheckpoint()
    {
        var bytes = CheckpointFile.ToBytes(Week1);
        Assert.Equal(
            "this is a Scheduler checkpoint file, not a problem file",
            Assert.Throws<ModelException>(() => ProblemFile.Read(bytes)).Message);
        Assert.Equal(
            "this is a Scheduler checkpoint file, not a schedule file",
            Assert.Throws<ModelException>(() => ScheduleFile.Read(bytes)).Message);

        var path = Path.Combine(_directory, "checkpoint-00007.sckp");
        CheckpointFile.Write(Week1, path);
        Assert.Equal(
            "this is a Scheduler checkpoint file, not a problem file",
            Assert.Throws<ModelException>(() => ProblemFile.Read(path)).Message);
    }

    [Fact]
    public void Read_WrongTypeInBody_NamesFieldAndTypes()
    {
        var bytes = Framed((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(10);
            w.Write("abc");
            w.Write("");
            w.Write("seven");
        });
        Assert.Equal(
            "committedDays: expected an integer, got a string",
            Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes)).Message);
    }

    [Fact]
    public void Read_MalformedBodies_NameTheField()
    {
        Assert.Equal(
            "expected a checkpoint as an array of 10 fields (problemHash, settings, committedDays, windows, committed, hint, "
            + "counters, objective, log, terms), got 8 elements",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(8);
                for (var i = 0; i < 8; i++)
                {
                    w.WriteNil();
                }
            })));

        Assert.Equal(
            "hint[1].shift: expected a string, got an integer",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                Fields(ref w, hint: 2);
                Assignment(ref w, "r1", "s1");
                w.WriteArrayHeader(2);
                w.Write("r1");
                w.Write(5);
            })));

        Assert.Equal(
            "committed: truncated or corrupt file: the array claims 1000000 elements but only 5 bytes are left",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(10);
                w.Write("abc");
                w.Write("");
                w.Write(7);
                w.Write(1);
                w.WriteArrayHeader(1_000_000);
                for (var i = 0; i < 5; i++)
                {
                    w.WriteNil();
                }
            })));

        Assert.Equal(
            $"log: expected at most {FormatLimits.MaxItems} elements, got {FormatLimits.MaxItems + 1}",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                Fields(ref w);
                w.WriteArrayHeader(0);
                w.Write(0);
                w.WriteArrayHeader(FormatLimits.MaxItems + 1);
            })));

        Assert.Equal(
            $"hint: expected at most {FormatLimits.MaxAssignments} elements, got {FormatLimits.MaxAssignments + 1}",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                Fields(ref w, hint: FormatLimits.MaxAssignments + 1);
            })));

        Assert.StartsWith(
            "unexpected data after the end of the content",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                Fields(ref w);
                w.WriteArrayHeader(0);
                w.Write(0);
                w.WriteArrayHeader(0);
                w.WriteArrayHeader(0);
                w.WriteNil();
            })),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidValues_NamesEveryField()
    {
        var invalid = Week1 with
        {
            ProblemHash = "",
            CommittedDays = -7,
            Windows = -1,
            Committed = [new("", "d0-am"), new("r1", "d0-am"), new("r1", "d0-am")],
            Hint = [new("r1", "")],
            Counters = [new("r1", -1, 0, 0), new("r1", 0, -2, -3)],
        };
        var e = Assert.Throws<ModelException>(() => CheckpointFile.Read(CheckpointFile.Encode(invalid)));
        Assert.Equal(
            [
                new("problemHash", "must not be empty"),
                new("committedDays", "expected 0 or more, got -7"),
                new("windows", "expected 0 or more, got -1"),
                new("committed[0].person", "must not be empty"),
                new("committed[2]", "duplicate of committed[1]"),
                new("hint[0].shift", "must not be empty"),
                new("counters[0].calls", "expected 0 or more, got -1"),
                new("counters[1].person", "'r1' is also counters[0]"),
                new("counters[1].nights", "expected 0 or more, got -2"),
                new("counters[1].weekendShifts", "expected 0 or more, got -3"),
            ],
            e.Errors);

        // The writer refuses the same checkpoint, and writes nothing.
        var path = Path.Combine(_directory, "invalid.sckp");
        Assert.Equal(e.Errors, Assert.Throws<ModelException>(() => CheckpointFile.Write(invalid, path)).Errors);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void ToBytes_WhatAReaderWouldRefuse_IsRefused()
    {
        var tooLong = new string('x', FormatLimits.MaxStringBytes + 1);
        Assert.Equal(
            $"settings: expected a string of at most {FormatLimits.MaxStringBytes} bytes, got {FormatLimits.MaxStringBytes + 1}",
            Assert.Throws<ModelException>(() => CheckpointFile.ToBytes(Week1 with { Settings = tooLong })).Message);

        // 1366 'é' is 1366 chars but 2732 bytes; 1366 '中' is 4098 bytes.
        Assert.Equal(Week1 with { Log = [new string('é', 1366)] }, CheckpointFile.Read(CheckpointFile.ToBytes(Week1 with { Log = [new string('é', 1366)] })));
        Assert.Equal(
            $"log[0]: expected a string of at most {FormatLimits.MaxStringBytes} bytes, got 4098",
            Assert.Throws<ModelException>(() => CheckpointFile.ToBytes(Week1 with { Log = [new string('中', 1366)] })).Message);

        Assert.Equal(
            "hint[0].person: not valid Unicode (a lone surrogate)",
            Assert.Throws<ModelException>(() => CheckpointFile.ToBytes(Week1 with { Hint = [new("r\uD800", "d1-am")] })).Message);
    }

    [Fact]
    public void Read_FileOverSizeLimit_ThrowsTooLargeWithoutReadingIt()
    {
        var path = Path.Combine(_directory, "huge.sckp");
        using (var stream = File.Create(path))
        {
            stream.SetLength(FormatLimits.MaxFileBytes + 1); // sparse: nothing is written
        }

        Assert.StartsWith("file too large", Assert.Throws<ModelException>(() => CheckpointFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsCannotRead()
    {
        var path = Path.Combine(_directory, "none.sckp");
        Assert.StartsWith("cannot read", Assert.Throws<ModelException>(() => CheckpointFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NamedBody_ReadsAndLeftOutFieldsTakeDefaults()
    {
        byte[] named = [.. new byte[Prefix], .. FileCodec.EncodeBody(Week1, named: true, CheckpointCodec.Write)];
        Assert.Equal(Week1, CheckpointFile.Read(CheckpointFile.Frame(named)));

        var minimal = Framed((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(5);
            w.Write("committed");
            w.WriteArrayHeader(0);
            w.Write("windows");
            w.Write(0);
            w.Write("committedDays");
            w.Write(0);
            w.Write("settings");
            w.Write("s");
            w.Write("problemHash");
            w.Write("abc");
        });
        Assert.Equal(
            new Checkpoint { ProblemHash = "abc", Settings = "s", CommittedDays = 0, Windows = 0, Committed = [] },
            CheckpointFile.Read(minimal));

        Assert.Equal(
            "missing field 'settings'",
            ReadError(Framed((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(1);
                w.Write("problemHash");
                w.Write("abc");
            })));
    }

    [Fact]
    public void Generator_CoversEmptyAndFullListsAndWideIntegers()
    {
        // The round-trip properties are only as good as what they are fed.
        var checkpoints = FsCheck.Fluent.Gen.Sample(CheckpointArbitrary.CheckpointGen, 20, new FsCheck.Rnd(2024UL), 300);
        Assert.Contains(checkpoints, c => c.Committed.Count == 0);
        Assert.Contains(checkpoints, c => c.Committed.Count >= 10 && c.Hint.Count >= 3 && c.Counters.Count >= 3 && c.Log.Count >= 2);
        Assert.Contains(checkpoints, c => c.Objective is > uint.MaxValue or < int.MinValue);
        Assert.Contains(checkpoints, c => c.Counters.Any(k => k.Calls > ushort.MaxValue));
        Assert.Contains(checkpoints, c => c.Settings.Length == 0);
        Assert.All(checkpoints, c => Assert.Equal(c, CheckpointFile.Read(CheckpointFile.ToBytes(c))));
    }

    private static string ReadError(byte[] bytes) => Assert.Throws<ModelException>(() => CheckpointFile.Read(bytes)).Message;

    /// <summary>A checkpoint file around a hand-written body, with a correct length and hash.</summary>
    private static byte[] Framed(WriteBody write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(new byte[Prefix]);
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return CheckpointFile.Frame(buffer.WrittenSpan.ToArray());
    }

    /// <summary>The first fields of a positional checkpoint, up to the header of its hint (of <paramref name="hint"/> elements).</summary>
    private static void Fields(ref MessagePackWriter w, int hint = 0)
    {
        w.WriteArrayHeader(10);
        w.Write("abc");
        w.Write("");
        w.Write(7);
        w.Write(1);
        w.WriteArrayHeader(0);
        w.WriteArrayHeader(hint);
    }

    private static void Assignment(ref MessagePackWriter w, string person, string shift)
    {
        w.WriteArrayHeader(2);
        w.Write(person);
        w.Write(shift);
    }
}
