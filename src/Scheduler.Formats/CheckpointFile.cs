using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Reads and writes checkpoint files, binary only: the 6-byte header <c>SCHD</c> 'C' version, the body's length
/// (4 bytes, big-endian), the XxHash128 of the body (16 bytes), then the positional MessagePack body. The length and
/// hash tell a cut or damaged file (a run killed mid-write on a file system without atomic rename, a bad disk)
/// from a valid one before the body is read. The layout is documented in problems/README.md.
/// </summary>
/// <remarks>
/// Reading treats the file as untrusted, like <see cref="ProblemFile"/>: every failure is a
/// <see cref="ModelException"/> saying what is wrong (empty, not a checkpoint, newer version, truncated,
/// corrupted, trailing data, a malformed body with its field path, a limit, an invalid value).
/// </remarks>
public static class CheckpointFile
{
    /// <summary>Bytes before the body: header, body length, content hash.</summary>
    internal const int PrefixLength = FileHeader.Length + LengthBytes + HashBytes;

    private const int LengthBytes = 4;

    private const int HashBytes = 16;

    /// <summary>Reads a checkpoint file.</summary>
    /// <exception cref="ModelException">The file cannot be read or is not a valid checkpoint.</exception>
    public static Checkpoint Read(string path) => Decode(FileCodec.ReadAllBytes(path));

    /// <summary>Reads a checkpoint from a file's content.</summary>
    /// <exception cref="ModelException">The content is not a valid checkpoint.</exception>
    public static Checkpoint Read(ReadOnlySpan<byte> content)
    {
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw new ModelException($"file too large: {content.Length} bytes, the limit is {FormatLimits.MaxFileBytes}");
        }

        // MessagePackReader reads from memory, not spans: one copy.
        return Decode(content.ToArray());
    }

    /// <summary>Writes a checkpoint atomically (temporary file in the same directory, flushed, renamed).</summary>
    /// <exception cref="ModelException">The checkpoint is invalid; nothing is written.</exception>
    public static void Write(Checkpoint checkpoint, string path) => FileCodec.WriteAtomically(path, ToBytes(checkpoint));

    /// <summary>The file content of a checkpoint; equal checkpoints give equal bytes.</summary>
    /// <exception cref="ModelException">
    /// The checkpoint is invalid (an empty id or problem hash, a duplicate, a negative count, a string or list beyond
    /// <see cref="FormatLimits"/>), or too large for a file.
    /// </exception>
    public static byte[] ToBytes(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var errors = CheckpointCodec.Validate(checkpoint);
        if (errors.Count > 0)
        {
            throw new ModelException(errors);
        }

        return Encode(checkpoint);
    }

    /// <summary>Encodes without validating (for tests that need invalid files).</summary>
    internal static byte[] Encode(Checkpoint checkpoint)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        buffer.GetSpan(PrefixLength)[..PrefixLength].Clear();
        buffer.Advance(PrefixLength);
        var writer = new MessagePackWriter(buffer);
        CheckpointCodec.Write(ref writer, checkpoint, named: false);
        writer.Flush();
        return Frame(buffer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Fills in the prefix of an array that holds a body after <see cref="PrefixLength"/> bytes: header, the body's
    /// length and its hash. Internal so that tests can frame hand-written bodies.
    /// </summary>
    internal static byte[] Frame(byte[] bytes)
    {
        var bodyLength = bytes.Length - PrefixLength;
        if (bodyLength > FormatLimits.MaxFileBytes - PrefixLength)
        {
            throw new ModelException(
                $"checkpoint too large: {bytes.Length} bytes, the file limit is {FormatLimits.MaxFileBytes}");
        }

        FileHeader.Write(bytes, FileKind.Checkpoint);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(FileHeader.Length, LengthBytes), (uint)bodyLength);
        XxHash128.Hash(bytes.AsSpan(PrefixLength), bytes.AsSpan(FileHeader.Length + LengthBytes, HashBytes));
        return bytes;
    }

    private static Checkpoint Decode(byte[] content)
    {
        var body = CheckEnvelope(content);
        return FileCodec.DecodeBody(content.AsMemory(PrefixLength, body), CheckpointCodec.Read, CheckpointCodec.Validate);
    }

    /// <summary>Checks everything before the body, then its length and hash; returns the body's length.</summary>
    private static int CheckEnvelope(ReadOnlySpan<byte> content)
    {
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw new ModelException($"file too large: {content.Length} bytes, the limit is {FormatLimits.MaxFileBytes}");
        }

        // A cut inside the header of what is plainly a checkpoint is a truncated checkpoint; anything else goes to
        // the shared header check (empty file, bad magic, another kind, version).
        if (content.Length >= FileHeader.Length || !IsCheckpointHeaderPrefix(content))
        {
            if (FileFormats.Detect(content) == FileFormat.Json)
            {
                throw new ModelException("not a Scheduler checkpoint file (it is JSON; checkpoints are binary only)");
            }

            FileHeader.Check(content, FileKind.Checkpoint);
        }

        if (content.Length < PrefixLength)
        {
            throw new ModelException(
                $"truncated checkpoint: expected at least {PrefixLength} bytes (header, body length, content hash), found {content.Length}");
        }

        var declared = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(FileHeader.Length, LengthBytes));
        var present = content.Length - PrefixLength;
        if (declared > present)
        {
            throw new ModelException($"truncated checkpoint: expected {declared} body bytes, found {present}");
        }

        if (declared < present)
        {
            var extra = present - declared;
            throw new ModelException(
                $"unexpected data after the end of the checkpoint: {extra} byte{(extra == 1 ? "" : "s")} after the {declared} body bytes it declares");
        }

        var body = content[PrefixLength..];
        Span<byte> hash = stackalloc byte[HashBytes];
        XxHash128.Hash(body, hash);
        if (!hash.SequenceEqual(content.Slice(FileHeader.Length + LengthBytes, HashBytes)))
        {
            throw new ModelException("corrupted checkpoint: content hash mismatch");
        }

        return body.Length;
    }

    private static bool IsCheckpointHeaderPrefix(ReadOnlySpan<byte> content)
    {
        var magic = Math.Min(content.Length, FileHeader.Magic.Length);
        return !content.IsEmpty
            && content[..magic].SequenceEqual(FileHeader.Magic[..magic])
            && (content.Length <= FileHeader.Magic.Length || content[FileHeader.Magic.Length] == FileHeader.KindByte(FileKind.Checkpoint));
    }
}
