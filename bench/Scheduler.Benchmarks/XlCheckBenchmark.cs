using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Benchmarks;

/// <summary>The compiled xl schedule and its whole check as the baseline, for the suites that take the check apart.</summary>
public abstract class XlCheckBenchmark
{
    protected CompiledProblem Problem { get; private set; } = null!;

    protected CompiledSchedule Schedule { get; private set; } = null!;

    protected ViolationSink Sink { get; } = new();

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load("xl");
        Problem = CompiledProblem.Compile(problem);
        Schedule = CompiledSchedule.Compile(Problem, schedule);
    }

    [Benchmark(Baseline = true, Description = "whole check")]
    public int Whole()
    {
        Sink.Clear();
        ComplianceChecker.Check(Schedule, Sink);
        return Sink.Count;
    }
}
