using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// The shared envelope of problem and schedule files: size limit, format detection, magic header or JSON
/// "format"/"version", and the boundary that turns every failure into a <see cref="ModelException"/> (which
/// checkpoint bodies share through <see cref="DecodeBody{T}"/>).
/// </summary>
internal static class FileCodec
{
    public static byte[] ReadAllBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > FormatLimits.MaxFileBytes)
            {
                throw TooLarge(length);
            }

            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ModelException($"cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Decodes and validates a file's content; errors in a JSON file carry the line of their field.</summary>
    public static T Decode<T>(
        ReadOnlyMemory<byte> content, FileKind kind, ValueReader<T> read, Func<T, IReadOnlyList<ModelError>> validate)
    {
        try
        {
            var value = Decode(content, kind, read);
            var errors = validate(value);
            return errors.Count == 0 ? value : throw new ModelException(errors);
        }
        catch (ModelException e) when (FileFormats.Detect(content.Span) == FileFormat.Json && e.InnerException is null)
        {
            var annotated = JsonLines.Annotate(content.Span, e.Errors);
            if (ReferenceEquals(annotated, e.Errors))
            {
                throw;
            }

            throw new ModelException(annotated);
        }
    }

    private static T Decode<T>(ReadOnlyMemory<byte> content, FileKind kind, ValueReader<T> read)
    {
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw TooLarge(content.Length);
        }

        var path = new FieldPath();
        try
        {
            var format = FileFormats.Detect(content.Span);
            ReadOnlyMemory<byte> body;
            if (format == FileFormat.MessagePack)
            {
                FileHeader.Check(content.Span, kind);
                body = content[FileHeader.Length..];
            }
            else if (format == FileFormat.Json)
            {
                body = JsonTranscoder.FromJson(content, kind);
            }
            else
            {
                // A short prefix of the magic is a truncated binary file; Check says so rather than "bad magic".
                FileHeader.Check(content.Span, kind);
                throw FileHeader.BadMagic(kind);
            }

            return ReadBody(body, path, read);
        }
        catch (Exception e) when (IsReaderFault(e))
        {
            throw Corrupt(path, e);
        }
    }

    /// <summary>
    /// Decodes and validates a bare MessagePack body (no header: the caller checked its envelope), with the same
    /// boundary as <see cref="Decode{T}(ReadOnlyMemory{byte}, FileKind, ValueReader{T}, Func{T, IReadOnlyList{ModelError}})"/>.
    /// </summary>
    public static T DecodeBody<T>(ReadOnlyMemory<byte> body, ValueReader<T> read, Func<T, IReadOnlyList<ModelError>> validate)
    {
        var path = new FieldPath();
        T value;
        try
        {
            value = ReadBody(body, path, read);
        }
        catch (Exception e) when (IsReaderFault(e))
        {
            throw Corrupt(path, e);
        }

        var errors = validate(value);
        return errors.Count == 0 ? value : throw new ModelException(errors);
    }

    private static T ReadBody<T>(ReadOnlyMemory<byte> body, FieldPath path, ValueReader<T> read)
    {
        var decoder = new MsgDecoder(body, path, new StringTable());
        var value = read(ref decoder);
        decoder.ExpectEnd();
        return value;
    }

    /// <summary>
    /// The exceptions MessagePackReader, the decoders and the JSON transcoder may throw on bad bytes. MsgDecoder checks
    /// each token before the reader sees it, and the JSON parser reports its own errors, so these mean a gap in those
    /// checks; still, bad input must never escape as anything but a <see cref="ModelException"/>.
    /// </summary>
    private static bool IsReaderFault(Exception e) =>
        e is MessagePackSerializationException or EndOfStreamException or OverflowException or DecoderFallbackException
            or ArgumentException or InvalidOperationException or FormatException;

    private static ModelException Corrupt(FieldPath path, Exception e)
    {
        var at = path.ToString();
        return new ModelException($"corrupt file{(at.Length == 0 ? "" : " at " + at)}: {e.Message}", e);
    }

    public static byte[] Encode<T>(T value, FileKind kind, FileFormat format, ValueWriter<T> write)
    {
        if (format == FileFormat.Json)
        {
            return JsonTranscoder.ToJson(EncodeBody(value, named: true, write), kind);
        }

        if (format != FileFormat.MessagePack)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "unknown file format");
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        FileHeader.Write(buffer.GetSpan(FileHeader.Length), kind);
        buffer.Advance(FileHeader.Length);
        var writer = new MessagePackWriter(buffer);
        write(ref writer, value, false);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeBody<T>(T value, bool named, ValueWriter<T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var writer = new MessagePackWriter(buffer);
        write(ref writer, value, named);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a file atomically: a temporary file in the same directory, flushed to disk, then renamed over the
    /// target, so a reader sees the old file or the new one, never half of one.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file", nameof(path));
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static ModelException TooLarge(long length) =>
        new($"file too large: {length} bytes, the limit is {FormatLimits.MaxFileBytes} ({FormatLimits.MaxFileBytes / (1024 * 1024)} MiB)");
}
