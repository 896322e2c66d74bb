using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;

namespace Scheduler.Benchmarks;

/// <summary>
/// Every legal taker and swap partner for one shift of large (<see cref="SwapPartners"/>, `scheduler partners`): a 24 h
/// call in the middle of the year, and a ward day, each tried on an incremental checker and reverted. Against a full
/// check of the same schedule.
/// </summary>
[BenchmarkCategory(Categories.Diagnosis)]
[MemoryDiagnoser]
public class ChangeBenchmarks
{
    private CompiledSchedule _schedule = null!;
    private IncrementalChecker _checker = null!;
    private readonly ViolationSink _sink = new();
    private int _person;
    private int _shift;

    [Params("call/24h", "ward-1/day")]
    public string Activity { get; set; } = "call/24h";

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load("large");
        _schedule = CompiledSchedule.Compile(CompiledProblem.Compile(problem), schedule);
        var compiled = _schedule.Problem;
        compiled.TryGetShift($"2027-01-06/{Activity}", out _shift);
        _person = _schedule.PeopleOn(_shift)[0];
        _checker = new IncrementalChecker(compiled, _schedule);
        Console.WriteLine($"// {compiled.ShiftId(_shift)} of {compiled.PersonId(_person)}: {SwapPartners.Find(_checker, _person, _shift).Count} partners");
    }

    [Benchmark(Baseline = true, Description = "full check")]
    public int FullCheck()
    {
        _sink.Clear();
        ComplianceChecker.Check(_schedule, _sink);
        return _sink.Count;
    }

    [Benchmark(Description = "every legal partner")]
    public int Partners() => SwapPartners.Find(_checker, _person, _shift).Count;
}
