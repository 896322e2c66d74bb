using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.ObjectPool;

namespace Scheduler.Service;

/// <summary>What <see cref="Frames.TryRead"/> found at the start of a buffer.</summary>
internal enum FrameStatus
{
    /// <summary>A whole frame: its body is out, the buffer starts after it.</summary>
    Frame,

    /// <summary>Not a whole frame yet.</summary>
    Incomplete,

    /// <summary>A length prefix of 0 or above the maximum: the stream cannot be followed further.</summary>
    BadLength,
}

/// <summary>The frame layer: a 4-byte big-endian length, then that many bytes of MessagePack.</summary>
internal static class Frames
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int PrefixLength = 4;

    /// <summary>Buffers that responses are encoded into; one larger than this is dropped instead of kept.</summary>
    private const int MaxPooledCapacity = 1024 * 1024;

    /// <summary>Response buffers, shared by every connection: a request encodes into one, the writer copies it out.</summary>
    public static ObjectPool<ArrayBufferWriter<byte>> Buffers { get; } =
        new DefaultObjectPool<ArrayBufferWriter<byte>>(new BufferPolicy(), Environment.ProcessorCount * 64);

    /// <summary>Takes the first frame off <paramref name="buffer"/> when it is whole.</summary>
    public static FrameStatus TryRead(ref ReadOnlySequence<byte> buffer, int maxFrame, out ReadOnlySequence<byte> body, out long length)
    {
        body = default;
        length = 0;
        if (buffer.Length < PrefixLength)
        {
            return FrameStatus.Incomplete;
        }

        Span<byte> prefix = stackalloc byte[PrefixLength];
        buffer.Slice(0, PrefixLength).CopyTo(prefix);
        length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0 || length > maxFrame)
        {
            return FrameStatus.BadLength;
        }

        if (buffer.Length - PrefixLength < length)
        {
            return FrameStatus.Incomplete;
        }

        body = buffer.Slice(PrefixLength, length);
        buffer = buffer.Slice(body.End);
        return FrameStatus.Frame;
    }

    /// <summary>Writes one frame: the prefix, then <paramref name="body"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> body)
    {
        var span = output.GetSpan(PrefixLength + body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)body.Length);
        body.CopyTo(span[PrefixLength..]);
        output.Advance(PrefixLength + body.Length);
    }

    private sealed class BufferPolicy : IPooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        public ArrayBufferWriter<byte> Create() => new(4096);

        public bool Return(ArrayBufferWriter<byte> obj)
        {
            // A solve's schedule or an export can be megabytes: keep the buffers that small requests need.
            if (obj.Capacity > MaxPooledCapacity)
            {
                return false;
            }

            obj.ResetWrittenCount();
            return true;
        }
    }
}
