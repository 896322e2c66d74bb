using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class ConsecutiveNightsTests
{
    [Fact]
    public void Check_SixNightsInARow_Passes()
    {
        var report = Nights(Enumerable.Range(0, 6)).Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveNights));
    }

    [Fact]
    public void Check_SevenNightsInARow_FailsWithRunAsWindow()
    {
        var b = Nights(Enumerable.Range(0, 7));

        var report = b.Check();

        var v = report.One(RuleId.ConsecutiveNights);
        Assert.Equal(0, v.Person);
        Assert.Equal(7, v.Measured);
        Assert.Equal(6, v.Limit);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(7), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TwoNightShiftsStartingOnTheSameDate_CountOnce()
    {
        // Day 3's night is split 19:00-23:00 and 23:00-07:00: still six dates.
        var report = Nights([0, 1, 2, 4, 5])
            .Work("ada", ShiftTemplate.At(Night, 3, new(19, 0), new(23, 0)))
            .Work("ada", ShiftTemplate.At(Night, 3, new(23, 0), new(7, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveNights));
    }

    [Fact]
    public void Check_SevenDatesWithASplitNight_MeasuresSevenNotEight()
    {
        var report = Nights([0, 1, 2, 4, 5, 6])
            .Work("ada", ShiftTemplate.At(Night, 3, new(19, 0), new(23, 0)))
            .Work("ada", ShiftTemplate.At(Night, 3, new(23, 0), new(7, 0)))
            .Check();

        Assert.Equal(7, report.One(RuleId.ConsecutiveNights).Measured);
    }

    [Fact]
    public void Check_NightStarting2359_CountsOnItsStartDate()
    {
        // Nights 0..5 at 19:00, then one starting 23:59 on day 6: seven consecutive dates.
        var report = Nights(Enumerable.Range(0, 6))
            .Work("ada", ShiftTemplate.At(Night, 6, new(23, 59), new(7, 0)))
            .Check();

        Assert.Equal(7, report.One(RuleId.ConsecutiveNights).Measured);
    }

    [Fact]
    public void Check_NightStartingAtMidnight_CountsOnTheNextDate()
    {
        // Starting 00:00 on day 7 leaves date 6 without a night: the run breaks.
        var report = Nights(Enumerable.Range(0, 6))
            .Work("ada", ShiftTemplate.At(Night, 7, new(0, 0), new(7, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveNights));
    }

    [Fact]
    public void Check_RunContinuingFromHistory_CountsHistoryNights()
    {
        var b = WithHistoryNights(horizonNights: 4);

        var v = b.Check().One(RuleId.ConsecutiveNights);

        Assert.Equal(7, v.Measured);
        Assert.Equal(b.DayStart(-3), v.From);
        Assert.Equal(b.DayStart(4), v.To);
    }

    [Fact]
    public void Check_RunContinuingFromHistoryAtSix_Passes()
    {
        var report = WithHistoryNights(horizonNights: 3).Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveNights));
    }

    [Fact]
    public void Check_LongRunEntirelyInHistory_IsNotJudged()
    {
        var b = new ResidentScheduleBuilder(horizonDays: 21).WithHistoryDays(7).Resident("ada");
        for (var day = -7; day <= -1; day++)
        {
            b.History("ada", ShiftTemplate.NightShift.OnDay(day));
        }

        var report = b.Work("ada", ShiftTemplate.NightShift.OnDay(1)).Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveNights));
    }

    [Fact]
    public void Check_PersonOverrideOfThree_FailsFourNights()
    {
        var report = Nights(Enumerable.Range(0, 4), new RuleOverrides { MaxConsecutiveNights = 3 }).Check();

        var v = report.One(RuleId.ConsecutiveNights);
        Assert.Equal(4, v.Measured);
        Assert.Equal(3, v.Limit);
    }

    [Fact]
    public void Check_DayWithoutNight_BreaksTheRun()
    {
        var report = Nights([0, 1, 2, 3, 4, 6, 7, 8, 9, 10]).Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveNights));
    }

    private static ResidentScheduleBuilder Nights(IEnumerable<int> days, RuleOverrides? overrides = null) =>
        new ResidentScheduleBuilder()
            .Resident("ada", overrides: overrides)
            .WorkEach("ada", ShiftTemplate.NightShift, days);

    private static ResidentScheduleBuilder WithHistoryNights(int horizonNights)
    {
        var b = new ResidentScheduleBuilder(horizonDays: 21).WithHistoryDays(7).Resident("ada");
        for (var day = -3; day <= -1; day++)
        {
            b.History("ada", ShiftTemplate.NightShift.OnDay(day));
        }

        return b.WorkEach("ada", ShiftTemplate.NightShift, Enumerable.Range(0, horizonNights));
    }
}
