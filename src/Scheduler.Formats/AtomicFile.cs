namespace Scheduler.Formats;

/// <summary>
/// Writes any file the way problem, schedule and checkpoint files are written: a temporary file in the same
/// directory, flushed to disk, then renamed over the target, so a reader sees the old file or the new one,
/// never half of one. For exports (HTML, CSV, iCalendar), bench results and other files the tools produce.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The directory does not exist or cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not allowed.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes) => FileCodec.WriteAtomically(path, bytes);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The directory does not exist or cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing is not allowed.</exception>
    public static void Write(string path, string text) => FileCodec.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));
}
