using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Reads and writes problem files: MessagePack (a 6-byte magic header <c>SCHD</c> 'P' version, then a compact
/// positional body) or its indented JSON twin. The schema is documented in problems/README.md.
/// </summary>
/// <remarks>
/// Reading treats every file as untrusted: <see cref="FormatLimits"/> bound its size, counts and strings, and any
/// error (syntax, type, range, unknown field, truncation, a problem that fails <see cref="ProblemValidator"/>) is
/// a <see cref="ModelException"/> naming the field path. Nothing is returned unless the whole file is valid.
/// </remarks>
public static class ProblemFile
{
    /// <summary>Reads a problem file (MessagePack or JSON, detected from its content, not its name).</summary>
    /// <exception cref="ModelException">The file cannot be read or is not a valid problem.</exception>
    public static Problem Read(string path) => Decode(FileCodec.ReadAllBytes(path));

    /// <summary>Reads a problem from a file's content (MessagePack or JSON, detected).</summary>
    /// <exception cref="ModelException">The content is not a valid problem.</exception>
    public static Problem Read(ReadOnlySpan<byte> content)
    {
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw new ModelException($"file too large: {content.Length} bytes, the limit is {FormatLimits.MaxFileBytes}");
        }

        // MessagePackReader and JsonDocument read from memory, not spans: one copy.
        return Decode(content.ToArray());
    }

    /// <summary>
    /// Writes a problem atomically (temporary file in the same directory, flushed, renamed over
    /// <paramref name="path"/>).
    /// </summary>
    /// <exception cref="ModelException">The problem fails <see cref="ProblemValidator"/>; nothing is written.</exception>
    public static void Write(Problem problem, string path, FileFormat format) =>
        FileCodec.WriteAtomically(path, ToBytes(problem, format));

    /// <summary>Writes a problem atomically in the format its extension names (see <see cref="FileFormats.FromPath"/>).</summary>
    /// <exception cref="ModelException">The extension is unknown or the problem is invalid; nothing is written.</exception>
    public static void Write(Problem problem, string path) => Write(problem, path, FileFormats.FromPath(path));

    /// <summary>
    /// The file content of a problem. The MessagePack bytes are canonical: equal problems give equal bytes
    /// (what <see cref="ContentHash"/> hashes).
    /// </summary>
    /// <exception cref="ModelException">The problem fails <see cref="ProblemValidator"/>.</exception>
    public static byte[] ToBytes(Problem problem, FileFormat format)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ProblemValidator.ThrowIfInvalid(problem);
        return Encode(problem, format);
    }

    /// <summary>Encodes without validating (for hashing, and for tests that need invalid files).</summary>
    internal static byte[] Encode(Problem problem, FileFormat format) =>
        FileCodec.Encode(problem, FileKind.Problem, format, ProblemCodec.Write);

    private static Problem Decode(byte[] content) =>
        FileCodec.Decode(content, FileKind.Problem, ProblemCodec.Read, ProblemValidator.Validate);
}
