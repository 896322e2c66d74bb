using BenchmarkDotNet.Attributes;

namespace Scheduler.Benchmarks;

/// <summary>
/// How far the full check of xl is from the cost of merely reading its input: one pass over every person's
/// duties (each duty read once, nothing judged), and one pass that also reads each assigned shift's
/// eligibility data (what the cheapest rule does), against the whole check in the same run.
/// </summary>
[BenchmarkCategory(Categories.Rules)]
[MemoryDiagnoser]
public class FloorBenchmarks : XlCheckBenchmark
{
    [Benchmark(Description = "read every duty once")]
    public long ReadDuties()
    {
        long sum = 0;
        for (var person = 0; person < Problem.PersonCount; person++)
        {
            foreach (ref readonly var duty in Schedule.Duties(person))
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
        for (var person = 0; person < Problem.PersonCount; person++)
        {
            foreach (ref readonly var duty in Schedule.Duties(person))
            {
                eligible += duty.IsHistory || Problem.IsEligible(person, duty.Shift) ? 1 : 0;
            }
        }

        return eligible;
    }
}
