using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Reads and writes schedule files: MessagePack (magic <c>SCHD</c> 'S' version, then a positional body) or its
/// indented JSON twin, with the same guarantees as <see cref="ProblemFile"/>.
/// </summary>
/// <remarks>
/// A schedule file is checked on its own (non-empty ids, no duplicate assignment); whether its people and shifts
/// exist is a question for the problem it is read against.
/// </remarks>
public static class ScheduleFile
{
    /// <summary>Reads a schedule file (MessagePack or JSON, detected from its content).</summary>
    /// <exception cref="ModelException">The file cannot be read or is not a valid schedule.</exception>
    public static Schedule Read(string path) => Decode(FileCodec.ReadAllBytes(path));

    /// <summary>Reads a schedule file and checks that it was made for <paramref name="problem"/> (see <see cref="CheckMadeFor"/>).</summary>
    /// <exception cref="ModelException">The file cannot be read, is not a valid schedule, or was made for another problem.</exception>
    public static Schedule Read(string path, Problem problem)
    {
        var schedule = Read(path);
        CheckMadeFor(schedule, ContentHash.Of(problem));
        return schedule;
    }

    /// <summary>
    /// Refuses a schedule that records the content hash of another problem than <paramref name="problemHash"/>; one
    /// that records none (written before the field, or by hand) passes.
    /// </summary>
    /// <exception cref="ModelException">The schedule was made for another problem (path <c>problemHash</c>).</exception>
    public static void CheckMadeFor(Schedule schedule, string problemHash)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.ProblemHash is { } made && made != problemHash)
        {
            throw new ModelException("problemHash", $"this schedule was made for another problem (its hash {made[..12]}…, this problem's {problemHash[..Math.Min(12, problemHash.Length)]}…)");
        }
    }

    /// <summary>Reads a schedule from a file's content (MessagePack or JSON, detected).</summary>
    /// <exception cref="ModelException">The content is not a valid schedule.</exception>
    public static Schedule Read(ReadOnlySpan<byte> content)
    {
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw new ModelException($"file too large: {content.Length} bytes, the limit is {FormatLimits.MaxFileBytes}");
        }

        return Decode(content.ToArray());
    }

    /// <summary>Writes a schedule atomically (temporary file in the same directory, flushed, renamed).</summary>
    /// <exception cref="ModelException">The schedule is invalid; nothing is written.</exception>
    public static void Write(Schedule schedule, string path, FileFormat format) =>
        FileCodec.WriteAtomically(path, ToBytes(schedule, format));

    /// <summary>Writes a schedule atomically in the format its extension names.</summary>
    /// <exception cref="ModelException">The extension is unknown or the schedule is invalid; nothing is written.</exception>
    public static void Write(Schedule schedule, string path) => Write(schedule, path, FileFormats.FromPath(path));

    /// <summary>The file content of a schedule; the MessagePack bytes are canonical.</summary>
    /// <exception cref="ModelException">The schedule is invalid (empty ids, duplicate assignments).</exception>
    public static byte[] ToBytes(Schedule schedule, FileFormat format)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var errors = ScheduleCodec.Validate(schedule);
        if (errors.Count > 0)
        {
            throw new ModelException(errors);
        }

        return Encode(schedule, format);
    }

    internal static byte[] Encode(Schedule schedule, FileFormat format) =>
        FileCodec.Encode(schedule, FileKind.Schedule, format, ScheduleCodec.Write);

    private static Schedule Decode(byte[] content) =>
        FileCodec.Decode(content, FileKind.Schedule, ScheduleCodec.Read, ScheduleCodec.Validate);
}
