using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Benchmarks;

/// <summary>
/// How far the full check of xl is from the cost of merely reading its input: one pass over every person's
/// duties (each duty read once, nothing judged), and one pass that also reads each assigned shift's
/// eligibility data (what the cheapest rule does), against the whole check in the same run.
/// </summary>
[BenchmarkCategory(Categories.Rules)]
[MemoryDiagnoser]
public class FloorBenchmarks
{
    private CompiledProblem _problem = null!;
    private CompiledSchedule _schedule = null!;
    private readonly ViolationSink _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load("xl");
        _problem = CompiledProblem.Compile(problem);
        _schedule = CompiledSchedule.Compile(_problem, schedule);
    }

    [Benchmark(Baseline = true, Description = "whole check")]
    public int Whole()
    {
        _sink.Clear();
        ComplianceChecker.Check(_schedule, _sink);
        return _sink.Count;
    }

    [Benchmark(Description = "read every duty once")]
    public long ReadDuties()
    {
        long sum = 0;
        for (var person = 0; person < _problem.PersonCount; person++)
        {
            foreach (ref readonly var duty in _schedule.Duties(person))
            {
                sum += duty.End - duty.Start + (int)duty.Kinds;
            }
        }

        return sum;
    }

    [Benchmark(Description = "read every duty and its shift's eligibility")]
    public int ReadDutiesAndShifts()
    {
        var eligible = 0;
        for (var person = 0; person < _problem.PersonCount; person++)
        {
            foreach (ref readonly var duty in _schedule.Duties(person))
            {
                eligible += duty.IsHistory || _problem.IsEligible(person, duty.Shift) ? 1 : 0;
            }
        }

        return eligible;
    }
}
