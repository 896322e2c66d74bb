using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class ContinuousDutyTests
{
    private const int Core = 24 * 60;
    private const int Total = 28 * 60;

    [Fact]
    public void Check_24HourCallPlus4HourHandover_Passes()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.Call24h.OnDay(2))
            .Work("ada", ShiftTemplate.Handover4h.OnDay(3))
            .Check();

        Assert.Empty(report.Of(RuleId.ContinuousDuty));
    }

    [Fact]
    public void Check_CoreOf24Hours1Minute_FailsOnCoreLength()
    {
        var b = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.Call24h.OnDay(2).Until(new(7, 1), daysLater: 1))
            .Work("ada", ShiftTemplate.Handover4h.OnDay(3).From(new(7, 1)));

        var report = b.Check();

        var v = report.One(RuleId.ContinuousDuty);
        Assert.Equal(0, v.Person);
        Assert.Equal(Core + 1, v.Measured);
        Assert.Equal(Core, v.Limit);
        Assert.Equal(b.Minute(2, new(7, 0)), v.From);
        Assert.Equal(b.Minute(3, new(11, 0)), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TotalOf28Hours1Minute_FailsOnWholePeriod()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.Call24h.OnDay(2))
            .Work("ada", ShiftTemplate.Handover4h.OnDay(3).Until(new(11, 1)))
            .Check();

        var v = report.One(RuleId.ContinuousDuty);
        Assert.Equal(Total + 1, v.Measured);
        Assert.Equal(Total, v.Limit);
    }

    [Fact]
    public void Check_0700To0700CallAcrossFallBack_Is25HoursAndFails()
    {
        // Day 12 of a horizon from 2026-10-19 is Saturday 2026-10-31; New York falls back that night.
        var report = new ResidentScheduleBuilder(startDate: new DateOnly(2026, 10, 19))
            .Resident("ada")
            .Work("ada", ShiftTemplate.Call24h.OnDay(12))
            .Check();

        var v = report.One(RuleId.ContinuousDuty);
        Assert.Equal(25 * 60, v.Measured);
        Assert.Equal(Core, v.Limit);
    }

    [Fact]
    public void Check_0700To0700CallAcrossSpringForward_Is23HoursAndPasses()
    {
        // Day 12 of a horizon from 2026-02-23 is Saturday 2026-03-07; New York springs forward that night.
        var report = new ResidentScheduleBuilder(startDate: new DateOnly(2026, 2, 23))
            .Resident("ada")
            .Work("ada", ShiftTemplate.Call24h.OnDay(12))
            .Work("ada", ShiftTemplate.Handover4h.OnDay(13).Until(new(12, 0)))
            .Check();

        // 23 h of call and 5 h of hand-over: 28 h elapsed although the wall clock shows 29 h.
        Assert.Empty(report.Of(RuleId.ContinuousDuty));
    }

    [Fact]
    public void Check_LunchBreakUnder4Hours_KeepsOneDutyPeriod()
    {
        // Clinic 08:00-12:00, then 15:59 to 08:01 the next day: one period of 24 h 1 min from 08:00.
        var b = LunchBreak(afternoonStart: new(15, 59));

        var v = b.Check().One(RuleId.ContinuousDuty);

        Assert.Equal(Core + 1, v.Measured);
        Assert.Equal(b.Minute(2, new(8, 0)), v.From);
    }

    [Fact]
    public void Check_BreakOfExactly4Hours_StartsANewDutyPeriod()
    {
        var report = LunchBreak(afternoonStart: new(16, 0)).Check();

        Assert.Empty(report.Of(RuleId.ContinuousDuty));
        Assert.Equal(4 * 60, report.One(RuleId.Rest).Measured);
    }

    [Fact]
    public void Check_Pgy1RuleOn17HourPgy1Period_Fails()
    {
        var report = Pgy1Rule(pgy: 1, end: new(0, 0)).Check();

        var v = report.One(RuleId.ContinuousDuty);
        Assert.Equal(17 * 60, v.Measured);
        Assert.Equal(16 * 60, v.Limit);
    }

    [Fact]
    public void Check_Pgy1RuleOn16HourPgy1Period_Passes()
    {
        var report = Pgy1Rule(pgy: 1, end: new(23, 0)).Check();

        Assert.Empty(report.Of(RuleId.ContinuousDuty));
    }

    [Fact]
    public void Check_Pgy1RuleOn17HourPgy2Period_Passes()
    {
        var report = Pgy1Rule(pgy: 2, end: new(0, 0)).Check();

        Assert.Empty(report.Of(RuleId.ContinuousDuty));
    }

    [Fact]
    public void Check_PersonOverrideOf16Hours_Fails17HourPeriod()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada", overrides: new RuleOverrides { MaxContinuousDutyMinutes = 16 * 60 })
            .Resident("bob")
            .Work("ada", ShiftTemplate.At(Ward, 2, new(7, 0), new(0, 0)))
            .Work("bob", ShiftTemplate.At(Ward, 2, new(7, 0), new(0, 0)))
            .Check();

        var v = report.One(RuleId.ContinuousDuty);
        Assert.Equal(0, v.Person);
        Assert.Equal(16 * 60, v.Limit);
    }

    [Fact]
    public void Check_PeriodContinuingFromHistory_CountsItsHistoryStart()
    {
        // A call from 07:00 the day before the horizon, then ward 07:00-10:00 on day 0: 27 h of core duty.
        var b = new ResidentScheduleBuilder()
            .WithHistoryDays(1)
            .Resident("ada")
            .History("ada", ShiftTemplate.Call24h.OnDay(-1))
            .Work("ada", ShiftTemplate.At(Ward, 0, new(7, 0), new(10, 0)));

        var v = b.Check().One(RuleId.ContinuousDuty);

        Assert.Equal(27 * 60, v.Measured);
        Assert.Equal(b.Minute(-1, new(7, 0)), v.From);
    }

    [Fact]
    public void Check_LongPeriodEntirelyInHistory_IsNotJudged()
    {
        var report = new ResidentScheduleBuilder()
            .WithHistoryDays(3)
            .Resident("ada")
            .History("ada", ShiftTemplate.At(Ward, -3, new(7, 0), new(13, 0)).Until(new(13, 0), daysLater: 1))
            .Work("ada", ShiftTemplate.Day1Morning)
            .Check();

        Assert.Empty(report.Of(RuleId.ContinuousDuty));
    }

    private static ResidentScheduleBuilder LunchBreak(TimeOnly afternoonStart) =>
        new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.Day1Morning.OnDay(2))
            .Work("ada", ShiftTemplate.At(Ward, 2, afternoonStart, new(8, 1)));

    private static ResidentScheduleBuilder Pgy1Rule(int pgy, TimeOnly end) =>
        new ResidentScheduleBuilder()
            .WithRules(ProgramRules.Acgme with { Pgy1MaxDutyPeriodMinutes = 16 * 60 })
            .Resident("ada", pgy)
            .Work("ada", ShiftTemplate.At(Ward, 2, new(7, 0), end));
}
