using System.Text.Json;
using Scheduler.Testing;

namespace Scheduler.Cli.Tests;

/// <summary>`scheduler bench`: the sweep's plan, its shards, continuing an interrupted sweep, and its outputs.</summary>
public sealed class BenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Tiny => Path.Combine(SharedData.RepositoryRoot, "problems", "tiny.msgpack");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = SchedulerCli.Run(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string[] Sweep(params string[] more) =>
        ["bench", "--instances", Tiny, "--strategy", "monolithic,weekly", "--seeds", "1,2", "--time-limit", "1", "--workers", "1", "--out", _dir, .. more];

    [Fact]
    public void Bench_InterruptedSweep_ContinuesWithoutRedoingFinishedRuns()
    {
        var (code, stdout, stderr) = Run(Sweep());
        Assert.True(code == 0, stdout + stderr);
        var runs = Directory.GetFiles(Path.Combine(_dir, "runs"), "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, runs.Length);
        var kept = File.ReadAllText(runs[0]);

        // As if the sweep had been killed before its last run: that run alone is done again.
        File.Delete(runs[^1]);
        (code, stdout, stderr) = Run(Sweep());

        Assert.Equal(0, code);
        Assert.Equal(3, stderr.Split('\n').Count(l => l.EndsWith("skipped", StringComparison.Ordinal)));
        Assert.Equal(kept, File.ReadAllText(runs[0]));
        Assert.True(File.Exists(runs[^1]));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")));
        Assert.Equal(4, results.RootElement.GetArrayLength());
        Assert.All(results.RootElement.EnumerateArray(), r => Assert.NotEqual("error", r.GetProperty("status").GetString()));
        var csv = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("instance,strategy,seed,status,objective,", csv[0], StringComparison.Ordinal);
        Assert.Contains("| tiny | weekly | 2 |", File.ReadAllText(Path.Combine(_dir, "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_Shards_SplitTheSweepWithoutOverlap()
    {
        Assert.Equal(0, Run(Sweep("--shard", "1/3")).Code);
        var first = Directory.GetFiles(Path.Combine(_dir, "runs")).Select(Path.GetFileName).ToHashSet();
        Assert.Equal(0, Run(Sweep("--shard", "2/3")).Code);
        Assert.Equal(0, Run(Sweep("--shard", "3/3")).Code);
        var all = Directory.GetFiles(Path.Combine(_dir, "runs")).Select(Path.GetFileName).ToHashSet();

        Assert.Equal(2, first.Count); // runs 1 and 4 of 4
        Assert.Equal(4, all.Count);
    }

    [Fact]
    public void Bench_BestKnownWithAnUnknownInstance_WarnsAndReportsTheGap()
    {
        var table = Path.Combine(_dir, "best.csv");
        File.WriteAllLines(table, ["instance,best_known_solution", "tiny,4000", "Instance1,607"]);

        var (code, stdout, stderr) = Run(Sweep("--best-known", table));

        Assert.Equal(0, code);
        Assert.Contains("warning: ", stderr, StringComparison.Ordinal);
        Assert.Contains("'Instance1' is not in this sweep", stderr, StringComparison.Ordinal);
        // On a loaded machine a one-second run may end without a schedule; any that has one shows its gap.
        Assert.Matches(@"\| tiny \| monolithic \| 2 \| (0 \| - \| - \| 4,000 \| -|[12] \| [\d,]+ \| [\d,.]+ \| 4,000 \| -?\d+\.\d\d %)", stdout);
    }

    [Theory]
    [InlineData("--shard", "3/2", "--shard: expected i/n")]
    [InlineData("--strategy", "yearly", "--strategy: expected monolithic, weekly or weekly+K")]
    [InlineData("--seeds", "1,x", "--seeds: expected integers")]
    public void Bench_BadOption_ExitCode2NamingIt(string option, string value, string message)
    {
        var (code, _, stderr) = Run("bench", "--instances", Tiny, "--out", _dir, option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_NoInstanceMatches_ExitCode2()
    {
        var (code, _, stderr) = Run("bench", "--instances", Path.Combine(_dir, "*.nothing"), "--out", _dir);

        Assert.Equal(2, code);
        Assert.Contains("no file matches", stderr, StringComparison.Ordinal);
    }
}
