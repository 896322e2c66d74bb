using System.Text.Json;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

/// <summary>The commands that read a problem also read a Curtois-Qu benchmark instance, told apart by content.</summary>
public sealed class CurtoisQuCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-curtois-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Instance(int n) => Path.Combine(TestData.CurtoisQu, $"Instance{n}.txt");

    /// <summary>A malformed instance: its staff line has 4 fields instead of 8.</summary>
    private string Malformed()
    {
        var path = Path.Combine(_dir, "bad.txt");
        File.WriteAllText(path, "# a comment\nSECTION_HORIZON\n7\n\nSECTION_STAFF\nA,D=1,1,1\n");
        return path;
    }

    [Fact]
    public void Convert_CurtoisQuInstance_WritesTheImportedProblem()
    {
        var output = Path.Combine(_dir, "instance3.json");

        var (code, stdout, stderr) = Run("convert", Instance(3), output);

        Assert.True(code == 0, stderr);
        Assert.Contains("wrote problem", stdout, StringComparison.Ordinal);
        Assert.Equal(CurtoisQuFile.Read(Instance(3)), ProblemFile.Read(output));
    }

    [Fact]
    public void Solve_CurtoisQuInstanceWithWeeklyStrategy_ExitsTwoSayingWhy()
    {
        var (code, _, stderr) = Run("solve", Instance(1), "--out", Path.Combine(_dir, "out.json"), "--strategy", "weekly");

        Assert.Equal(2, code);
        Assert.StartsWith("error: bad option: the weekly strategy cannot solve a problem with rostering limits", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out.json")));
    }

    [Fact]
    public void Solve_CurtoisQuInstanceWithNeighbourhoodStrategy_ReportsIt()
    {
        var output = Path.Combine(_dir, "out.json");

        var (code, stdout, stderr) = Run(
            "solve", Instance(4), "--out", output, "--strategy", "neighbourhood", "--workers", "1", "--deterministic-time", "3", "--json");

        // Soft cover shortfalls are violations (exit 1), never hard ones.
        Assert.True(code is 0 or 1, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("neighbourhood", json.RootElement.GetProperty("strategy").GetString());
        Assert.True(json.RootElement.GetProperty("statistics").GetProperty("neighbourhoods").GetInt32() > 0);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Validate_CurtoisQuInstanceWithAnyName_IsReadByContent()
    {
        var problem = Path.Combine(_dir, "instance.dat");
        File.Copy(Instance(1), problem);
        var schedule = Path.Combine(_dir, "empty.json");
        ScheduleFile.Write(new Schedule("Instance1", []), schedule);

        var (code, stdout, stderr) = Run("validate", problem, "--schedule", schedule);

        // The empty roster leaves every shift short: a violation, not bad input.
        Assert.True(code == 1, stdout + stderr);
        Assert.Contains("instance: 0 residents, 8 faculty, 14 shifts, 14 days from 2024-01-01 (Etc/UTC)", stdout, StringComparison.Ordinal);
        Assert.Contains("(soft where a shift has its own prices)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_MalformedInstance_ExitsTwoNamingFileAndLine()
    {
        var (code, _, stderr) = Run("convert", Malformed(), Path.Combine(_dir, "out.json"));

        Assert.Equal(2, code);
        Assert.Equal(
            "error: bad.txt:6: SECTION_STAFF: expected 8 comma-separated fields (id, max shifts, max minutes, min minutes, max consecutive, min consecutive, min days off, max weekends), got 4",
            stderr.TrimEnd());
        Assert.False(File.Exists(Path.Combine(_dir, "out.json")));
    }

    [Fact]
    public void Convert_TextThatIsNeither_KeepsTheProblemReadersError()
    {
        var path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "# SECTION_HORIZON is not the first line that counts\nhello\nSECTION_HORIZON\n7\n");

        var (code, _, stderr) = Run("convert", path, Path.Combine(_dir, "out.json"));

        Assert.Equal(2, code);
        Assert.Equal("error: not a Scheduler problem file (bad magic header)", stderr.TrimEnd());
    }

    [Fact]
    public void Bench_Instance1_RecordsThePublishedOptimumWithoutHardViolations()
    {
        var output = Path.Combine(_dir, "bench");
        var best = Path.Combine(TestData.CurtoisQu, "best_known.csv");

        var (code, stdout, stderr) = Run("bench", "--instances", Instance(1), "--strategy", "monolithic", "--time-limit", "600", "--workers", "8", "--cp-sat", "interleave_search:true max_deterministic_time:120", "--best-known", best, "--out", output);

        // Interleaved with a deterministic limit, so the proof does not depend on the machine (the wall-clock limit is
        // only a cap). Priced cover left short is soft: it is in the objective, not a hard violation.
        Assert.True(code == 0, stdout + stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var run = Assert.Single(results.RootElement.EnumerateArray().ToList());
        Assert.Equal(("optimal", 607, 0), (run.GetProperty("status").GetString(), run.GetProperty("objective").GetInt32(), run.GetProperty("hardViolations").GetInt32()));
        Assert.Contains("Instance1,monolithic,1,optimal,607,607,0,607,0,", File.ReadAllText(Path.Combine(output, "results.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_MalformedInstance_RecordsTheInstanceReadersError()
    {
        var output = Path.Combine(_dir, "bench");

        var (code, stdout, stderr) = Run("bench", "--instances", Malformed(), "--strategy", "monolithic", "--time-limit", "1", "--workers", "1", "--out", output);

        Assert.True(code == 0, stdout + stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var run = Assert.Single(results.RootElement.EnumerateArray().ToList());
        Assert.Equal(("bad", "error"), (run.GetProperty("instance").GetString(), run.GetProperty("status").GetString()));
        Assert.StartsWith("bad.txt:6: SECTION_STAFF: expected 8 comma-separated fields", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
