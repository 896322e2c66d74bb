using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Formats;
using Scheduler.Testing;

namespace Scheduler.Service.Tests;

public sealed class ServerTests
{
    private static readonly ServiceSolveOptions Repeatable = new() { Workers = 1, DeterministicTime = 5 };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static byte[] Shipped(string name) => File.ReadAllBytes(TestData.Problem(name));

    [Fact]
    public async Task Hello_ReportsTheProtocolAndEveryMethod()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();

        var info = await client.HelloAsync(Token);

        Assert.Equal(1, info.Protocol);
        Assert.Equal(SchedulerServer.MethodNames, info.Methods);
        Assert.Equal(ServerOptions.Default.MaxFrame, info.MaxFrame);
        Assert.StartsWith("scheduler ", info.Server, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_VersionZero_IsUnsupported()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.CallAsync("hello", [("version", 0)], null, Token));

        Assert.Equal(ErrorCodes.UnsupportedVersion, e.Code);
        Assert.Equal("params.version", e.Field);
    }

    [Fact]
    public async Task Validate_OverTheService_EqualsTheCheckerInProcess()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        var schedule = await client.LoadScheduleAsync(problem.Hash, Shipped("small.schedule.msgpack"), Token);

        var report = await client.ValidateAsync(problem.Hash, schedule, max: 1000, Token);

        var compiled = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("small.msgpack")));
        var expected = ComplianceChecker.Check(CompiledSchedule.Compile(compiled, ScheduleFile.Read(TestData.Problem("small.schedule.msgpack"))));
        Assert.Equal(expected.IsCompliant, report.Compliant);
        Assert.Equal(expected.HardCount, report.Hard);
        Assert.Equal(expected.Violations.Count, report.Hard + report.Soft);
        Assert.Equal(expected.Violations.Select(v => expected.Describe(v)), report.Violations.Select(v => v.Text));
        Assert.Equal(compiled.PersonCount, problem.People);
    }

    [Fact]
    public async Task CheckSwap_OverTheService_EqualsTheEngine()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        var schedule = await client.LoadScheduleAsync(problem.Hash, Shipped("small.schedule.msgpack"), Token);
        var loaded = harness.Engine.GetSchedule(problem.Hash, schedule);
        var rng = new Random(11);

        for (var i = 0; i < 200; i++)
        {
            if (EngineChangeProperties.RandomChange(rng, loaded.Schedule) is not { } change)
            {
                continue;
            }

            var viaService = await client.CheckSwapAsync(problem.Hash, schedule, change.Change, text: false, Token);
            var direct = harness.Engine.CheckChange(problem.Hash, schedule, change.Change);
            Assert.Equal(direct.Legal, viaService.Legal);
            Assert.Equal(direct.Added.Count, viaService.Added.Count);
            Assert.Equal(direct.Removed.Count, viaService.Removed.Count);
            Assert.Equal(direct.Added.Select(v => (v.From, v.To, v.Measured)), viaService.Added.Select(v => (v.From, v.To, v.Measured)));
        }
    }

    [Fact]
    public async Task Solve_Repeatable_ReturnsTheScheduleLoadedAndProgress()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("tiny.msgpack"), Token);
        var reports = new List<ServiceProgress>();

        var result = await client.SolveAsync(problem.Hash, Repeatable, new SynchronousProgress(reports.Add), Token);

        Assert.NotNull(result.Schedule);
        Assert.Equal(ContentHash.Of(ScheduleFile.Read(result.Schedule)), result.ScheduleHash);
        Assert.Equal(0, result.Hard);
        Assert.NotEmpty(reports);
        Assert.Equal(result.Objective, reports[^1].Objective);
        var report = await client.ValidateAsync(problem.Hash, result.ScheduleHash!, cancellationToken: Token);
        Assert.Equal(0, report.Hard);
        var evaluation = await client.EvaluateAsync(problem.Hash, result.ScheduleHash!, Token);
        Assert.Equal(result.Objective, evaluation.Objective);
        Assert.Equal(result.Terms.Where(t => t.Value != 0), evaluation.Terms.Where(t => t.Value != 0).OrderBy(t => result.Terms.Keys.ToList().IndexOf(t.Key)));
        var csv = await client.ExportAsync(problem.Hash, result.ScheduleHash!, "csv", cancellationToken: Token);
        Assert.StartsWith("person_id,", csv, StringComparison.Ordinal);
        Assert.Equal(ScheduleFile.Read(result.Schedule).Assignments.Count + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Explain_OverTheService_EqualsTheEngineInProcess()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("tiny.msgpack"), Token);
        var schedule = await client.LoadScheduleAsync(problem.Hash, Shipped("tiny.schedule.msgpack"), Token);

        var explained = await client.ExplainAsync(problem.Hash, schedule, timeLimit: 30, cancellationToken: Token);

        var engine = new SchedulerEngine();
        var loaded = engine.LoadProblem(ProblemFile.Read(TestData.Problem("tiny.msgpack")));
        var expected = await engine.ExplainAsync(
            loaded.Hash, engine.LoadSchedule(loaded.Hash, ScheduleFile.Read(TestData.Problem("tiny.schedule.msgpack"))).Hash, TimeSpan.FromSeconds(30), Token);
        Assert.True(explained.Feasible);
        Assert.Equal("feasible", explained.CoreStatus);
        Assert.Empty(explained.Core);
        Assert.Equal(expected.Capacity.Findings.Select(f => f.Message), explained.Findings.Select(f => f.Message));
        Assert.All(explained.Findings, f => Assert.Equal("concurrentPeople", f.Kind));
        Assert.All(explained.Findings, f => Assert.False(f.Hard));
        Assert.Equal(expected.ShortShifts!.Count, explained.ShortShifts!.Count);
        var ward = explained.ShortShifts.Single(x => x.Shift == "2026-07-03/ward-1/day");
        Assert.Equal("overlapping", ward.Reasons["res-003"]);
        Assert.Equal("wouldBreak", ward.Reasons["res-001"]);
    }

    [Fact]
    public async Task Explain_InfeasibleProblem_GivesTheCoreAndWithoutCoreOnlyTheChecks()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var one = new Core.Model.Requirement(1, 1, Core.Model.Eligibility.Anyone, false);
        var infeasible = new ResidentScheduleBuilder(horizonDays: 7)
            .Resident("ann")
            .Shift("night-d0", ShiftTemplate.NightShift.OnDay(0), one)
            .Shift("ward-d1", ShiftTemplate.At(ResidentScheduleBuilder.Ward, 1, new TimeOnly(12, 0), new TimeOnly(20, 0)), one)
            .BuildProblem();
        var problem = await client.LoadProblemAsync(ProblemFile.ToBytes(infeasible, FileFormat.MessagePack), Token);

        var explained = await client.ExplainAsync(problem.Hash, timeLimit: 30, cancellationToken: Token);
        var checksOnly = await client.ExplainAsync(problem.Hash, core: false, cancellationToken: Token);

        Assert.False(explained.Feasible);
        Assert.Equal("infeasible", explained.CoreStatus);
        Assert.Equal(["coverage night-d0", "coverage ward-d1", "rest ann"], explained.Core.Select(i => $"{i.Rule} {i.Shift ?? i.Person}").Order(StringComparer.Ordinal));
        Assert.Null(explained.ShortShifts);
        Assert.True(checksOnly.Feasible);
        Assert.Null(checksOnly.CoreStatus);
        Assert.Empty(checksOnly.Findings);
    }

    private static byte[] ChangeFileOf(string body) =>
        Encoding.UTF8.GetBytes($$"""{ "format": "scheduler-change", "version": 1, {{body}} }""");

    [Fact]
    public async Task Resolve_SickWeekOfSmall_NewScheduleLoadedForTheChangedProblemWithFewChanges()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        var schedule = await client.LoadScheduleAsync(problem.Hash, Shipped("small.schedule.msgpack"), Token);
        var change = ChangeFile.Convert(
            ChangeFileOf(""" "absences": [ { "person": "res-007", "kind": "sick", "from": "2026-07-10", "to": "2026-07-17" } ] """), FileFormat.MessagePack);

        var resolved = await client.ResolveAsync(problem.Hash, schedule, change, timeLimit: 30, workers: 2, cancellationToken: Token);

        Assert.Equal(0, resolved.Hard);
        Assert.False(resolved.Refused);
        Assert.NotEqual(problem.Hash, resolved.ProblemHash);
        Assert.InRange(resolved.Churn, 0.001, 0.05);
        Assert.True(resolved.Removed + resolved.Added > 0);
        var report = await client.ValidateAsync(resolved.ProblemHash, resolved.ScheduleHash!, cancellationToken: Token);
        Assert.Equal(0, report.Hard);

        // The schedule sent back is the one loaded, and judged against the changed problem it keeps res-007 off that week.
        var source = ProblemFile.Read(TestData.Problem("small.msgpack"));
        var changed = CompiledProblem.Compile(ChangeFile.Read(change, CompiledProblem.Compile(source)).ApplyTo(source));
        var compiled = CompiledSchedule.Compile(changed, ScheduleFile.Read(resolved.Schedule));
        Assert.Equal(0, ComplianceChecker.Check(compiled).HardCount);
    }

    [Fact]
    public async Task Resolve_BadChangeOrUnknownSchedule_AnsweredWithTheField()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        var schedule = await client.LoadScheduleAsync(problem.Hash, Shipped("small.schedule.msgpack"), Token);

        var person = await Assert.ThrowsAsync<ServiceException>(() => client.ResolveAsync(
            problem.Hash, schedule, ChangeFileOf(""" "absences": [ { "person": "res-999", "from": "2026-07-10", "to": "2026-07-17" } ] """), cancellationToken: Token));
        var garbage = await Assert.ThrowsAsync<ServiceException>(() => client.ResolveAsync(problem.Hash, schedule, "SCHDD\u0001\u00c1"u8.ToArray(), cancellationToken: Token));
        var unknown = await Assert.ThrowsAsync<ServiceException>(() => client.ResolveAsync(problem.Hash, "00000000000000000000000000000000", ChangeFileOf("\"pinned\": []"), cancellationToken: Token));
        var churn = await Assert.ThrowsAsync<ServiceException>(() => client.ResolveAsync(problem.Hash, schedule, ChangeFileOf("\"pinned\": []"), maxChurn: 2, cancellationToken: Token));

        Assert.Equal((ErrorCodes.BadParams, "params.change.absences[0].person"), (person.Code, person.Field));
        Assert.Equal((ErrorCodes.BadParams, "params.change"), (garbage.Code, garbage.Field));
        Assert.Equal(ErrorCodes.UnknownHash, unknown.Code);
        Assert.Equal("params.maxChurn", churn.Field);
    }

    [Fact]
    public async Task Contingency_FirstWeekOfSmall_EqualsTheLibrary()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        var schedule = await client.LoadScheduleAsync(problem.Hash, Shipped("small.schedule.msgpack"), Token);

        var pairs = await client.ContingencyAsync(problem.Hash, schedule, "2026-07-02", "2026-07-08", n: 2, pairs: 2, timeLimit: 5, cancellationToken: Token);
        var badDate = await Assert.ThrowsAsync<ServiceException>(() => client.ContingencyAsync(problem.Hash, schedule, from: "2027-01-01", cancellationToken: Token));

        var compiled = CompiledSchedule.Compile(CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("small.msgpack"))), ScheduleFile.Read(TestData.Problem("small.schedule.msgpack")));
        var expected = Solver.Contingency.WithoutPairs(compiled, 0, 7, 2, TimeSpan.FromSeconds(5), Token);

        // The same pairs with the same shifts, each coping the same way where no search ran (idle, mended, or a
        // shortfall the capacity checks prove). Where a time-limited re-solve ran, whether it covered every shift, what
        // it changed, and so the order, depend on how far it got on the machine's load: only that it ran is compared.
        static string Key(IEnumerable<string> people, string kind, int shifts, int atRisk, bool certain, int changes) =>
            kind.ToLowerInvariant() is "idle" or "mended" || certain
                ? $"{string.Join("+", people)} {shifts} {kind.ToLowerInvariant()} {atRisk} {certain} {changes}"
                : $"{string.Join("+", people)} {shifts} searched";
        Assert.Equal(
            expected.Select(r => Key(r.People.Select(compiled.Problem.PersonId), r.Kind.ToString(), r.Shifts, r.ShiftsAtRisk.Count, r.Certain, r.Changes)).Order(),
            pairs.Select(r => Key(r.People, r.Kind, r.Shifts, r.ShiftsAtRisk.Count, r.Certain, r.Changes)).Order());
        Assert.All(pairs, r => Assert.Equal(2, r.People.Count));
        Assert.Equal(pairs.Select(r => -r.ShiftsAtRisk.Count).Order(), pairs.Select(r => -r.ShiftsAtRisk.Count));
        Assert.Equal("params.from", badDate.Field);
    }

    [Fact]
    public async Task Explain_UnknownHashOrBadLimit_AnsweredWithTheField()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("tiny.msgpack"), Token);

        var unknown = await Assert.ThrowsAsync<ServiceException>(() => client.ExplainAsync(problem.Hash, "00000000000000000000000000000000", cancellationToken: Token));
        var limit = await Assert.ThrowsAsync<ServiceException>(() => client.ExplainAsync(problem.Hash, timeLimit: -1, cancellationToken: Token));

        Assert.Equal(ErrorCodes.UnknownHash, unknown.Code);
        Assert.Equal(ErrorCodes.BadParams, limit.Code);
        Assert.Equal("params.timeLimit", limit.Field);
    }

    [Fact]
    public async Task DiffAndPartners_OverTheService_EqualTheEngineInProcess()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        var published = await client.LoadScheduleAsync(problem.Hash, Shipped("small.schedule.msgpack"), Token);
        var source = ScheduleFile.Read(TestData.Problem("small.schedule.msgpack"));
        var given = source with
        {
            Assignments = [.. source.Assignments.Select(a => a is { PersonId: "res-007", ShiftId: "2026-07-03/call/24h" } ? a with { PersonId = "res-006" } : a)],
        };
        var changed = await client.LoadScheduleAsync(problem.Hash, ScheduleFile.ToBytes(given, FileFormat.MessagePack), Token);

        var diff = await client.CallAsync("diff", [("problem", problem.Hash), ("published", published), ("changed", changed)], null, Token);
        var partners = await client.CallAsync(
            "partners", [("problem", problem.Hash), ("schedule", published), ("person", "res-007"), ("shift", "2026-07-03/call/24h")], null, Token);
        var missing = await Assert.ThrowsAsync<ServiceException>(() => client.CallAsync(
            "diff", [("problem", problem.Hash), ("published", published), ("changed", "00000000000000000000000000000000")], null, Token));
        var notTheirs = await Assert.ThrowsAsync<ServiceException>(() => client.CallAsync(
            "partners", [("problem", problem.Hash), ("schedule", published), ("person", "res-007"), ("shift", "2026-07-04/call/24h")], null, Token));

        Assert.Equal(2L, Convert.ToInt64(diff["changedDays"], null));
        var changes = ((object?[])diff["changes"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(["res-006", "res-007"], changes.Select(c => (string)c["person"]!).Order());
        Assert.All(changes, c => Assert.Equal("2026-07-03", c["date"]));
        var engine = new SchedulerEngine();
        var loaded = engine.LoadProblem(ProblemFile.Read(TestData.Problem("small.msgpack")));
        var expected = engine.Partners(loaded.Hash, engine.LoadSchedule(loaded.Hash, source).Hash, "res-007", "2026-07-03/call/24h");
        var listed = ((object?[])partners["partners"]!).Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(expected.Select(x => loaded.Problem.PersonId(x.Person)), listed.Select(x => (string)x["person"]!));
        Assert.Equal(ErrorCodes.UnknownHash, missing.Code);
        Assert.Equal("params.changed", missing.Field);
        Assert.Equal(ErrorCodes.BadParams, notTheirs.Code);
        Assert.Equal("params.shift", notTheirs.Field);
    }

    [Fact]
    public async Task Solve_CancelledByTheClient_AnswersWithTheBestSoFar()
    {
        await using var harness = new ServiceHarness();
        await using var client = harness.Client();
        var problem = await client.LoadProblemAsync(Shipped("small.msgpack"), Token);
        using var stop = new CancellationTokenSource();

        var result = await client.SolveAsync(
            problem.Hash, new ServiceSolveOptions { Workers = 1, TimeLimit = 600 }, new SynchronousProgress(_ => stop.Cancel()), stop.Token);

        Assert.True(result.Cancelled);
        Assert.NotNull(result.Schedule);
        Assert.Equal(0, harness.Engine.SolvesWaitingOrRunning);
    }

    [Fact]
    public async Task Solve_WhileTheSlotIsTaken_WaitersAreCancelledOrRefusedAsBusy()
    {
        await using var harness = new ServiceHarness(new EngineOptions { MaxConcurrentSolves = 1, MaxQueuedSolves = 1 });
        var problem = harness.Engine.LoadProblem(Shipped("small.msgpack"));
        await harness.SendFrameAsync(ServiceHarness.Request(1, "solve", ("problem", problem.Hash), ("workers", 1), ("timeLimit", 600), ("progress", true)));
        Assert.True((await harness.ReadFrameAsync())!.ContainsKey("progress")); // solve 1 runs
        await harness.SendFrameAsync(ServiceHarness.Request(2, "solve", ("problem", problem.Hash), ("workers", 1)));
        await harness.SendFrameAsync(ServiceHarness.Request(2, "solve", ("problem", problem.Hash)));
        await harness.SendFrameAsync(ServiceHarness.Request(3, "solve", ("problem", problem.Hash)));
        await harness.SendFrameAsync(ServiceHarness.Request(4, "cancel", ("target", 2)));
        await harness.SendFrameAsync(ServiceHarness.Request(5, "cancel", ("target", 1)));

        var answers = new Dictionary<long, List<Dictionary<string, object?>>>();
        while (answers.Values.Sum(a => a.Count(f => !f.ContainsKey("progress"))) < 6)
        {
            var frame = (await harness.ReadFrameAsync())!;
            var id = Convert.ToInt64(frame["id"]);
            answers.TryAdd(id, []);
            answers[id].Add(frame);
        }

        string? Code(Dictionary<string, object?> frame) => frame.TryGetValue("error", out var e) ? (string?)((Dictionary<string, object?>)e!)["code"] : null;
        var two = answers[2].Where(f => !f.ContainsKey("progress")).Select(Code).ToList();
        Assert.Equal([ErrorCodes.DuplicateId, ErrorCodes.Cancelled], two);
        Assert.Equal(ErrorCodes.Busy, Code(answers[3].Single()));
        Assert.Equal(true, ((Dictionary<string, object?>)answers[4].Single()["result"]!)["cancelled"]);
        var one = (Dictionary<string, object?>)answers[1].Single(f => f.ContainsKey("result"))["result"]!;
        Assert.Equal(true, one["cancelled"]);
        Assert.NotNull(one["schedule"]);
    }

    [Fact]
    public async Task Solve_DeadlinePassesWhileRunning_AnswersWithTheBestSoFar()
    {
        await using var harness = new ServiceHarness();
        var problem = harness.Engine.LoadProblem(Shipped("tiny.msgpack"));
        var body = ServiceHarness.Request(1, "solve", ("problem", problem.Hash), ("workers", 1), ("timeLimit", 600));

        // The same request with a deadline of 0 ms: cancelled at once, while waiting or at the start of its search.
        await harness.SendFrameAsync(WithDeadline(body, 0));
        var frame = (await harness.ReadFrameAsync())!;

        if (frame.TryGetValue("error", out var error))
        {
            Assert.Equal(ErrorCodes.DeadlineExceeded, ((Dictionary<string, object?>)error!)["code"]);
        }
        else
        {
            Assert.Equal(true, ((Dictionary<string, object?>)frame["result"]!)["cancelled"]);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xc1 }, ErrorCodes.BadFrame, null)] // a byte MessagePack never uses
    [InlineData(new byte[] { 0x93, 0x01, 0x02, 0x03 }, ErrorCodes.BadFrame, null)] // an array, not a map
    [InlineData(new byte[] { 0x81, 0xa2, 0x69, 0x64 }, ErrorCodes.BadFrame, null)] // a map cut short
    public async Task BadBody_GetsAnErrorAndTheConnectionGoesOn(byte[] body, string code, string? field)
    {
        await using var harness = new ServiceHarness();
        await harness.SendFrameAsync(body);
        await harness.SendFrameAsync(ServiceHarness.Request(7, "hello", ("version", 1)));

        var error = (await harness.ReadFrameAsync())!;
        var hello = (await harness.ReadFrameAsync())!;

        Assert.Null(error["id"]);
        var details = (Dictionary<string, object?>)error["error"]!;
        Assert.Equal(code, details["code"]);
        Assert.Equal(field, details["field"]);
        Assert.Equal(7L, hello["id"]);
        Assert.True(hello.ContainsKey("result"));
    }

    [Fact]
    public async Task BadRequests_GetErrorsNamingTheField()
    {
        await using var harness = new ServiceHarness();
        var problem = harness.Engine.LoadProblem(Shipped("tiny.msgpack"));
        var cases = new (byte[] Body, string Code, string? Field)[]
        {
            (ServiceHarness.Request(1, "no-such-method"), ErrorCodes.UnknownMethod, "method"),
            (ServiceHarness.Request(2, "load-problem", ("problem", "not bytes")), ErrorCodes.BadParams, "params.problem"),
            (ServiceHarness.Request(3, "load-problem"), ErrorCodes.BadParams, "params.problem"),
            (ServiceHarness.Request(4, "load-problem", ("problem", new byte[] { 1, 2, 3 })), ErrorCodes.BadParams, "params.problem"),
            (ServiceHarness.Request(5, "validate", ("problem", "0123"), ("schedule", "4567")), ErrorCodes.UnknownHash, "params.problem"),
            (ServiceHarness.Request(6, "validate", ("problem", problem.Hash), ("schedule", "4567")), ErrorCodes.UnknownHash, "params.schedule"),
            (ServiceHarness.Request(7, "solve", ("problem", problem.Hash), ("workers", 0)), ErrorCodes.BadParams, "params.workers"),
            (ServiceHarness.Request(8, "solve", ("problem", problem.Hash), ("strategy", "fastest")), ErrorCodes.BadParams, "params.strategy"),
            (ServiceHarness.Request(9, "solve", ("problem", problem.Hash), ("cpSat", "no_such_parameter:1")), ErrorCodes.BadParams, "params.cpSat"),
            (ServiceHarness.Request(10, "export", ("problem", problem.Hash), ("schedule", "x"), ("format", "pdf")), ErrorCodes.BadParams, "params.format"),
            (ServiceHarness.Request(11, "check-swap", ("problem", problem.Hash), ("schedule", "x"), ("kind", "steal")), ErrorCodes.BadParams, "params.kind"),
        };
        foreach (var (body, _, _) in cases)
        {
            await harness.SendFrameAsync(body);
        }

        foreach (var (_, code, field) in cases)
        {
            var frame = (await harness.ReadFrameAsync())!;
            var error = (Dictionary<string, object?>)frame["error"]!;
            Assert.Equal((code, field), ((string)error["code"]!, (string?)error["field"]));
        }
    }

    [Fact]
    public async Task LoadProblem_InvalidProblem_NamesTheFieldInsideIt()
    {
        await using var harness = new ServiceHarness();
        var problem = ProblemFile.Read(TestData.Problem("tiny.msgpack"));
        var json = Encoding.UTF8.GetString(ProblemFile.ToBytes(problem, FileFormat.Json));
        var broken = Encoding.UTF8.GetBytes(Regex.Replace(json, "\"horizonDays\": *[0-9]+", "\"horizonDays\": 0"));
        Assert.NotEqual(json, Encoding.UTF8.GetString(broken));

        await harness.SendFrameAsync(ServiceHarness.Request(1, "load-problem", ("problem", broken)));
        var error = (Dictionary<string, object?>)(await harness.ReadFrameAsync())!["error"]!;

        Assert.Equal(ErrorCodes.BadParams, error["code"]);
        Assert.Equal("params.problem.horizonDays", error["field"]);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u << 31)]
    public async Task LengthPrefix_ZeroOrAboveTheMaximum_AnswersThenClosesTheConnection(uint length)
    {
        await using var harness = new ServiceHarness(server: new ServerOptions { MaxFrame = 1024 });
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, length);
        await harness.SendAsync([.. prefix, 1, 2, 3]);

        var error = (Dictionary<string, object?>)(await harness.ReadFrameAsync())!["error"]!;

        Assert.Equal(ErrorCodes.FrameTooLarge, error["code"]);
        Assert.Null(await harness.ReadFrameAsync());
        await harness.Serving.WaitAsync(TimeSpan.FromMinutes(1), Token);
    }

    [Fact]
    public async Task Pipelined_ClientNotReading_StopsBeingReadThenEverythingIsAnsweredInOrder()
    {
        await using var harness = new ServiceHarness();
        var problem = harness.Engine.LoadProblem(Shipped("tiny.msgpack"));
        const uint count = 10_000; // requests of 30 bytes and answers of hundreds: far more than the pipes hold

        var sending = Task.Run(async () =>
        {
            await harness.SendFrameAsync(ServiceHarness.Request(0, "solve", ("problem", problem.Hash), ("workers", 1), ("deterministicTime", 1)));
            for (var id = 1u; id <= count; id++)
            {
                await harness.SendFrameAsync(ServiceHarness.Request(id, "hello", ("version", 1)));
            }
        }, Token);

        // Nobody reads the answers, so the server must stop reading requests: the client's sends wait.
        Assert.NotSame(sending, await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(1), Token)));

        var next = 1u;
        var solved = 0;
        while (next <= count || solved == 0)
        {
            var frame = (await harness.ReadFrameAsync())!;
            if ((long)frame["id"]! == 0)
            {
                solved++;
                Assert.True(frame.ContainsKey("result"));
                continue;
            }

            Assert.Equal(next++, (uint)(long)frame["id"]!);
        }

        await sending;
        Assert.Equal(1, solved);
    }

    [Fact]
    public async Task EndOfInput_DuringASolve_AnswersWithTheBestSoFarAndEnds()
    {
        await using var harness = new ServiceHarness();
        var problem = harness.Engine.LoadProblem(Shipped("small.msgpack"));
        await harness.SendFrameAsync(ServiceHarness.Request(1, "solve", ("problem", problem.Hash), ("workers", 1), ("timeLimit", 600), ("progress", true)));
        Assert.True((await harness.ReadFrameAsync())!.ContainsKey("progress"));

        await harness.EndInputAsync();
        Dictionary<string, object?>? frame;
        do
        {
            frame = await harness.ReadFrameAsync();
        }
        while (frame is not null && frame.ContainsKey("progress"));

        var result = (Dictionary<string, object?>)frame!["result"]!;
        Assert.Equal(true, result["cancelled"]);
        Assert.NotNull(result["schedule"]);
        Assert.Null(await harness.ReadFrameAsync());
        await harness.Serving.WaitAsync(TimeSpan.FromMinutes(1), Token);
    }

    [Fact]
    public async Task UnixSocket_ClientLeavesDuringASolve_ItsSolveStopsAndOthersAreServed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scheduler-test-{Guid.NewGuid():N}.sock");
        var engine = new SchedulerEngine();
        var server = new SchedulerServer(engine);
        using var shutdown = new CancellationTokenSource();
        var listening = server.ListenAsync(SchedulerServer.ListenUnix(path), shutdown.Token);
        try
        {
            var problem = engine.LoadProblem(Shipped("small.msgpack"));
            var started = new TaskCompletionSource();
            var leaving = await SchedulerClient.ConnectUnixAsync(path, Token);
            var solve = leaving.SolveAsync(
                problem.Hash, new ServiceSolveOptions { Workers = 1, TimeLimit = 600 }, new SynchronousProgress(_ => started.TrySetResult()), Token);
            await started.Task.WaitAsync(Token);
            await leaving.DisposeAsync();
            await Assert.ThrowsAnyAsync<IOException>(() => solve);

            await using var staying = await SchedulerClient.ConnectUnixAsync(path, Token);
            Assert.Equal(problem.Hash, (await staying.LoadProblemAsync(Shipped("small.msgpack"), Token)).Hash);
            while (engine.SolvesWaitingOrRunning > 0)
            {
                await Task.Delay(50, Token);
            }
        }
        finally
        {
            await shutdown.CancelAsync();
            await listening.WaitAsync(TimeSpan.FromMinutes(1), Token);
            File.Delete(path);
        }
    }

    [Fact]
    public void ListenUnix_PathIsARegularFile_RefusesToReplaceIt()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a socket");
            Assert.Throws<IOException>(() => SchedulerServer.ListenUnix(path));
            Assert.Equal("not a socket", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] WithDeadline(byte[] body, uint deadline)
    {
        // The request map has 3 entries (0x83): make it 4 and append "deadline".
        Assert.Equal(0x83, body[0]);
        var extra = new List<byte> { 0xa8 };
        extra.AddRange("deadline"u8.ToArray());
        extra.Add(0xce);
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, deadline);
        extra.AddRange(value);
        return [0x84, .. body[1..], .. extra];
    }

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post to the pool, after the result).</summary>
    private sealed class SynchronousProgress(Action<ServiceProgress> report) : IProgress<ServiceProgress>
    {
        public void Report(ServiceProgress value) => report(value);
    }
}
