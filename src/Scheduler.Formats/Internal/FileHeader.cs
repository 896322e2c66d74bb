using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>What a file holds; the byte after the magic and the JSON "format" value.</summary>
internal enum FileKind
{
    Problem,
    Schedule,
}

/// <summary>
/// The 6-byte header of binary files ("SCHD", a kind byte 'P' or 'S', a version byte) and its JSON twin
/// ("format": "scheduler-problem" | "scheduler-schedule", "version": 1).
/// </summary>
internal static class FileHeader
{
    public const int Length = 6;

    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const int Version = 1;

    public const string ProblemFormat = "scheduler-problem";

    public const string ScheduleFormat = "scheduler-schedule";

    public static ReadOnlySpan<byte> Magic => "SCHD"u8;

    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static byte KindByte(FileKind kind) => kind == FileKind.Problem ? (byte)'P' : (byte)'S';

    public static string FormatName(FileKind kind) => kind == FileKind.Problem ? ProblemFormat : ScheduleFormat;

    public static string Noun(FileKind kind) => kind == FileKind.Problem ? "problem" : "schedule";

    public static void Write(Span<byte> destination, FileKind kind)
    {
        Magic.CopyTo(destination);
        destination[4] = KindByte(kind);
        destination[5] = Version;
    }

    /// <summary>Checks the binary header; throws <see cref="ModelException"/> with a message a user can act on.</summary>
    public static void Check(ReadOnlySpan<byte> content, FileKind expected)
    {
        if (content.IsEmpty)
        {
            throw new ModelException($"empty file: not a Scheduler {Noun(expected)} file");
        }

        var magicLength = Math.Min(content.Length, Magic.Length);
        if (!content[..magicLength].SequenceEqual(Magic[..magicLength]))
        {
            throw BadMagic(expected);
        }

        if (content.Length < Length)
        {
            var missing = Length - content.Length;
            throw new ModelException($"truncated file: expected {missing} more byte{(missing == 1 ? "" : "s")} at the header");
        }

        var kind = content[4];
        if (kind != KindByte(expected))
        {
            if (kind == KindByte(Other(expected)))
            {
                throw WrongKind(expected);
            }

            throw BadMagic(expected);
        }

        CheckVersion(content[5]);
    }

    public static void CheckVersion(long version)
    {
        if (version > Version)
        {
            throw new ModelException("version", $"format version {version} is newer than this build reads ({Version})");
        }

        if (version < 1)
        {
            throw new ModelException("version", $"format version {version} is not valid (versions start at 1)");
        }
    }

    public static FileKind Other(FileKind kind) => kind == FileKind.Problem ? FileKind.Schedule : FileKind.Problem;

    public static ModelException BadMagic(FileKind expected) =>
        new($"not a Scheduler {Noun(expected)} file (bad magic header)");

    public static ModelException WrongKind(FileKind expected) =>
        new($"this is a Scheduler {Noun(Other(expected))} file, not a {Noun(expected)} file");
}
