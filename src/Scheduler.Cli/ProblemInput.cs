using Scheduler.Core.Model;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>
/// Reads the problem a command is given: a problem file (MessagePack or JSON) or a Curtois-Qu benchmark instance
/// (text whose first line that is not blank or a comment is SECTION_HORIZON), told apart by content, not name.
/// </summary>
internal static class ProblemInput
{
    /// <summary>How much of a file is looked at to tell a Curtois-Qu instance; its comments come first and are short.</summary>
    private const int HeadBytes = 64 * 1024;

    /// <summary>Problem file, or Curtois-Qu instance, at a path.</summary>
    public const string Description = "Problem file (.msgpack or .json), or a Curtois-Qu benchmark instance (.txt); the content decides.";

    /// <summary>Reads a problem file or a Curtois-Qu instance; throws <see cref="ModelException"/> when it is neither.</summary>
    public static Problem Read(string path) =>
        CurtoisQuFile.Detect(Head(path)) ? CurtoisQuFile.Read(path) : ProblemFile.Read(path);

    /// <summary>The same, from a file's content already read (<paramref name="path"/> names it in messages).</summary>
    public static Problem Read(byte[] content, string path) =>
        CurtoisQuFile.Detect(content) ? CurtoisQuFile.Read(content, Path.GetFileName(path)) : ProblemFile.Read(content);

    private static byte[] Head(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[HeadBytes];
            return head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return []; // the problem reader reports why the file cannot be read
        }
    }
}
