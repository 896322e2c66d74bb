using FsCheck;
using FsCheck.Xunit;
using Scheduler.Core.Model;
using Scheduler.Testing.Generators;

namespace Scheduler.Formats.Tests;

public sealed class RoundTripProperties
{
    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 200)]
    public void ProblemMessagePack_RoundTrip_IsIdentity(Problem problem)
    {
        var bytes = ProblemFile.ToBytes(problem, FileFormat.MessagePack);
        Assert.Equal(problem, ProblemFile.Read(bytes));
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 200)]
    public void ProblemJson_RoundTrip_IsIdentity(Problem problem)
    {
        var json = ProblemFile.ToBytes(problem, FileFormat.Json);
        Assert.Equal(problem, ProblemFile.Read(json));
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 200)]
    public void ProblemMessagePackBytes_ThroughJson_AreIdentical(Problem problem)
    {
        var bytes = ProblemFile.ToBytes(problem, FileFormat.MessagePack);
        var json = ProblemFile.ToBytes(ProblemFile.Read(bytes), FileFormat.Json);
        var again = ProblemFile.ToBytes(ProblemFile.Read(json), FileFormat.MessagePack);
        Assert.Equal(bytes, again);
        Assert.Equal(ContentHash.Of(problem), ContentHash.Of(again));
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 200)]
    public void ScheduleMessagePack_RoundTrip_IsIdentity(Schedule schedule)
    {
        Assert.Equal(schedule, ScheduleFile.Read(ScheduleFile.ToBytes(schedule, FileFormat.MessagePack)));
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 200)]
    public void ScheduleJson_RoundTrip_IsIdentity(Schedule schedule)
    {
        Assert.Equal(schedule, ScheduleFile.Read(ScheduleFile.ToBytes(schedule, FileFormat.Json)));
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 200)]
    public void ScheduleMessagePackBytes_ThroughJson_AreIdentical(Schedule schedule)
    {
        var bytes = ScheduleFile.ToBytes(schedule, FileFormat.MessagePack);
        var json = ScheduleFile.ToBytes(ScheduleFile.Read(bytes), FileFormat.Json);
        Assert.Equal(bytes, ScheduleFile.ToBytes(ScheduleFile.Read(json), FileFormat.MessagePack));
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 150)]
    public void ProblemRead_RandomByteMutations_SucceedsOrThrowsModelException(Problem problem, int seed, bool json)
    {
        var original = ProblemFile.ToBytes(problem, json ? FileFormat.Json : FileFormat.MessagePack);
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var mutated = Mutate(original, random);
            try
            {
                ProblemFile.Read(mutated);
            }
            catch (ModelException)
            {
                // Refused with a clear error: fine. Any other exception type fails the property.
            }
        }
    }

    [Property(Arbitrary = [typeof(ProblemArbitrary)], MaxTest = 100)]
    public void ScheduleRead_RandomByteMutations_SucceedsOrThrowsModelException(Schedule schedule, int seed, bool json)
    {
        var original = ScheduleFile.ToBytes(schedule, json ? FileFormat.Json : FileFormat.MessagePack);
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            try
            {
                ScheduleFile.Read(Mutate(original, random));
            }
            catch (ModelException)
            {
                // As above.
            }
        }
    }

    [Property(Arbitrary = [typeof(CheckpointArbitrary)], MaxTest = 300)]
    public void Checkpoint_RoundTrip_IsIdentity(Checkpoint checkpoint)
    {
        Assert.Equal(checkpoint, CheckpointFile.Read(CheckpointFile.ToBytes(checkpoint)));
    }

    [Property(Arbitrary = [typeof(CheckpointArbitrary)], MaxTest = 200)]
    public void CheckpointToBytes_EqualCheckpoints_GiveEqualBytes(Checkpoint checkpoint)
    {
        var bytes = CheckpointFile.ToBytes(checkpoint);

        // An equal checkpoint built from fresh lists and strings, and the one read back, encode the same.
        var copy = checkpoint with
        {
            ProblemHash = new string(checkpoint.ProblemHash.AsSpan()),
            Settings = new string(checkpoint.Settings.AsSpan()),
            Committed = [.. checkpoint.Committed],
            Hint = checkpoint.Hint.ToList(),
            Counters = [.. checkpoint.Counters],
            Log = checkpoint.Log.Select(line => new string(line.AsSpan())).ToList(),
        };
        Assert.Equal(checkpoint, copy);
        Assert.Equal(bytes, CheckpointFile.ToBytes(copy));
        Assert.Equal(bytes, CheckpointFile.ToBytes(CheckpointFile.Read(bytes)));
    }

    [Property(Arbitrary = [typeof(CheckpointArbitrary)], MaxTest = 150)]
    public void CheckpointRead_RandomByteMutations_AllThrowModelException(Checkpoint checkpoint, int seed)
    {
        // Unlike problem files, nothing but the original bytes reads: the length and hash catch every edit.
        var original = CheckpointFile.ToBytes(checkpoint);
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var mutated = Mutate(original, random);
            if (mutated.AsSpan().SequenceEqual(original))
            {
                Assert.Equal(checkpoint, CheckpointFile.Read(mutated));
            }
            else
            {
                Assert.Throws<ModelException>(() => CheckpointFile.Read(mutated));
            }
        }
    }

    /// <summary>One to four edits: overwrite a byte (often with a MessagePack header code), delete or insert bytes, or cut the tail.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] interesting = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xca, 0xcb, 0xcc,
            0xcf, 0xd0, 0xd3, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff, (byte)'"', (byte)'{', (byte)'}',
            (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'.', (byte)'-', (byte)'9'];
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = interesting[random.Next(interesting.Length)];
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                case 3:
                    bytes.Insert(at, interesting[random.Next(interesting.Length)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
