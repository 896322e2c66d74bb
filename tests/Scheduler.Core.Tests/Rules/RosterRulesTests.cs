using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

/// <summary>
/// Boundary cases of the generic rostering rules. The horizon starts on Wednesday 2026-07-01 and lasts 14 days:
/// days 3 and 4 are the first Saturday and Sunday, days 10 and 11 the second.
/// </summary>
public sealed class RosterRulesTests
{
    private static ShiftTemplate WardDay(int day) => ShiftTemplate.At(Ward, day, new(7, 0), new(15, 0));

    private static ResidentScheduleBuilder Staff(RosterLimits limits, params int[] days) =>
        new ResidentScheduleBuilder(horizonDays: 14).Staff("nurse", limits).WorkEach("nurse", WardDay(0), days);

    [Fact]
    public void ConsecutiveDays_ShortRunInside_FailsWithRunAsWindow()
    {
        var b = Staff(new RosterLimits { MinConsecutiveDays = 3 }, 5, 6);

        var v = b.Check().One(RuleId.ConsecutiveDays);

        Assert.Equal((2, 3), (v.Measured, v.Limit));
        Assert.Equal((b.DayStart(5), b.DayStart(7)), (v.From, v.To));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(12, 13)]
    public void ConsecutiveDays_ShortRunTouchingAnEnd_IsExempt(int first, int second) =>
        Assert.Empty(Staff(new RosterLimits { MinConsecutiveDays = 3 }, first, second).Check().Of(RuleId.ConsecutiveDays));

    [Fact]
    public void ConsecutiveDays_LongRunTouchingAnEnd_StillBreaksTheMaximum()
    {
        var report = Staff(new RosterLimits { MaxConsecutiveDays = 4 }, 0, 1, 2, 3, 4).Check();

        Assert.Equal(5, report.One(RuleId.ConsecutiveDays).Measured);
    }

    [Fact]
    public void ConsecutiveDays_ExactlyTheMaximum_Passes() =>
        Assert.Empty(Staff(new RosterLimits { MaxConsecutiveDays = 4 }, 2, 3, 4, 5).Check().Of(RuleId.ConsecutiveDays));

    [Fact]
    public void ConsecutiveDaysOff_OneDayBetweenWork_Fails()
    {
        var b = Staff(new RosterLimits { MinConsecutiveDaysOff = 2 }, 2, 4);

        var v = b.Check().One(RuleId.ConsecutiveDaysOff);

        Assert.Equal((1, 2), (v.Measured, v.Limit));
        Assert.Equal((b.DayStart(3), b.DayStart(4)), (v.From, v.To));
    }

    [Fact]
    public void ConsecutiveDaysOff_ShortBreaksAtTheEnds_AreExempt() =>
        Assert.Empty(Staff(new RosterLimits { MinConsecutiveDaysOff = 3 }, 1, 2, 6, 12).Check().Of(RuleId.ConsecutiveDaysOff));

    [Fact]
    public void ConsecutiveDaysOff_NightEndingOnAFreeDay_LeavesItADayOff()
    {
        // A night from day 2 to day 3 starts on day 2: day 3 is off, so days 3..4 are a two-day break.
        var report = new ResidentScheduleBuilder(horizonDays: 14)
            .Staff("nurse", new RosterLimits { MinConsecutiveDaysOff = 2 })
            .Work("nurse", ShiftTemplate.NightShift.OnDay(2))
            .Work("nurse", WardDay(5))
            .Check();

        Assert.Empty(report.Of(RuleId.ConsecutiveDaysOff));
    }

    [Fact]
    public void Weekends_SaturdayAndSundayOfOneWeekend_CountOnce()
    {
        Assert.Empty(Staff(new RosterLimits { MaxWeekends = 1 }, 3, 4).Check().Of(RuleId.Weekends));
        Assert.Equal(2, Staff(new RosterLimits { MaxWeekends = 1 }, 4, 10).Check().One(RuleId.Weekends).Measured);
    }

    [Fact]
    public void Weekends_HorizonStartingOnSunday_CountsThatSunday()
    {
        var report = new ResidentScheduleBuilder(startDate: new DateOnly(2026, 7, 5), horizonDays: 7)
            .Staff("nurse", new RosterLimits { MaxWeekends = 0 })
            .Work("nurse", WardDay(0))
            .Check();

        Assert.Equal(1, report.One(RuleId.Weekends).Measured);
    }

    [Fact]
    public void ShiftsPerActivity_OneOverTheLimit_NamesTheFirstShiftOver()
    {
        var report = Staff(new RosterLimits { MaxShifts = [new ActivityLimit(Ward, 2)] }, 1, 5, 9).Check();

        var v = report.One(RuleId.ShiftsPerActivity);
        Assert.Equal((3, 2), (v.Measured, v.Limit));
        Assert.Contains("d9", report.Problem.ShiftId(v.Shift), StringComparison.Ordinal);
        Assert.Empty(Staff(new RosterLimits { MaxShifts = [new ActivityLimit(Ward, 3), new ActivityLimit(Night, 0)] }, 1, 5, 9).Check().Of(RuleId.ShiftsPerActivity));
    }

    [Fact]
    public void TotalMinutes_ExactlyTheMaximumPasses_OneShiftMoreFails()
    {
        Assert.Empty(Staff(new RosterLimits { MaxTotalMinutes = 3 * 480 }, 1, 2, 3).Check().Of(RuleId.TotalMinutes));
        Assert.Equal(4 * 480, Staff(new RosterLimits { MaxTotalMinutes = 3 * 480 }, 1, 2, 3, 4).Check().One(RuleId.TotalMinutes).Measured);
        Assert.Equal(480, Staff(new RosterLimits { MinTotalMinutes = 481 }, 1).Check().One(RuleId.TotalMinutes).Measured);
    }

    [Fact]
    public void Succession_ForbiddenPairOnConsecutiveDays_FailsOnlyThere()
    {
        var rules = ProgramRules.Acgme with { ForbiddenSuccessions = [new Succession(Night, Ward)] };
        ComplianceReport Run(int wardDay) => new ResidentScheduleBuilder(horizonDays: 14)
            .WithRules(rules)
            .Staff("nurse", new RosterLimits())
            .Work("nurse", ShiftTemplate.NightShift.OnDay(2))
            .Work("nurse", ShiftTemplate.At(Ward, wardDay, new(16, 0), new(20, 0)))
            .Check();

        var v = Run(3).One(RuleId.Succession);
        Assert.Equal((1, 0), (v.Measured, v.Limit));
        Assert.Empty(Run(4).Of(RuleId.Succession));
        Assert.Empty(Run(1).Of(RuleId.Succession));
    }
}
