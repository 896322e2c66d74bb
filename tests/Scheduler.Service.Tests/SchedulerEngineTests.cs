using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;
using Scheduler.Testing;

namespace Scheduler.Service.Tests;

public sealed class SchedulerEngineTests
{
    private static readonly SolverOptions Repeatable = new() { Workers = 1, TimeLimit = null, DeterministicTimeLimit = 5 };

    [Fact]
    public void LoadProblem_SameContentAsMessagePackAndJson_GivesOneHashAndCompilesOnce()
    {
        var engine = new SchedulerEngine();
        var problem = ProblemFile.Read(TestData.Problem("tiny.msgpack"));
        var fromMsgpack = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("tiny.msgpack")));
        var fromJson = engine.LoadProblem(ProblemFile.ToBytes(problem, FileFormat.Json));

        Assert.Equal(ContentHash.Of(problem), fromMsgpack.Hash);
        Assert.Same(fromMsgpack.Problem, fromJson.Problem);
        Assert.Equal(1, engine.ProblemCount);
    }

    [Fact]
    public void LoadProblem_InvalidProblem_ThrowsModelExceptionWithTheFieldAndKeepsNothing()
    {
        var engine = new SchedulerEngine();
        var problem = ProblemFile.Read(TestData.Problem("tiny.msgpack"));
        var broken = problem with { HorizonDays = 0 };

        var e = Assert.Throws<ModelException>(() => engine.LoadProblem(broken));
        Assert.Contains(e.Errors, error => error.Path == "horizonDays");
        Assert.Equal(0, engine.ProblemCount);
    }

    [Fact]
    public void Validate_LoadedSchedule_EqualsTheFullChecker()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("small.msgpack")));
        var schedule = ScheduleFile.Read(TestData.Problem("small.schedule.msgpack"));
        var loaded = engine.LoadSchedule(problem.Hash, schedule);

        var expected = ComplianceChecker.Check(CompiledSchedule.Compile(problem.Problem, schedule)).Violations;
        Assert.Equal(expected, engine.Validate(problem.Hash, loaded.Hash).Violations);
        Assert.Equal(expected, engine.Validate(problem.Hash, schedule).Violations);
        Assert.Equal(ContentHash.Of(schedule), loaded.Hash);
    }

    [Fact]
    public void Calls_UnknownOrUnloadedHash_ThrowUnknownHandleNamingTheKind()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("tiny.msgpack")));
        var schedule = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TestData.Problem("tiny.schedule.msgpack")));

        Assert.Equal("schedule", Assert.Throws<UnknownHandleException>(() => engine.Validate(problem.Hash, "feed")).Kind);
        Assert.True(engine.Unload(schedule.Hash));
        Assert.Equal("schedule", Assert.Throws<UnknownHandleException>(() => engine.Validate(problem.Hash, schedule.Hash)).Kind);
        Assert.True(engine.Unload(problem.Hash));
        Assert.False(engine.Unload(problem.Hash));
        Assert.Equal("problem", Assert.Throws<UnknownHandleException>(() => engine.GetProblem(problem.Hash)).Kind);
    }

    [Fact]
    public void LoadProblem_BeyondTheCap_UnloadsTheLeastRecentlyUsed()
    {
        var engine = new SchedulerEngine(new EngineOptions { MaxProblems = 2 });
        var tiny = ProblemFile.Read(TestData.Problem("tiny.msgpack"));
        var a = engine.LoadProblem(tiny with { Name = "a" });
        var b = engine.LoadProblem(tiny with { Name = "b" });
        engine.GetProblem(a.Hash);
        var c = engine.LoadProblem(tiny with { Name = "c" });

        Assert.Equal(2, engine.ProblemCount);
        Assert.Same(a, engine.GetProblem(a.Hash));
        Assert.Same(c, engine.GetProblem(c.Hash));
        Assert.Throws<UnknownHandleException>(() => engine.GetProblem(b.Hash));
    }

    [Fact]
    public void CheckChange_ChangeThatDoesNotFit_ThrowsNamingTheField()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("tiny.msgpack")));
        var loaded = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TestData.Problem("tiny.schedule.msgpack")));
        var schedule = loaded.Schedule;
        var (person, shift) = schedule.ToPairs()[0];
        var personId = problem.Problem.PersonId(person);
        var shiftId = problem.Problem.ShiftId(shift);

        string Field(ScheduleChange change) =>
            Assert.Throws<ModelException>(() => engine.CheckChange(problem.Hash, loaded.Hash, change)).Errors[0].Path;

        Assert.Equal("person", Field(new ScheduleChange(ChangeKind.Remove, "nobody", shiftId)));
        Assert.Equal("shift", Field(new ScheduleChange(ChangeKind.Remove, personId, "no-shift")));
        Assert.Equal("shift", Field(new ScheduleChange(ChangeKind.Add, personId, shiftId)));
        Assert.Equal("otherPerson", Field(new ScheduleChange(ChangeKind.Give, personId, shiftId)));
        Assert.Equal("otherPerson", Field(new ScheduleChange(ChangeKind.Give, personId, shiftId, personId)));
        Assert.Equal("otherShift", Field(new ScheduleChange(ChangeKind.Swap, personId, shiftId, problem.Problem.PersonId((person + 1) % problem.Problem.PersonCount))));
    }

    [Fact]
    public async Task SolveAsync_Repeatable_GivesTheSolversScheduleAndReportsProgress()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("tiny.msgpack")));
        var reports = 0;
        var progress = new ImmediateProgress(_ => Interlocked.Increment(ref reports));

        var result = await engine.SolveAsync(problem.Hash, Repeatable, progress, TestContext.Current.CancellationToken);
        var direct = ScheduleSolver.Solve(problem.Problem, Repeatable, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(result.Schedule);
        Assert.Equal(direct.Schedule!.ToPairs(), result.Schedule.ToPairs());
        Assert.Equal(direct.Objective, result.Objective);
        Assert.True(reports > 0);
        Assert.Equal(0, engine.SolvesWaitingOrRunning);
    }

    [Fact]
    public async Task SolveAsync_QueueFull_RefusesAsBusyAndCancelledWaitersGetNoSchedule()
    {
        var engine = new SchedulerEngine(new EngineOptions { MaxConcurrentSolves = 1, MaxQueuedSolves = 1 });
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("small.msgpack")));
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var first = engine.SolveAsync(
            problem.Hash, new SolverOptions { Workers = 1, TimeLimit = TimeSpan.FromMinutes(10) }, new ImmediateProgress(_ => started.TrySetResult()), stopFirst.Token);
        var second = engine.SolveAsync(problem.Hash, Repeatable, null, stopSecond.Token);

        await Assert.ThrowsAsync<EngineBusyException>(() => engine.SolveAsync(problem.Hash, Repeatable, null, TestContext.Current.CancellationToken));
        await started.Task.WaitAsync(TestContext.Current.CancellationToken);
        await stopSecond.CancelAsync();
        var waited = await second;
        Assert.True(waited.Cancelled);
        Assert.Null(waited.Schedule);

        await stopFirst.CancelAsync();
        var stopped = await first;
        Assert.True(stopped.Cancelled);
        Assert.NotNull(stopped.Schedule); // the best so far
        Assert.Equal(0, engine.SolvesWaitingOrRunning);
    }

    [Fact]
    public async Task EvaluateAsync_LoadedSchedule_EqualsTheSolversEvaluation()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("tiny.msgpack")));
        var loaded = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TestData.Problem("tiny.schedule.msgpack")));

        var terms = await engine.EvaluateAsync(problem.Hash, loaded.Hash, TestContext.Current.CancellationToken);

        Assert.Equal(ScheduleSolver.Evaluate(loaded.Schedule, TestContext.Current.CancellationToken), terms);
    }

    [Fact]
    public void Export_LoadedSchedule_WritesWhatScheduleExportWrites()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(File.ReadAllBytes(TestData.Problem("tiny.msgpack")));
        var loaded = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TestData.Problem("tiny.schedule.msgpack")));
        var viaEngine = new StringWriter();
        var direct = new StringWriter();

        var count = engine.Export(problem.Hash, loaded.Hash, ExportFormat.Csv, viaEngine);
        ScheduleExport.Write(loaded.Schedule, ExportFormat.Csv, direct);

        Assert.Equal(loaded.Schedule.AssignmentCount, count);
        Assert.Equal(direct.ToString(), viaEngine.ToString());
    }
}
