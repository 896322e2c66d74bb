using System.IO.Hashing;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Content hashes that identify a problem or schedule, e.g. in checkpoint files: XxHash128 over the canonical
/// MessagePack file bytes (magic header included), as 32 lowercase hex digits. Equal values hash equal; the hash
/// changes with the format version.
/// </summary>
public static class ContentHash
{
    /// <summary>The content hash of a problem (valid or not).</summary>
    public static string Of(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Of(ProblemFile.Encode(problem, FileFormat.MessagePack));
    }

    /// <summary>The content hash of a schedule: of its name and assignments, not of the problem hash it records.</summary>
    public static string Of(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return Of(ScheduleFile.Encode(schedule with { ProblemHash = null }, FileFormat.MessagePack));
    }

    /// <summary>The XxHash128 of some bytes as 32 lowercase hex digits.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));

    /// <summary>Whether <paramref name="text"/> has the form of a content hash: 32 lowercase hex digits.</summary>
    public static bool IsHash(string text) => text is { Length: 32 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
