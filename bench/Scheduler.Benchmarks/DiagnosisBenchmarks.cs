using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;

namespace Scheduler.Benchmarks;

/// <summary>
/// The reasons for every short shift (<see cref="ShortfallReasons"/>) of large with shifts made short on purpose
/// (its shipped schedule has none): every <see cref="Stride"/>th shift that needs people loses all of them (300: about
/// 100 short shifts, as many as a year the solver leaves short; 25: about 1,200). Against a full check of the same
/// schedule.
/// </summary>
[BenchmarkCategory(Categories.Diagnosis)]
[MemoryDiagnoser]
public class DiagnosisBenchmarks
{
    private CompiledSchedule _schedule = null!;
    private readonly ViolationSink _sink = new();

    [Params(300, 25)]
    public int Stride { get; set; } = 300;

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load("large");
        var compiled = CompiledProblem.Compile(problem);
        var full = CompiledSchedule.Compile(compiled, schedule);
        var emptied = new HashSet<int>();
        for (var s = 0; s < compiled.ShiftCount; s++)
        {
            if (compiled.MinPeople[s] > 0 && emptied.Count * Stride <= s)
            {
                emptied.Add(s);
            }
        }

        _schedule = CompiledSchedule.FromPairs(compiled, full.ToPairs().Where(x => !emptied.Contains(x.Shift)).ToArray());
        Console.WriteLine($"// stride {Stride}: {ShortfallReasons.Explain(_schedule).Count} short shifts");
    }

    [Benchmark(Baseline = true, Description = "full check")]
    public int FullCheck()
    {
        _sink.Clear();
        ComplianceChecker.Check(_schedule, _sink);
        return _sink.Count;
    }

    [Benchmark(Description = "reasons for every short shift")]
    public int Reasons() => ShortfallReasons.Explain(_schedule).Count;
}

/// <summary>The capacity checks run before every solve (<see cref="CapacityChecks"/>), against a full check of the shipped schedule.</summary>
[BenchmarkCategory(Categories.Diagnosis)]
[MemoryDiagnoser]
public class CapacityBenchmarks
{
    private CompiledSchedule _schedule = null!;
    private readonly ViolationSink _sink = new();

    [Params("large", "xl")]
    public string Instance { get; set; } = "large";

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load(Instance);
        _schedule = CompiledSchedule.Compile(CompiledProblem.Compile(problem), schedule);
        Console.WriteLine($"// {Instance}: {CapacityChecks.Run(_schedule.Problem).Findings.Count} capacity findings");
    }

    [Benchmark(Baseline = true, Description = "full check")]
    public int FullCheck()
    {
        _sink.Clear();
        ComplianceChecker.Check(_schedule, _sink);
        return _sink.Count;
    }

    [Benchmark(Description = "capacity checks")]
    public int Capacity() => CapacityChecks.Run(_schedule.Problem).Findings.Count;
}
