using System.Diagnostics;
using System.Net.Sockets;
using Scheduler.Service;
using Scheduler.Testing;

namespace Scheduler.Cli.Tests;

/// <summary>`scheduler serve` as a process: the transports, the CLI's schedule over the wire, and the ways it ends.</summary>
public sealed class ServeCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Solve_OverStdio_GivesTheClisScheduleByteForByte()
    {
        var folder = Directory.CreateTempSubdirectory("serve-test-").FullName;
        try
        {
            var cliSchedule = Path.Combine(folder, "tiny.msgpack");
            var code = SchedulerCli.Run(
                ["solve", TestData.Problem("tiny.msgpack"), "--out", cliSchedule, "--workers", "1", "--deterministic-time", "5"], TextWriter.Null, TextWriter.Null, Token);
            Assert.Equal(SchedulerCli.Ok, code);

            using var server = Start("serve");
            await using var client = new SchedulerClient(server.StandardOutput.BaseStream, server.StandardInput.BaseStream);
            var problem = await client.LoadProblemAsync(File.ReadAllBytes(TestData.Problem("tiny.msgpack")), Token);
            var result = await client.SolveAsync(problem.Hash, new ServiceSolveOptions { Workers = 1, DeterministicTime = 5 }, cancellationToken: Token);

            Assert.Equal(File.ReadAllBytes(cliSchedule), result.Schedule);
            server.StandardInput.Close(); // end of stdin: the server ends
            Assert.Equal(0, await ExitCode(server));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task EndOfStdin_DuringASolve_AnswersWithTheBestSoFarAndExitsZero()
    {
        using var server = Start("serve");
        await using var client = new SchedulerClient(server.StandardOutput.BaseStream, server.StandardInput.BaseStream);
        var problem = await client.LoadProblemAsync(File.ReadAllBytes(TestData.Problem("small.msgpack")), Token);
        var started = new TaskCompletionSource();
        var solve = client.SolveAsync(
            problem.Hash, new ServiceSolveOptions { Workers = 1, TimeLimit = 600 }, new Started(started), Token);
        await started.Task.WaitAsync(Token);

        server.StandardInput.Close();
        var result = await solve;

        Assert.True(result.Cancelled);
        Assert.NotNull(result.Schedule);
        Assert.Equal(0, await ExitCode(server));
    }

    [Fact]
    public async Task Sigterm_OnAUnixSocket_StopsTheSolveAnswersAndExitsZero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scheduler-serve-{Guid.NewGuid():N}.sock");
        using var server = Start("serve", "--socket", path);
        await using var client = await Connect(path);
        var problem = await client.LoadProblemAsync(File.ReadAllBytes(TestData.Problem("small.msgpack")), Token);
        var started = new TaskCompletionSource();
        var solve = client.SolveAsync(
            problem.Hash, new ServiceSolveOptions { Workers = 1, TimeLimit = 600 }, new Started(started), Token);
        await started.Task.WaitAsync(Token);

        Assert.Equal(0, Kill(server.Id, 15)); // SIGTERM
        var result = await solve;

        Assert.True(result.Cancelled);
        Assert.NotNull(result.Schedule);
        Assert.Equal(0, await ExitCode(server));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Tcp_OnAnyFreePort_ServesOnLoopback()
    {
        using var server = Start("serve", "--tcp", "0");
        var port = 0;
        while (port == 0)
        {
            var line = await server.StandardError.ReadLineAsync(Token) ?? throw new InvalidOperationException("serve ended before listening");
            if (line.StartsWith("serve: listening on TCP 127.0.0.1:", StringComparison.Ordinal))
            {
                port = int.Parse(line.Split(':')[2].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        await using (var client = await SchedulerClient.ConnectTcpAsync("127.0.0.1", port, Token))
        {
            Assert.Equal(1, (await client.HelloAsync(Token)).Protocol);
        }

        // SIGINT; but a shell's background job ignores SIGINT and so do its children (the runtime leaves an
        // inherited SIG_IGN alone): there the server could never hear it, so it is stopped with SIGTERM.
        Assert.Equal(0, Kill(server.Id, SigIntIgnored() ? 15 : 2));
        Assert.Equal(0, await ExitCode(server));
    }

    // Whether this process ignores SIGINT (bit 1 of the SigIgn mask in /proc/self/status), as its children then do.
    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }

    [Theory]
    [InlineData("--socket", "a.sock", "--tcp", "1")]
    [InlineData("--bind", "0.0.0.0")]
    [InlineData("--tcp", "70000")]
    [InlineData("--max-solves", "0")]
    public void BadOptions_ExitTwo(params string[] options)
    {
        var stderr = new StringWriter();
        Assert.Equal(SchedulerCli.BadInput, SchedulerCli.Run(["serve", .. options], TextWriter.Null, stderr, Token));
        Assert.Contains("error:", stderr.ToString(), StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scheduler.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<SchedulerClient> Connect(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SchedulerClient.ConnectUnixAsync(path, Token);
            }
            catch (SocketException) when (attempt < 600)
            {
                await Task.Delay(100, Token); // the server is still starting
            }
        }
    }

    private static async Task<int> ExitCode(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2)); // a hang fails the test instead of the run
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            // Say what the server said: the cause of a hang is in its log, not here.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the server did not exit within 2 min; the rest of its stderr:{Environment.NewLine}{await process.StandardError.ReadToEndAsync(Token)}");
        }

        return process.ExitCode;
    }

    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    /// <summary>Completes at the first progress report (on the client's reading thread).</summary>
    private sealed class Started(TaskCompletionSource started) : IProgress<ServiceProgress>
    {
        public void Report(ServiceProgress value) => started.TrySetResult();
    }
}
