using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Service;
using Scheduler.Testing;

namespace Scheduler.Cli.Tests;

/// <summary>
/// `scheduler mcp` as a client sees it: the real server in a child process (<c>dotnet scheduler.dll mcp</c>), driven by
/// the MCP SDK's own client over stdio. Timeouts only keep a broken server from hanging the run; nothing asserts on time.
/// </summary>
public sealed class McpServerTests(McpServerTests.Server server) : IClassFixture<McpServerTests.Server>
{
    /// <summary>Longest one call may take before the test gives up on it: a status call waits 5 s at most.</summary>
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Longest a whole solve may take before the test gives up on it.</summary>
    private static readonly TimeSpan s_solveTimeout = TimeSpan.FromMinutes(10);

    private static string Tiny => TestData.Problem("tiny.msgpack");

    private static string TinySchedule => TestData.Problem("tiny.schedule.msgpack");

    [Fact]
    public async Task ListTools_HasEveryTool_EachWithDescribedParameters()
    {
        using var timeout = Timeout(s_callTimeout);
        var tools = await server.Client.ListToolsAsync(cancellationToken: timeout.Token);

        Assert.Equal(["check_swap", "diff", "explain", "partners", "resolve", "solve", "solve_cancel", "solve_status", "validate"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            foreach (var parameter in tool.JsonSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(parameter.Value.TryGetProperty("description", out var description) && description.GetString()!.Length > 0, $"{tool.Name}.{parameter.Name}");
            }
        }
    }

    [Fact]
    public async Task Validate_TinySchedule_CountsEqualTheCheckers()
    {
        var result = await CallOk("validate", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule, ["max"] = 7 });

        var problem = CompiledProblem.Compile(ProblemFile.Read(Tiny));
        var report = ComplianceChecker.Check(CompiledSchedule.Compile(problem, ScheduleFile.Read(TinySchedule)));
        Assert.Equal(report.IsCompliant, result.GetProperty("compliant").GetBoolean());
        Assert.Equal(report.HardCount, result.GetProperty("hard").GetInt32());
        Assert.Equal(report.Violations.Count - report.HardCount, result.GetProperty("soft").GetInt32());
        var byRule = result.GetProperty("byRule").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var expected = Enum.GetValues<RuleId>().Where(r => report.Count(r) > 0).ToDictionary(ReportOutput.JsonName, report.Count);
        Assert.Equal(expected, byRule);

        var listed = result.GetProperty("violations").EnumerateArray().ToList();
        Assert.Equal(Math.Min(7, report.Violations.Count), listed.Count);
        Assert.Equal(report.Violations.Count - listed.Count, result.GetProperty("notListed").GetInt32());
        Assert.All(listed, v => Assert.False(string.IsNullOrWhiteSpace(v.GetProperty("text").GetString())));
    }

    [Fact]
    public async Task Solve_TinyDeterministic_PolledUntilDone_WritesScheduleWithNoHardViolation()
    {
        var output = Path.Combine(server.Folder, "tiny-deterministic.schedule.msgpack");
        var started = await CallOk("solve", new() { ["problem"] = Tiny, ["workers"] = 1, ["deterministicTime"] = 0.5, ["output"] = output });
        Assert.Contains(started.GetProperty("state").GetString(), new[] { "queued", "running" });
        Assert.Equal(output, started.GetProperty("output").GetString());

        var status = await PollUntilEnded(started.GetProperty("job").GetString()!);

        Assert.Equal("done", status.GetProperty("state").GetString());
        var result = status.GetProperty("result");
        Assert.Contains(result.GetProperty("status").GetString(), new[] { "optimal", "feasible" });
        Assert.False(result.GetProperty("cancelled").GetBoolean());
        Assert.True(result.GetProperty("reproducible").GetBoolean());
        Assert.Equal(0, result.GetProperty("hardViolations").GetInt32());
        Assert.Equal(output, result.GetProperty("schedule").GetString());
        AssertNoHardViolation(Tiny, output);

        // The tool agrees on the written schedule.
        var validated = await CallOk("validate", new() { ["problem"] = Tiny, ["schedule"] = output });
        Assert.Equal(0, validated.GetProperty("hard").GetInt32());
    }

    [Fact]
    public async Task Resolve_SickWeekOfSmall_PolledUntilDone_WritesTheNewScheduleWithItsChange()
    {
        var change = Path.Combine(server.Folder, "sick.json");
        File.WriteAllText(change, """{ "format": "scheduler-change", "version": 1, "absences": [ { "person": "res-007", "kind": "sick", "from": "2026-07-10", "to": "2026-07-17" } ] }""");
        var output = Path.Combine(server.Folder, "small-resolved.schedule.msgpack");
        var small = TestData.Problem("small.msgpack");
        var started = await CallOk("resolve", new() { ["problem"] = small, ["schedule"] = TestData.Problem("small.schedule.msgpack"), ["change"] = change, ["workers"] = 2, ["timeLimitSeconds"] = 30, ["output"] = output });

        var status = await PollUntilEnded(started.GetProperty("job").GetString()!);
        var unknown = await CallError("resolve", new() { ["problem"] = small, ["schedule"] = TestData.Problem("small.schedule.msgpack"), ["change"] = Tiny });

        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal(0, status.GetProperty("result").GetProperty("hardViolations").GetInt32());
        var changed = status.GetProperty("change");
        Assert.False(changed.GetProperty("refused").GetBoolean());
        Assert.InRange(changed.GetProperty("churn").GetDouble(), 0.001, 0.05);
        Assert.Equal(ContentHash.Of(ProblemFile.Read(small)), ScheduleFile.Read(output).ProblemHash);
        Assert.StartsWith("change: ", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SolveCancel_LongSolveOnSmall_EndsDoneWithTheBestScheduleSoFar()
    {
        var small = TestData.Problem("small.msgpack");
        var started = await CallOk("solve", new() { ["problem"] = small, ["timeLimitSeconds"] = 3600, ["workers"] = 2 });
        var job = started.GetProperty("job").GetString()!;

        // Cancel once there is a schedule to keep.
        using (var deadline = Timeout(s_solveTimeout))
        {
            while (true)
            {
                deadline.Token.ThrowIfCancellationRequested();
                var status = await CallOk("solve_status", new() { ["job"] = job, ["waitSeconds"] = 1 });
                Assert.Contains(status.GetProperty("state").GetString(), new[] { "queued", "running" });
                if (status.TryGetProperty("progress", out var progress) && progress.GetProperty("solutions").GetInt32() >= 1)
                {
                    break;
                }
            }
        }

        var cancelled = await CallOk("solve_cancel", new() { ["job"] = job });
        Assert.True(cancelled.GetProperty("cancelRequested").GetBoolean());
        var ended = await PollUntilEnded(job);

        Assert.Equal("done", ended.GetProperty("state").GetString());
        var result = ended.GetProperty("result");
        Assert.True(result.GetProperty("cancelled").GetBoolean());
        Assert.Equal("feasible", result.GetProperty("status").GetString());
        Assert.Equal(0, result.GetProperty("hardViolations").GetInt32());
        // Without an output path the schedule goes to the server's own folder under the temporary folder.
        var schedule = result.GetProperty("schedule").GetString()!;
        Assert.Equal(ended.GetProperty("output").GetString(), schedule);
        Assert.StartsWith(server.Folder, schedule, StringComparison.Ordinal);
        Assert.EndsWith($"small-{job}.schedule.msgpack", schedule, StringComparison.Ordinal);
        AssertNoHardViolation(small, schedule);
    }

    [Fact]
    public async Task BadInput_ComesBackAsToolErrorsNamingTheField_AndTheServerAnswersTheNextCall()
    {
        var missing = Path.Combine(server.Folder, "no-such-problem.msgpack");
        var error = await CallError("validate", new() { ["problem"] = missing, ["schedule"] = TinySchedule });
        Assert.StartsWith("problem: ", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);

        // A schedule of another problem: the schedule's own field paths.
        error = await CallError("validate", new() { ["problem"] = Tiny, ["schedule"] = TestData.Problem("small.schedule.msgpack") });
        Assert.StartsWith("schedule: assignments[", error, StringComparison.Ordinal);

        error = await CallError("solve", new() { ["problem"] = missing });
        Assert.StartsWith("problem: ", error, StringComparison.Ordinal);
        error = await CallError("solve", new() { ["problem"] = Tiny, ["workers"] = 0 });
        Assert.StartsWith("workers: ", error, StringComparison.Ordinal);
        error = await CallError("solve_status", new() { ["job"] = "no-such-job" });
        Assert.StartsWith("job: ", error, StringComparison.Ordinal);
        error = await CallError("check_swap", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule, ["kind"] = "remove", ["person"] = "nobody", ["shift"] = "x" });
        Assert.StartsWith("person: unknown person 'nobody'", error, StringComparison.Ordinal);
        error = await CallError("check_swap", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule, ["kind"] = "trade", ["person"] = "a", ["shift"] = "b" });
        Assert.StartsWith("kind: ", error, StringComparison.Ordinal);
        error = await CallError("validate", new() { ["problem"] = Tiny });
        Assert.Contains("'schedule'", error, StringComparison.Ordinal);

        var result = await CallOk("validate", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule });
        Assert.Equal(0, result.GetProperty("hard").GetInt32());
    }

    [Fact]
    public async Task CheckSwap_RemovingAnAssignment_MatchesTheEngine()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(Tiny));
        var schedule = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TinySchedule));
        var assignment = ScheduleFile.Read(TinySchedule).Assignments[0];
        var expected = engine.CheckChange(problem.Hash, schedule.Hash, new ScheduleChange(ChangeKind.Remove, assignment.PersonId, assignment.ShiftId));

        var result = await CallOk("check_swap", new()
        {
            ["problem"] = Tiny, ["schedule"] = TinySchedule, ["kind"] = "remove", ["person"] = assignment.PersonId, ["shift"] = assignment.ShiftId,
        });

        Assert.Equal(expected.Legal, result.GetProperty("legal").GetBoolean());
        Assert.Equal(expected.Added.Count, result.GetProperty("added").GetArrayLength());
        Assert.Equal(expected.Removed.Count, result.GetProperty("removed").GetArrayLength());
        Assert.Equal(
            expected.Added.Select(v => ViolationText.Describe(problem.Problem, v)),
            result.GetProperty("added").EnumerateArray().Select(v => v.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Explain_ShippedTinyWithItsSchedule_CountsTheShortfallAndGivesReasons()
    {
        var result = await CallOk("explain", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule, ["timeLimitSeconds"] = 5 });

        Assert.True(result.GetProperty("feasible").GetBoolean());
        Assert.Equal(17, result.GetProperty("findings").GetArrayLength());
        Assert.Contains(result.GetProperty("core").GetString(), new[] { "feasible", "unknown" });
        Assert.Equal(35, result.GetProperty("shortShifts").GetArrayLength());
        var ward = result.GetProperty("shortShifts").EnumerateArray().Single(x => x.GetProperty("shift").GetString() == "2026-07-03/ward-1/day");
        Assert.Equal("wouldBreak", ward.GetProperty("reasons").GetProperty("res-001").GetString());

        var error = await CallError("explain", new() { ["problem"] = Tiny, ["timeLimitSeconds"] = 60 });
        Assert.StartsWith("timeLimitSeconds: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnersAndDiff_OnTiny_MatchTheEngine()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(Tiny));
        var schedule = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TinySchedule));
        var assignment = ScheduleFile.Read(TinySchedule).Assignments[0];
        var expected = engine.Partners(problem.Hash, schedule.Hash, assignment.PersonId, assignment.ShiftId);

        var partners = await CallOk("partners", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule, ["person"] = assignment.PersonId, ["shift"] = assignment.ShiftId });
        var diff = await CallOk("diff", new() { ["problem"] = Tiny, ["published"] = TinySchedule, ["changed"] = TinySchedule });
        var error = await CallError("partners", new() { ["problem"] = Tiny, ["schedule"] = TinySchedule, ["person"] = "nobody", ["shift"] = assignment.ShiftId });

        Assert.Equal(
            expected.Select(x => problem.Problem.PersonId(x.Person)),
            partners.GetProperty("partners").EnumerateArray().Select(x => x.GetProperty("person").GetString()));
        Assert.Equal(0, diff.GetProperty("changedDays").GetInt32());
        Assert.False(diff.GetProperty("refused").GetBoolean());
        Assert.StartsWith("person: ", error, StringComparison.Ordinal);
    }

    private static void AssertNoHardViolation(string problemPath, string schedulePath)
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(problemPath));
        var report = ComplianceChecker.Check(CompiledSchedule.Compile(problem, ScheduleFile.Read(schedulePath)));
        Assert.Equal(0, report.HardCount);
    }

    private async Task<JsonElement> PollUntilEnded(string job)
    {
        using var deadline = Timeout(s_solveTimeout);
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var status = await CallOk("solve_status", new() { ["job"] = job, ["waitSeconds"] = 2 });
            var state = status.GetProperty("state").GetString();
            if (state is not ("queued" or "running"))
            {
                return status;
            }
        }
    }

    private async Task<JsonElement> CallOk(string tool, Dictionary<string, object?> arguments)
    {
        var result = await Call(tool, arguments);
        Assert.True(result.IsError is not true, $"{tool}: {Text(result)}\n{server.Log}");
        using var json = JsonDocument.Parse(Text(result));
        return json.RootElement.Clone();
    }

    private async Task<string> CallError(string tool, Dictionary<string, object?> arguments)
    {
        var result = await Call(tool, arguments);
        Assert.True(result.IsError, $"{tool} should have failed: {Text(result)}");
        return Text(result);
    }

    private async Task<CallToolResult> Call(string tool, Dictionary<string, object?> arguments)
    {
        using var timeout = Timeout(s_callTimeout);
        return await server.Client.CallToolAsync(tool, arguments, cancellationToken: timeout.Token);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static CancellationTokenSource Timeout(TimeSpan after)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(after);
        return source;
    }

    /// <summary>One server for the class: started once, ended by closing its stdin when the class is done.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly ConcurrentQueue<string> _log = new();
        private McpClient? _client;

        /// <summary>A folder for the schedules the tests have written.</summary>
        public string Folder { get; } = Directory.CreateTempSubdirectory("scheduler-mcp-test-").FullName;

        public McpClient Client => _client ?? throw new InvalidOperationException("the server has not started");

        /// <summary>What the server wrote to stderr, for failure messages.</summary>
        public string Log => string.Join(Environment.NewLine, _log);

        public async ValueTask InitializeAsync()
        {
            var transport = new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "scheduler",
                Command = "dotnet",
                Arguments = [Path.Combine(AppContext.BaseDirectory, "scheduler.dll"), "mcp"],
                WorkingDirectory = Folder,

                // The server's own folder for schedules written without an output path goes under the temporary folder.
                EnvironmentVariables = new Dictionary<string, string?> { ["TMPDIR"] = Folder },
                StandardErrorLines = _log.Enqueue,
            });
            using var timeout = new CancellationTokenSource(s_callTimeout);
            _client = await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
            }

            Directory.Delete(Folder, recursive: true);
        }
    }
}
