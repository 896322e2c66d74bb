using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Checking;

/// <summary>The churn guard at and around its limits: two residents working ten days each, ann's days taken by ben.</summary>
public sealed class ChurnGuardTests
{
    private static ScheduleDiff Moved(int days)
    {
        var builder = new ResidentScheduleBuilder(horizonDays: 28).Resident("ann").Resident("ben");
        for (var day = 0; day < 20; day++)
        {
            builder.Shift("ward-d" + day, ShiftTemplate.At(ResidentScheduleBuilder.Ward, day, new TimeOnly(8, 0), new TimeOnly(16, 0)), null, day < 10 ? "ann" : "ben");
        }

        var problem = CompiledProblem.Compile(builder.BuildProblem());
        var published = CompiledSchedule.Compile(problem, builder.BuildSchedule());
        problem.TryGetPerson("ann", out var ann);
        problem.TryGetPerson("ben", out var ben);
        var changed = published.ToPairs().Select(x => x.Person == ann && problem.ShiftDay[x.Shift] < days ? (ben, x.Shift) : x).ToArray();
        return ScheduleDiff.Of(published, CompiledSchedule.FromPairs(problem, changed));
    }

    [Fact]
    public void Judge_SixOfAnnsTenDays_RefusedOverallAndForAnnWithTheNumbers()
    {
        var diff = Moved(6);

        var verdict = ChurnGuard.Judge(diff);

        // Ann: 6 of 10 days; ben: 6 of 16 days worked in either; overall 12 of 26.
        Assert.True(verdict.Refused);
        Assert.Equal(
            ["churn 46.2 % over the 20 % limit: 12 of 26 person-days changed", "Resident ann (ann): churn 60.0 % (6 of 10 days worked), over the 50 % limit for anyone"],
            verdict.Reasons);
        Assert.Equal(["Resident ben (ben): churn 37.5 % (6 of 16 days worked), over 30 %"], verdict.Warnings);
    }

    [Fact]
    public void Judge_OneDay_WithinTheLimits()
    {
        var verdict = ChurnGuard.Judge(Moved(1));

        Assert.False(verdict.Refused);
        Assert.Empty(verdict.Reasons);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public void Judge_ExemptPeopleAndLooserLimits_OnlyTheRestCount()
    {
        var diff = Moved(6);
        diff.Problem.TryGetPerson("ann", out var ann);

        var verdict = ChurnGuard.Judge(diff, new ChurnLimits(MaxGlobal: 0.5, MaxPerson: 0.5, WarnPerson: 0.4), new HashSet<int> { ann });

        Assert.False(verdict.Refused);
        Assert.Empty(verdict.Warnings);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnGuard.Judge(diff, new ChurnLimits(MaxGlobal: 1.5)));
    }
}
