using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Scheduler.Cli.Bench;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

/// <summary>`scheduler bench`: the sweep's plan, its shards, continuing an interrupted sweep, and its outputs.</summary>
public sealed class BenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Tiny => TestData.Problem("tiny.msgpack");

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
        Assert.Contains("<title>tiny: objective over time</title>", File.ReadAllText(Path.Combine(_dir, "report.html")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "plots", "tiny-objective.svg")));
    }

    [Fact]
    public void Bench_Report_HtmlAndPlotsShowEveryRunInTheFolder()
    {
        // Two instances, one with markup in its name; every run already recorded (so the sweep only reports):
        // traces, a single point, a schedule without a trace, and an error.
        var instances = Directory.CreateDirectory(Path.Combine(_dir, "instances")).FullName;
        File.Copy(Tiny, Path.Combine(instances, "tiny.msgpack"));
        File.Copy(Tiny, Path.Combine(instances, "a&b.msgpack"));
        var output = Path.Combine(_dir, "out");
        var runs = Directory.CreateDirectory(Path.Combine(output, "runs")).FullName;
        void Record(string instance, string strategy, long? objective, double[][] trace, string? error = null) =>
            File.WriteAllText(
                Path.Combine(runs, new BenchRun(instance, "", strategy, 1).Key + ".json"),
                JsonSerializer.Serialize(
                    new BenchResult(instance, strategy, 1, error is null ? "feasible" : "error", objective, null, null, null, null, 5, 5.2, 100, 0, 0, 0, 0, trace, error),
                    BenchCommand.Json));
        Record("tiny", "monolithic", 4300, [[0.3, 8700], [1.5, 5000], [4.5, 4300]]);
        Record("tiny", "weekly", 4103, [[4.9, 4103]]);
        Record("a&b", "monolithic", null, [], "the run's process ended with exit code 137");
        Record("a&b", "weekly", 210, []);
        var table = Path.Combine(_dir, "best.csv");
        File.WriteAllLines(table, ["instance,best_known_solution", "tiny,4000"]);
        string[] args = ["bench", "--instances", Path.Combine(instances, "*.msgpack"), "--strategy", "monolithic,weekly", "--seeds", "1", "--out", output, "--best-known", table];

        var (code, stdout, stderr) = Run(args);

        Assert.True(code == 0, stdout + stderr);
        Assert.Equal(4, stderr.Split('\n').Count(l => l.EndsWith("skipped", StringComparison.Ordinal)));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("a&b", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(html, "<svg "));
        Assert.Equal(2, Regex.Count(html, "class=\"chart line-chart\""));
        Assert.Contains("class=\"chart line-chart\" data-series=\"2\" width=\"880\" height=\"380\" viewBox=\"0 0 880 380\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"tiny: objective over time\"", html, StringComparison.Ordinal);
        Assert.Contains("data-series=\"0\" width=\"880\" height=\"380\" viewBox=\"0 0 880 380\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"a&amp;b: objective over time\"", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "class=\"chart bar-chart\" data-bars=\"3\""));

        // The gap table: best and mean gap per instance and strategy, '-' without a best known or a schedule.
        var gaps = html[html.IndexOf("<table class=\"data gaps\">", StringComparison.Ordinal)..];
        gaps = gaps[..gaps.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains("<tr><td>tiny</td><td>monolithic</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">4,300</td><td class=\"n\">4,300.0</td><td class=\"n\">4,000</td><td class=\"n\">7.50 %</td><td class=\"n\">7.50 %</td></tr>", gaps, StringComparison.Ordinal);
        Assert.Contains("<tr><td>a&amp;b</td><td>monolithic</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n none\">-</td>", gaps, StringComparison.Ordinal);
        Assert.Contains("<tr><td>a&amp;b</td><td>weekly</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">210</td><td class=\"n\">210.0</td><td class=\"n none\">-</td><td class=\"n none\">-</td><td class=\"n none\">-</td></tr>", gaps, StringComparison.Ordinal);
        Assert.Contains("the run&#39;s process ended with exit code 137", html, StringComparison.Ordinal);

        // The same charts as files of their own.
        var plots = Directory.GetFiles(Path.Combine(output, "plots")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["a&b-objective.svg", "best-objective.svg", "tiny-objective.svg"], plots);
        foreach (var plot in plots)
        {
            var text = File.ReadAllText(Path.Combine(output, "plots", plot!));
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", text, StringComparison.Ordinal);
            Assert.Contains(text[text.IndexOf("<svg", StringComparison.Ordinal)..], html, StringComparison.Ordinal);
            Assert.Equal("svg", XDocument.Parse(text).Root!.Name.LocalName);
        }

        // Reporting again gives the same bytes.
        Assert.Equal(0, Run(args).Code);
        Assert.Equal(html, File.ReadAllText(Path.Combine(output, "report.html")));
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

    [Fact]
    public void Bench_NeighbourhoodOnACurtoisQuInstance_RecordsTheBound()
    {
        // The bound is recorded for every strategy but weekly (here column generation's or CP-SAT's).
        string[] args =
        [
            "bench", "--instances", Path.Combine(TestData.CurtoisQu, "Instance2.txt"), "--strategy", "neighbourhood", "--seeds", "1",
            "--time-limit", "4", "--workers", "2", "--out", _dir,
        ];

        var (code, stdout, stderr) = Run(args);

        Assert.True(code == 0, stdout + stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")));
        var run = Assert.Single(results.RootElement.EnumerateArray());
        var bound = run.GetProperty("bound").GetDouble();
        Assert.True(bound <= 828, $"bound {bound} above the published optimum");
        Assert.True(run.GetProperty("objective").GetInt64() >= bound);
    }

    [Theory]
    [InlineData("--shard", "3/2", "--shard: expected i/n")]
    [InlineData("--strategy", "yearly", "--strategy: expected monolithic, neighbourhood, hybrid, weekly or weekly+K")]
    [InlineData("--seeds", "1,x", "--seeds: expected integers")]
    [InlineData("--cp-sat", "num_workers:two", "--cp-sat: CP-SAT parameter 'num_workers:two'")]
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
