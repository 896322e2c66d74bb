using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Benchmarks;

/// <summary>Full check of a whole schedule: the span-based checkers against the minute-by-minute reference.</summary>
[BenchmarkCategory(Categories.Check)]
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(5)]
public class CheckBenchmarks
{
    private CompiledSchedule _compiled = null!;
    private CompiledProblem _problem = null!;
    private Schedule _schedule = null!;
    private readonly ViolationSink _sink = new();

    [Params("large", "xl")]
    public string Instance { get; set; } = "large";

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load(Instance);
        _problem = CompiledProblem.Compile(problem);
        _schedule = schedule;
        _compiled = CompiledSchedule.Compile(_problem, schedule);
        Fast();
    }

    [Benchmark(Baseline = true, Description = "reference (minute by minute)")]
    public int Reference() => ReferenceChecker.Check(_problem, _schedule).Count;

    [Benchmark(Description = "span checkers")]
    public int Fast()
    {
        _sink.Clear();
        ComplianceChecker.Check(_compiled, _sink);
        return _sink.Count;
    }
}
