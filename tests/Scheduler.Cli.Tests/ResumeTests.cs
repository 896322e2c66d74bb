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

    private static string Small => TestData.Problem("small.msgpack");

    /// <summary>In CI: a few kills at random points of a run on the shipped small problem.</summary>
    [Fact]
    public void SolveWeekly_KilledAtRandomPoints_ResumesToTheUninterruptedSchedule() => KillAndResume(kills: 3);

    /// <summary>On demand (explicit): a few hundred kills (about 10 s each on 2 cores).</summary>
    [Fact(Explicit = true)]
    public void SolveWeekly_HundredsOfKills_ResumesToTheUninterruptedSchedule() => KillAndResume(kills: 200);

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
        var checkpoints = Path.Combine(_dir, "checkpoints");
        var resumed = Path.Combine(_dir, "resumed.msgpack");
        string[] args = [Small, "--out", resumed, "--checkpoint", checkpoints, "--resume"];
        var killed = 0;
        var cycles = 0;
        var resumes = 0;
        while (killed < kills)
        {
            // A cycle: from nothing, killed at random points (startup, building, searching, writing a checkpoint)
            // and resumed, until a run ends on its own; then the schedule must be the uninterrupted one.
            if (Directory.Exists(checkpoints))
            {
                Directory.Delete(checkpoints, recursive: true);
            }

            File.Delete(resumed);
            string last;
            while (true)
            {
                var (exit, log) = Run(args, killAfter: killed < kills ? uninterrupted * rng.NextDouble() : null, token);
                Assert.True(exit is null or 0, $"kill seed {seed}, cycle {cycles}: {log}");
                resumes += log.Contains("resumed from the checkpoint", StringComparison.Ordinal) ? 1 : 0;
                if (exit == 0)
                {
                    last = log;
                    break;
                }

                killed++;
            }

            cycles++;
            Assert.True(File.ReadAllBytes(reference).AsSpan().SequenceEqual(File.ReadAllBytes(resumed)),
                $"kill seed {seed}, cycle {cycles} ({killed} kills so far): the resumed schedule differs from the uninterrupted one\n{last}");
        }

        TestContext.Current.SendDiagnosticMessage($"kill seed {seed}: {killed} kills in {cycles} cycles; {resumes} runs resumed from a checkpoint");
        Assert.True(kills < 100 || resumes > 0, $"kill seed {seed}: no run resumed from a checkpoint in {killed} kills");
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
