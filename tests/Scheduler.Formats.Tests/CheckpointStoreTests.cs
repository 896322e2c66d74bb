using Scheduler.Core.Model;

namespace Scheduler.Formats.Tests;

public sealed class CheckpointStoreTests : IDisposable
{
    private const string Settings = "window=7 lookahead=7 seed=1";

    private static readonly string s_hash = ContentHash.Of(Fixtures.Tiny);

    private static readonly string s_otherHash = ContentHash.Of(Fixtures.Tiny with { HorizonDays = 3 });

    private readonly string _directory = Directory.CreateTempSubdirectory("scheduler-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Constructor_MissingDirectory_CreatesIt()
    {
        var nested = Path.Combine(_directory, "run", "checkpoints");
        var store = new CheckpointStore(nested);
        Assert.True(Directory.Exists(nested));
        Assert.Equal(nested, store.Directory);
        Assert.Empty(store.Files);
        Assert.Null(store.LoadNewest(s_hash, Settings, []));
    }

    [Fact]
    public void Constructor_KeepBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointStore(_directory, keep: 0));

    [Fact]
    public void Save_WritesNamedFileThatReadsBack()
    {
        var store = new CheckpointStore(_directory);
        var path = store.Save(At(7));
        Assert.Equal(Path.Combine(_directory, "checkpoint-00007.sckp"), path);
        Assert.Equal(At(7), CheckpointFile.Read(path));
        Assert.Equal("checkpoint-00364.sckp", CheckpointStore.FileName(364));
        Assert.Equal("checkpoint-123456.sckp", CheckpointStore.FileName(123456));
    }

    [Fact]
    public void Save_ManyWeeks_KeepsTheNewestThreeAndOnlyItsOwnFiles()
    {
        var store = new CheckpointStore(_directory);
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(_directory, "checkpoint-7.sckp"), "not a name the store writes");
        File.WriteAllText(Path.Combine(_directory, ".checkpoint-00014.sckp.0123abcd.tmp"), "left by a killed save");

        for (var week = 0; week <= 6; week++)
        {
            store.Save(At(7 * week));
        }

        Assert.Equal(
            ["checkpoint-00042.sckp", "checkpoint-00035.sckp", "checkpoint-00028.sckp"],
            store.Files.Select(Path.GetFileName));
        Assert.Equal(
            ["checkpoint-00028.sckp", "checkpoint-00035.sckp", "checkpoint-00042.sckp", "checkpoint-7.sckp", "notes.txt"],
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Saving the same days again replaces the file.
        store.Save(At(42) with { Objective = 7 });
        Assert.Equal(7, CheckpointFile.Read(store.Files[0]).Objective);
        Assert.Equal(3, store.Files.Count);
    }

    [Fact]
    public void Save_KeepOne_LeavesOnlyTheLatest()
    {
        var store = new CheckpointStore(_directory, keep: 1);
        store.Save(At(7));
        store.Save(At(14));
        Assert.Equal(["checkpoint-00014.sckp"], store.Files.Select(Path.GetFileName));
    }

    [Fact]
    public void Save_BehindFilesOfAnAbandonedRun_NeverDeletesTheFileJustSaved()
    {
        var store = new CheckpointStore(_directory);
        foreach (var days in new[] { 21, 28, 35 })
        {
            store.Save(At(days) with { Settings = "an earlier run" });
        }

        // A new run starts over: its first checkpoint stays, and the store still holds three.
        var path = store.Save(At(7));
        Assert.True(File.Exists(path));
        Assert.Equal(
            ["checkpoint-00035.sckp", "checkpoint-00028.sckp", "checkpoint-00007.sckp"],
            store.Files.Select(Path.GetFileName));

        var refused = new List<string>();
        Assert.Equal(At(7), store.LoadNewest(s_hash, Settings, refused));
        Assert.Equal(2, refused.Count);
    }

    [Fact]
    public void Save_InvalidCheckpoint_ThrowsModelExceptionAndWritesNothing()
    {
        var store = new CheckpointStore(_directory);
        Assert.Throws<ModelException>(() => store.Save(At(7) with { CommittedDays = -7 }));
        Assert.Throws<ModelException>(() => store.Save(At(7) with { ProblemHash = "" }));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void LoadNewest_SkipsBadNewerFiles_WithOneLinePerFile_AndFallsBackToTheNewestValid()
    {
        var store = new CheckpointStore(_directory, keep: 10);
        store.Save(At(7));
        store.Save(At(14));
        store.Save(At(21) with { Settings = "window=7 lookahead=14 seed=1" });
        store.Save(At(28) with { ProblemHash = s_otherHash });
        var corrupted = store.Save(At(35));
        var bytes = File.ReadAllBytes(corrupted);
        bytes[^3] ^= 0x20;
        File.WriteAllBytes(corrupted, bytes);
        var truncated = store.Save(At(42));
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^10]);
        File.WriteAllBytes(Path.Combine(_directory, "checkpoint-00049.sckp"), ProblemFile.ToBytes(Fixtures.Tiny, FileFormat.MessagePack));
        File.WriteAllBytes(Path.Combine(_directory, "checkpoint-00056.sckp"), []);
        File.Copy(Path.Combine(_directory, "checkpoint-00014.sckp"), Path.Combine(_directory, "checkpoint-00063.sckp"));

        var refused = new List<string>();
        var loaded = store.LoadNewest(s_hash, Settings, refused);

        Assert.Equal(At(14), loaded);
        var bodyLength = File.ReadAllBytes(truncated).Length + 10 - 26;
        Assert.Equal(
            [
                "checkpoint-00063.sckp: renamed (its name says 63 committed days, its content 14)",
                "checkpoint-00056.sckp: empty file: not a Scheduler checkpoint file",
                "checkpoint-00049.sckp: this is a Scheduler problem file, not a checkpoint file",
                $"checkpoint-00042.sckp: truncated checkpoint: expected {bodyLength} body bytes, found {bodyLength - 10}",
                "checkpoint-00035.sckp: corrupted checkpoint: content hash mismatch",
                $"checkpoint-00028.sckp: from another problem (its problem hash {s_otherHash[..12]}…, this problem's {s_hash[..12]}…)",
                $"checkpoint-00021.sckp: from other settings (its: window=7 lookahead=14 seed=1; this run: {Settings})",
            ],
            refused);
    }

    [Fact]
    public void LoadNewest_NothingValid_ReturnsNullAndRefusesEveryFile()
    {
        var store = new CheckpointStore(_directory);
        store.Save(At(7) with { ProblemHash = s_otherHash });
        store.Save(At(14) with { Settings = "other" });
        var newest = store.Save(At(21));
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..20]);

        var refused = new List<string>();
        Assert.Null(store.LoadNewest(s_hash, Settings, refused));
        Assert.Equal(3, refused.Count);
        Assert.StartsWith("checkpoint-00021.sckp: truncated checkpoint", refused[0], StringComparison.Ordinal);
        Assert.StartsWith("checkpoint-00014.sckp: from other settings", refused[1], StringComparison.Ordinal);
        Assert.StartsWith("checkpoint-00007.sckp: from another problem", refused[2], StringComparison.Ordinal);
    }

    [Fact]
    public void LoadNewest_NewestIsValid_RefusesNothingAndIgnoresTemporaryFiles()
    {
        var store = new CheckpointStore(_directory);
        store.Save(At(7));
        store.Save(At(14));
        File.WriteAllBytes(Path.Combine(_directory, ".checkpoint-00021.sckp.0123abcd.tmp"), CheckpointFile.ToBytes(At(21))[..40]);

        var refused = new List<string>();
        Assert.Equal(At(14), store.LoadNewest(s_hash, Settings, refused));
        Assert.Empty(refused);
    }

    /// <summary>A valid checkpoint of <see cref="Fixtures.Tiny"/> after <paramref name="days"/> days.</summary>
    private static Checkpoint At(int days) => new()
    {
        ProblemHash = s_hash,
        Settings = Settings,
        CommittedDays = days,
        Windows = days / 7,
        Committed = [new("r1", "d0-am"), new("r2", "d0-call")],
        Hint = days == 0 ? [] : [new("f1", "d1-am")],
        Counters = [new("r2", days / 7, 0, 1)],
        Objective = 100L * days,
        Log = [.. Enumerable.Range(1, days / 7).Select(w => $"window {w}: optimal")],
    };
}
