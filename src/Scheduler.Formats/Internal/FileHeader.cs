using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>What a file holds; the byte after the magic and, for the kinds with a JSON twin, the JSON "format" value.</summary>
internal enum FileKind
{
    Problem,
    Schedule,

    /// <summary>A solver checkpoint (<see cref="CheckpointFile"/>): binary only, no JSON twin.</summary>
    Checkpoint,

    /// <summary>A change to a published schedule (<see cref="ChangeFile"/>).</summary>
    Change,
}

/// <summary>
/// The 6-byte header of binary files ("SCHD", a kind byte 'P', 'S', 'C' or 'D', a version byte) and its JSON twin
/// ("format": "scheduler-problem" | "scheduler-schedule" | "scheduler-change", "version": 1) for the kinds that have one.
/// </summary>
internal static class FileHeader
{
    public const int Length = 6;

    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const int Version = 1;

    public const string ProblemFormat = "scheduler-problem";

    public const string ScheduleFormat = "scheduler-schedule";

    public const string ChangeFormat = "scheduler-change";

    public static ReadOnlySpan<byte> Magic => "SCHD"u8;

    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Every kind, for telling which one a file of the wrong kind is.</summary>
    public static readonly FileKind[] Kinds = [FileKind.Problem, FileKind.Schedule, FileKind.Checkpoint, FileKind.Change];

    public static byte KindByte(FileKind kind) =>
        kind switch
        {
            FileKind.Problem => (byte)'P',
            FileKind.Schedule => (byte)'S',
            FileKind.Checkpoint => (byte)'C',
            FileKind.Change => (byte)'D',
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown file kind"),
        };

    /// <summary>The JSON "format" value of a kind; checkpoints have no JSON twin.</summary>
    public static string FormatName(FileKind kind) =>
        kind switch
        {
            FileKind.Problem => ProblemFormat,
            FileKind.Schedule => ScheduleFormat,
            FileKind.Change => ChangeFormat,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "this kind has no JSON form"),
        };

    public static string Noun(FileKind kind) =>
        kind switch
        {
            FileKind.Problem => "problem",
            FileKind.Schedule => "schedule",
            FileKind.Checkpoint => "checkpoint",
            FileKind.Change => "change",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown file kind"),
        };

    /// <summary>The kind a header's kind byte names, if any.</summary>
    public static FileKind? KindOfByte(byte value)
    {
        foreach (var kind in Kinds)
        {
            if (KindByte(kind) == value)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The kind a JSON "format" value names, if any (only the kinds with a JSON twin have one).</summary>
    public static FileKind? KindOfFormatName(string? name) =>
        name switch
        {
            ProblemFormat => FileKind.Problem,
            ScheduleFormat => FileKind.Schedule,
            ChangeFormat => FileKind.Change,
            _ => null,
        };

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
            throw KindOfByte(kind) is { } actual ? WrongKind(expected, actual) : BadMagic(expected);
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

    public static ModelException BadMagic(FileKind expected) =>
        new($"not a Scheduler {Noun(expected)} file (bad magic header)");

    public static ModelException WrongKind(FileKind expected, FileKind actual) =>
        new($"this is a Scheduler {Noun(actual)} file, not a {Noun(expected)} file");
}
