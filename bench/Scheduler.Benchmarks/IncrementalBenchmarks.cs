using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Benchmarks;

/// <summary>
/// Re-check after swapping two residents' assignments (and swapping back, so the state stays the same):
/// the incremental checker against a full re-check of the schedule; and a swap tried and taken back with
/// <see cref="IncrementalChecker.Revert"/> (what a service's check-swap and a local search do).
/// </summary>
[BenchmarkCategory(Categories.Incremental)]
[MemoryDiagnoser]
public class IncrementalBenchmarks
{
    private const int Swaps = 64;
    private IncrementalChecker _checker = null!;
    private CompiledSchedule _compiled = null!;
    private readonly ViolationSink _sink = new();
    private (int A, int ShiftA, int B, int ShiftB)[] _swaps = [];
    private int _next;

    [Params("large", "xl")]
    public string Instance { get; set; } = "xl";

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load(Instance);
        var compiled = CompiledProblem.Compile(problem);
        _compiled = CompiledSchedule.Compile(compiled, schedule);
        _checker = new IncrementalChecker(compiled, _compiled);

        // Deterministic swaps between two residents' shifts that neither already works.
        var rng = new Random(42);
        var swaps = new List<(int, int, int, int)>();
        var pairs = _compiled.ToPairs();
        while (swaps.Count < Swaps)
        {
            var (a, sa) = pairs[rng.Next(pairs.Length)];
            var (b, sb) = pairs[rng.Next(pairs.Length)];
            if (a != b && sa != sb && compiled.Roles[a] == Role.Resident && compiled.Roles[b] == Role.Resident
                && !_checker.IsAssigned(a, sb) && !_checker.IsAssigned(b, sa))
            {
                swaps.Add((a, sa, b, sb));
            }
        }

        _swaps = swaps.ToArray();
    }

    [Benchmark(Baseline = true, Description = "full re-check", OperationsPerInvoke = 1)]
    public int FullRecheck()
    {
        _sink.Clear();
        ComplianceChecker.Check(_compiled, _sink);
        return _sink.Count;
    }

    [Benchmark(Description = "incremental swap", OperationsPerInvoke = 2)]
    public int IncrementalSwap()
    {
        var (a, sa, b, sb) = _swaps[_next];
        _next = (_next + 1) % Swaps;
        var changed = _checker.Swap(a, sa, b, sb).Added.Length;
        return changed + _checker.Swap(a, sb, b, sa).Added.Length;
    }

    [Benchmark(Description = "swap tried and reverted")]
    public int SwapAndRevert()
    {
        var (a, sa, b, sb) = _swaps[_next];
        _next = (_next + 1) % Swaps;
        var changed = _checker.Swap(a, sa, b, sb).Added.Length;
        _checker.Revert();
        return changed;
    }
}
