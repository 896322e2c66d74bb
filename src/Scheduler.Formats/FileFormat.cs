using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>The two encodings of problem and schedule files; both carry the same schema.</summary>
public enum FileFormat
{
    /// <summary>The main format: a magic header and a compact, positional MessagePack body (<c>.msgpack</c>, <c>.mpk</c>).</summary>
    MessagePack = 0,

    /// <summary>The hand-editable twin: indented JSON with named fields (<c>.json</c>).</summary>
    Json = 1,
}

/// <summary>Helpers to pick a <see cref="FileFormat"/> from a file name or from a file's first bytes.</summary>
public static class FileFormats
{
    /// <summary>
    /// The format a file name implies: <c>.msgpack</c> and <c>.mpk</c> are MessagePack, <c>.json</c> is JSON
    /// (case-insensitive); throws <see cref="ModelException"/> for any other extension.
    /// </summary>
    public static FileFormat FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (TryFromPath(path, out var format))
        {
            return format;
        }

        throw new ModelException($"cannot tell the file format of '{path}': use a .msgpack, .mpk or .json extension");
    }

    /// <summary>The format a file name implies, or false when the extension is not one of <c>.msgpack</c>, <c>.mpk</c>, <c>.json</c>.</summary>
    public static bool TryFromPath(string path, out FileFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path.AsSpan());
        if (extension.Equals(".msgpack", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".mpk", StringComparison.OrdinalIgnoreCase))
        {
            format = FileFormat.MessagePack;
            return true;
        }

        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            format = FileFormat.Json;
            return true;
        }

        format = FileFormat.MessagePack;
        return false;
    }

    /// <summary>
    /// The format of a file's content: MessagePack when it starts with the magic header <c>SCHD</c>, JSON when its
    /// first non-blank character (after an optional UTF-8 byte-order mark) is <c>{</c>; null for anything else.
    /// </summary>
    public static FileFormat? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(FileHeader.Magic))
        {
            return FileFormat.MessagePack;
        }

        var i = content.StartsWith(FileHeader.Utf8Bom) ? FileHeader.Utf8Bom.Length : 0;
        while (i < content.Length && content[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i < content.Length && content[i] == (byte)'{' ? FileFormat.Json : null;
    }
}
