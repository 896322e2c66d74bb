namespace Scheduler.Formats;

/// <summary>Writes whole files atomically: a temporary file in the same folder, flushed to disk, renamed over the target.</summary>
public static class AtomicFile
{
    /// <summary>Writes the bytes: a reader sees the old file or the new one, never part of one.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes) => FileCodec.WriteAtomically(path, bytes);

    /// <summary>Writes the text as UTF-8 (no byte order mark), atomically.</summary>
    public static void Write(string path, string text) => FileCodec.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));
}
