using System.Diagnostics;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;
using Scheduler.Testing;

namespace Scheduler.Cli.Tests;

/// <summary>
/// Resume after a kill: `scheduler solve --strategy weekly --checkpoint DIR` runs as a real child process and is
/// killed with SIGKILL at random points; `--resume` then continues from the newest checkpoint, and the schedule
/// it ends with is byte for byte the one an uninterrupted run writes (one worker, a seed and a deterministic
/// limit make the run repeatable).
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private static readonly string[] s_settings =
        ["--strategy", "weekly", "--lookahead", "1", "--workers", "1", "--seed", "1", "--deterministic-time", "4"];

    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Small => Path.Combine(SharedData.RepositoryRoot, "problems", "small.msgpack");

    /// <summary>In CI: a few kills at random points of a run on the shipped small problem.</summary>
    [Fact]
    public void SolveWeekly_KilledAtRandomPoints_ResumesToTheUninterruptedSchedule() => KillAndResume(kills: 3);

    /// <summary>On demand (explicit): a few hundred kills.</summary>
    [Fact(Explicit = true)]
    public void SolveWeekly_HundredsOfKills_ResumesToTheUninterruptedSchedule() => KillAndResume(kills: 300);

    private void KillAndResume(int kills)
    {
        var token = TestContext.Current.CancellationToken;
        var reference = Path.Combine(_dir, "reference.msgpack");
        var clock = Stopwatch.StartNew();
        var (code, output) = Run([Small, "--out", reference, "--checkpoint", Path.Combine(_dir, "reference-checkpoints")], killAfter: null, token);
        Assert.True(code == 0, output);
        var uninterrupted = clock.Elapsed;

        var seed = Environment.TickCount;
        var rng = new Random(seed);
        var resumed = Path.Combine(_dir, "resumed.msgpack");
        string[] args = [Small, "--out", resumed, "--checkpoint", Path.Combine(_dir, "checkpoints"), "--resume"];
        var killed = 0;
        for (var i = 0; i < kills; i++)
        {
            // Random points over the whole run: startup, building, searching, writing a checkpoint.
            var (exit, log) = Run(args, killAfter: uninterrupted * rng.NextDouble(), token);
            killed += exit is null ? 1 : 0;
            Assert.True(exit is null or 0, $"kill seed {seed}, run {i}: {log}");
        }

        (code, output) = Run(args, killAfter: null, token);
        Assert.True(code == 0, $"kill seed {seed}: {output}");
        Assert.True(File.ReadAllBytes(reference).AsSpan().SequenceEqual(File.ReadAllBytes(resumed)),
            $"kill seed {seed} ({killed} of {kills} runs killed): the resumed schedule differs from the uninterrupted one\n{output}");

        var problem = CompiledProblem.Compile(ProblemFile.Read(Small));
        var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(resumed));
        Assert.All(Core.Checking.ComplianceChecker.Check(schedule).Violations, v => Assert.NotNull(problem.Source.Objective.SoftWeight(v.Rule)));
    }

    // Runs the command line in a child process; killAfter sends SIGKILL after that long. Returns the exit code
    // (null when killed) and the output.
    private static (int? Code, string Output) Run(string[] args, TimeSpan? killAfter, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scheduler.dll"));
        start.ArgumentList.Add("solve");
        foreach (var arg in args.Concat(s_settings))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var killed = false;
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix: no handler runs
            killed = true;
        }

        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        return (killed ? null : process.ExitCode, output);
    }
}
