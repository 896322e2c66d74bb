using FsCheck.Xunit;
using Scheduler.Core.Compiled;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Compiled;

/// <summary><see cref="CompiledProblem.ShiftsOnDay"/> against the shifts' own days, shift by shift.</summary>
public sealed class ShiftsOnDayProperties
{
    [Property(MaxTest = 200)]
    public void ShiftsOnDay_RandomProblem_HoldsExactlyTheShiftsStartingThatDay(int seed)
    {
        var problem = CompiledProblem.Compile(RandomCase.Create(seed).Problem);
        var listed = new int[problem.ShiftCount];
        for (var day = 0; day < problem.DayCount; day++)
        {
            var (first, end) = problem.ShiftsOnDay(day);
            for (var s = first; s < end; s++)
            {
                Assert.Equal(day, problem.ShiftDay[s]);
                listed[s]++;
            }
        }

        // Every shift once: none left out, none on two days.
        Assert.All(listed, count => Assert.Equal(1, count));
    }
}
