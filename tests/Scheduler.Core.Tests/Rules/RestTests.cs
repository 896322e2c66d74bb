using Scheduler.Core.Checking;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class RestTests
{
    private const int Rest8h = 8 * 60;
    private const int Rest14h = 14 * 60;

    private static readonly ShiftTemplate DayShift = ShiftTemplate.At(Ward, 2, new(8, 0), new(16, 0));

    [Fact]
    public void Check_RestOfExactly8Hours_Passes()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", DayShift)
            .Work("ada", ShiftTemplate.At(Ward, 3, new(0, 0), new(4, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_RestOf7Hours59Minutes_FailsWithGapAsWindow()
    {
        var b = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", DayShift)
            .Work("ada", ShiftTemplate.At(Ward, 2, new(23, 59), new(4, 0)));

        var report = b.Check();

        var v = report.One(RuleId.Rest);
        Assert.Equal(0, v.Person);
        Assert.Equal(Rest8h - 1, v.Measured);
        Assert.Equal(Rest8h, v.Limit);
        Assert.Equal(b.Minute(2, new(16, 0)), v.From);
        Assert.Equal(b.Minute(2, new(23, 59)), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_14HoursAfter24HourCall_Passes()
    {
        var report = AfterCall(ShiftTemplate.Call24h, nextStart: new(21, 0)).Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_13Hours59MinutesAfter24HourCall_FailsWithLongerLimit()
    {
        var report = AfterCall(ShiftTemplate.Call24h, nextStart: new(20, 59)).Check();

        var v = report.One(RuleId.Rest);
        Assert.Equal(Rest14h - 1, v.Measured);
        Assert.Equal(Rest14h, v.Limit);
    }

    [Fact]
    public void Check_8HoursAfter24HoursWithoutInHouseCall_Passes()
    {
        var ward24h = ShiftTemplate.Call24h with { Activity = Ward };

        var report = AfterCall(ward24h, nextStart: new(15, 0)).Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_8HoursAfter23Hour59MinuteCall_Passes()
    {
        var shortCall = ShiftTemplate.Call24h.Until(new(6, 59), daysLater: 1);

        var report = AfterCall(shortCall, nextStart: new(14, 59)).Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_RestAfterCallWithHandover_IsMeasuredFromHandoverEnd()
    {
        // Call 07:00-07:00 and hand-over until 11:00: the next duty needs 01:00 or later.
        var report = AfterCall(ShiftTemplate.Call24h, nextStart: new(0, 59), handover: true, nextDay: 4).Check();

        var v = report.One(RuleId.Rest);
        Assert.Equal(Rest14h - 1, v.Measured);
        Assert.Equal(Rest14h, v.Limit);
    }

    [Fact]
    public void Check_14HoursAfterCallWithHandover_Passes()
    {
        var report = AfterCall(ShiftTemplate.Call24h, nextStart: new(1, 0), handover: true, nextDay: 4).Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_CallEndingInHistory10HoursBeforeFirstShift_Fails()
    {
        var b = new ResidentScheduleBuilder()
            .WithHistoryDays(2)
            .Resident("ada")
            .History("ada", ShiftTemplate.Call24h.OnDay(-2).From(new(21, 0)).Until(new(21, 0), daysLater: 1))
            .Work("ada", ShiftTemplate.At(Ward, 0, new(7, 0), new(15, 0)));

        var report = b.Check();

        var v = report.One(RuleId.Rest);
        Assert.Equal(10 * 60, v.Measured);
        Assert.Equal(Rest14h, v.Limit);
        Assert.Equal(b.Minute(-1, new(21, 0)), v.From);
        Assert.Equal(b.Minute(0, new(7, 0)), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GapOfExactly4Hours_IsRestNotContinuity()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.Day1Morning.OnDay(2))
            .Work("ada", ShiftTemplate.At(Clinic, 2, new(16, 0), new(20, 0)))
            .Check();

        var v = report.One(RuleId.Rest);
        Assert.Equal(4 * 60, v.Measured);
        Assert.Equal(Rest8h, v.Limit);
    }

    [Fact]
    public void Check_GapOf3Hours59Minutes_ContinuesThePeriodWithoutRest()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.Day1Morning.OnDay(2))
            .Work("ada", ShiftTemplate.At(Clinic, 2, new(15, 59), new(20, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_Local7HoursAcrossFallBack_Is8HoursAndPasses()
    {
        // Saturday 2026-10-31 22:00 to Sunday 05:00 in New York: 7 h on the wall clock, 8 h elapsed.
        var report = AcrossNight(new DateOnly(2026, 10, 19), nextStart: new(5, 0)).Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_Local8Hours59MinutesAcrossSpringForward_Is7Hours59AndFails()
    {
        // Saturday 2026-03-07 22:00 to Sunday 06:59 in New York: 8 h 59 min on the wall clock, 7 h 59 min elapsed.
        var report = AcrossNight(new DateOnly(2026, 2, 23), nextStart: new(6, 59)).Check();

        Assert.Equal(Rest8h - 1, report.One(RuleId.Rest).Measured);
    }

    [Fact]
    public void Check_HomeCallBetweenDutyPeriods_IsNotDuty()
    {
        // Home call in the gap neither shortens the rest nor joins the two periods.
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", DayShift)
            .Work("ada", ShiftTemplate.HomeCallNight.OnDay(2))
            .Work("ada", ShiftTemplate.At(Ward, 3, new(8, 0), new(16, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    [Fact]
    public void Check_FacultyWithShortRest_IsNotJudged()
    {
        var report = new ResidentScheduleBuilder()
            .Faculty("fay")
            .Work("fay", DayShift)
            .Work("fay", ShiftTemplate.At(Ward, 2, new(20, 0), new(23, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.Rest));
    }

    private static ResidentScheduleBuilder AfterCall(ShiftTemplate call, TimeOnly nextStart, bool handover = false, int nextDay = 3)
    {
        var b = new ResidentScheduleBuilder().Resident("ada").Work("ada", call.OnDay(2));
        if (handover)
        {
            b.Work("ada", ShiftTemplate.Handover4h.OnDay(3));
        }

        return b.Work("ada", ShiftTemplate.At(Ward, nextDay, nextStart, new(23, 0)));
    }

    private static ResidentScheduleBuilder AcrossNight(DateOnly start, TimeOnly nextStart) =>
        new ResidentScheduleBuilder(startDate: start)
            .Resident("ada")
            .Work("ada", ShiftTemplate.At(Ward, 12, new(14, 0), new(22, 0)))
            .Work("ada", ShiftTemplate.At(Ward, 13, nextStart, new(12, 0)));
}
