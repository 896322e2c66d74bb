using System.Globalization;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// A directory of checkpoint files for one solver run, named <c>checkpoint-NNNNN.sckp</c> by their committed days,
/// of which the newest few are kept. A run saves one after each committed window and, when restarted, resumes from
/// the newest that reads and belongs to the same problem and settings.
/// </summary>
/// <remarks>
/// Files are written atomically, so a run killed while saving leaves the previous files whole (and perhaps a
/// temporary <c>.checkpoint-*.tmp</c>, which the next save removes). The store touches no file it did not name.
/// One run at a time should use a directory.
/// </remarks>
public sealed class CheckpointStore
{
    /// <summary>The extension of checkpoint files.</summary>
    public const string Extension = ".sckp";

    private const string Prefix = "checkpoint-";

    /// <summary>Opens a store, creating <paramref name="directory"/> if it does not exist.</summary>
    /// <param name="directory">Where the checkpoint files live.</param>
    /// <param name="keep">How many of the newest checkpoints a save leaves; at least 1.</param>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public CheckpointStore(string directory, int keep = 3)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = Path.GetFullPath(directory);
        Keep = keep;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The full path of the store's directory.</summary>
    public string Directory { get; }

    /// <summary>How many of the newest checkpoints a save leaves.</summary>
    public int Keep { get; }

    /// <summary>The full paths of the checkpoint files in the directory, newest (most committed days) first.</summary>
    public IReadOnlyList<string> Files => [.. Named().Select(f => f.Path)];

    /// <summary>The file name of the checkpoint with <paramref name="committedDays"/> committed days: <c>checkpoint-00014.sckp</c>.</summary>
    public static string FileName(int committedDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(committedDays);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{committedDays:D5}{Extension}");
    }

    /// <summary>
    /// Writes a checkpoint atomically as <see cref="FileName"/> of its committed days (replacing one with the same
    /// days), then deletes all but the <see cref="Keep"/> newest checkpoint files, and leftover temporary files of
    /// interrupted saves. The file just written counts as one of the newest even when files of an abandoned run name
    /// more committed days: it is never deleted. Deleting is best effort: a file that cannot be deleted stays, and
    /// the save still succeeds.
    /// </summary>
    /// <returns>The full path of the file written.</returns>
    /// <exception cref="ModelException">The checkpoint is invalid; nothing is written.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public string Save(Checkpoint checkpoint)
    {
        var bytes = CheckpointFile.ToBytes(checkpoint);
        var name = FileName(checkpoint.CommittedDays);
        var path = Path.Combine(Directory, name);
        FileCodec.WriteAtomically(path, bytes);
        Prune(name);
        return path;
    }

    /// <summary>
    /// The newest checkpoint that reads and was made for <paramref name="problemHash"/> with exactly
    /// <paramref name="settings"/>, trying the files newest first; null when there is none (start over).
    /// </summary>
    /// <param name="problemHash">The <see cref="ContentHash.Of(Problem)"/> of the problem being solved.</param>
    /// <param name="settings">The canonical text of this run's settings.</param>
    /// <param name="refused">
    /// Receives one line per newer file passed over, naming it and why: truncated, corrupted, not a checkpoint,
    /// from another problem, from other settings.
    /// </param>
    public Checkpoint? LoadNewest(string problemHash, string settings, ICollection<string> refused)
    {
        ArgumentNullException.ThrowIfNull(problemHash);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(refused);
        foreach (var (file, days) in Named())
        {
            var name = Path.GetFileName(file);
            Checkpoint checkpoint;
            try
            {
                checkpoint = CheckpointFile.Read(file);
            }
            catch (ModelException e)
            {
                refused.Add($"{name}: {e.Message}");
                continue;
            }

            if (checkpoint.ProblemHash != problemHash)
            {
                refused.Add($"{name}: from another problem (its problem hash {Abbreviate(checkpoint.ProblemHash)}, this problem's {Abbreviate(problemHash)})");
            }
            else if (checkpoint.Settings != settings)
            {
                refused.Add($"{name}: from other settings (its: {checkpoint.Settings}; this run: {settings})");
            }
            else if (checkpoint.CommittedDays != days)
            {
                refused.Add($"{name}: renamed (its name says {days} committed days, its content {checkpoint.CommittedDays})");
            }
            else
            {
                return checkpoint;
            }
        }

        return null;
    }

    /// <summary>The first 12 hex digits of a hash and an ellipsis, enough to tell two apart in a message.</summary>
    private static string Abbreviate(string hash) => hash.Length <= 12 ? hash : hash[..12] + "…";

    /// <summary>The checkpoint files this store names (exactly <see cref="FileName"/>), newest first.</summary>
    private List<(string Path, int Days)> Named()
    {
        var files = new List<(string Path, int Days)>();
        IEnumerable<string> candidates;
        try
        {
            candidates = System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Extension);
        }
        catch (DirectoryNotFoundException)
        {
            return files;
        }

        foreach (var path in candidates)
        {
            // Only names this store writes: checkpoint-7.sckp or checkpoint-+0007.sckp are someone else's.
            var name = Path.GetFileName(path);
            if (name.Length > Prefix.Length + Extension.Length
                && name.StartsWith(Prefix, StringComparison.Ordinal)
                && name.EndsWith(Extension, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
                && name == FileName(days))
            {
                files.Add((path, days));
            }
        }

        files.Sort((a, b) => b.Days.CompareTo(a.Days));
        return files;
    }

    /// <summary>Deletes all but the file just saved and the <see cref="Keep"/> - 1 newest others.</summary>
    private void Prune(string savedName)
    {
        var others = 0;
        foreach (var (path, _) in Named())
        {
            if (Path.GetFileName(path) == savedName)
            {
                continue;
            }

            if (++others >= Keep)
            {
                TryDelete(path);
            }
        }

        // Temporary files of saves that were killed before their rename (FileCodec.WriteAtomically names them).
        try
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "." + Prefix + "*.tmp"))
            {
                TryDelete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a checkpoint that stays costs disk space, not correctness.
        }
    }
}
