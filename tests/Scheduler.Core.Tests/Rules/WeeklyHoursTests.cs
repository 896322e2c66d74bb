using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class WeeklyHoursTests
{
    private const int Limit = 320 * 60;

    // 16 h of clinic, 06:00-22:00: twenty of them are exactly 320 h, and 8 h between them keeps rest legal.
    private static readonly ShiftTemplate Long16h = ShiftTemplate.At(Clinic, 0, new(6, 0), new(22, 0));

    [Fact]
    public void Check_Exactly320HoursIn28Days_Passes()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 20))
            .Check();

        Assert.Empty(report.Of(RuleId.WeeklyHours));
    }

    [Fact]
    public void Check_OneMinuteOver320Hours_FailsWithMeasuredMinutesAndWindow()
    {
        var b = new ResidentScheduleBuilder()
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 19))
            .Work("ada", Long16h.OnDay(19).Until(new(22, 1)));

        var report = b.Check();

        var v = report.One(RuleId.WeeklyHours);
        Assert.Equal(0, v.Person);
        Assert.Equal(-1, v.Shift);
        Assert.Equal(Limit + 1, v.Measured);
        Assert.Equal(Limit, v.Limit);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(28), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OverlappingShiftsAt320HoursUnion_CountCommonMinutesOnce()
    {
        // Day 19 holds 06:00-22:00 and a double-booked 14:00-22:00: the union is still 16 h.
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 20))
            .Work("ada", ShiftTemplate.At(Ward, 19, new(14, 0), new(22, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.WeeklyHours));
        Assert.Single(report.Of(RuleId.DoubleBooking));
    }

    [Fact]
    public void Check_OverlappingShiftReachingOneMinutePast320Hours_FailsWithUnionMinutes()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 20))
            .Work("ada", ShiftTemplate.At(Ward, 19, new(14, 0), new(22, 1)))
            .Check();

        Assert.Equal(Limit + 1, report.One(RuleId.WeeklyHours).Measured);
    }

    [Fact]
    public void Check_ShiftAcrossWindowStart_CountsOnlyItsMinutesInside()
    {
        // 29 days: windows start on day 0 and day 1. Days 1..20 hold 318 h; a 20:00-02:00 shift from day 0
        // adds 2 h to the day-1 window (exactly 320 h) and 6 h to the day-0 window (324 h).
        var b = RollingTwoWindows(crossingEnd: new(2, 0));

        var report = b.Check();

        var v = report.One(RuleId.WeeklyHours);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(28), v.To);
        Assert.Equal(324 * 60, v.Measured);
    }

    [Fact]
    public void Check_ShiftAcrossWindowStartOneMinuteLonger_FailsBothWindows()
    {
        var b = RollingTwoWindows(crossingEnd: new(2, 1));

        var violations = b.Check().Of(RuleId.WeeklyHours);

        Assert.Equal(2, violations.Count);
        Assert.Equal(b.DayStart(1), violations[1].From);
        Assert.Equal(b.DayStart(29), violations[1].To);
        Assert.Equal(Limit + 1, violations[1].Measured);
    }

    [Fact]
    public void Check_ShiftAcrossHorizonEnd_CountsOnlyItsMinutesInside()
    {
        // 304 h on days 0..18, 12 h on day 19, and 20:00 on day 27 to 08:00 after the horizon: 4 h inside.
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 19))
            .Work("ada", ShiftTemplate.At(Clinic, 19, new(6, 0), new(18, 0)))
            .Work("ada", ShiftTemplate.At(Ward, 27, new(20, 0), new(8, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.WeeklyHours));
    }

    [Fact]
    public void Check_HistoryInsideWindow_CountsAndHistoryBeforeItDoesNot()
    {
        // 28 history days and a 1-day horizon: the one judged window is days -27..0. The 16 h on day -28
        // lie outside it; days -19..-1 (304 h) and day 0 (16 h) make exactly 320 h.
        var b = HistoryWindow(lastEnd: new(22, 0));

        Assert.Empty(b.Check().Of(RuleId.WeeklyHours));
    }

    [Fact]
    public void Check_HistoryInsideWindowOneMinuteOver_FailsOnTheWindowReachingIntoHistory()
    {
        var b = HistoryWindow(lastEnd: new(22, 1));

        var v = b.Check().One(RuleId.WeeklyHours);

        Assert.Equal(b.DayStart(-27), v.From);
        Assert.Equal(b.DayStart(1), v.To);
        Assert.Equal(Limit + 1, v.Measured);
    }

    [Fact]
    public void Check_FourteenDayHorizonAt160Hours_PassesProratedLimit()
    {
        var report = new ResidentScheduleBuilder(horizonDays: 14)
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 10))
            .Check();

        Assert.Empty(report.Of(RuleId.WeeklyHours));
    }

    [Fact]
    public void Check_FourteenDayHorizonAt160HoursOneMinute_FailsProratedLimit()
    {
        var b = new ResidentScheduleBuilder(horizonDays: 14)
            .Resident("ada")
            .WorkEach("ada", Long16h, Enumerable.Range(0, 9))
            .Work("ada", Long16h.OnDay(9).Until(new(22, 1)));

        var v = b.Check().One(RuleId.WeeklyHours);

        Assert.Equal(160 * 60 + 1, v.Measured);
        Assert.Equal(160 * 60, v.Limit);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(14), v.To);
    }

    [Fact]
    public void Check_PersonOverrideAtItsLimit_Passes()
    {
        // 6 x 16 h + 4 h = 100 h against a personal limit of 100 h.
        var report = OverrideCase(new(12, 0)).Check();

        Assert.Empty(report.Of(RuleId.WeeklyHours));
    }

    [Fact]
    public void Check_PersonOverrideOneMinuteOver_FailsWithPersonalLimit()
    {
        var report = OverrideCase(new(12, 1)).Check();

        var v = report.One(RuleId.WeeklyHours);
        Assert.Equal(100 * 60 + 1, v.Measured);
        Assert.Equal(100 * 60, v.Limit);
    }

    [Fact]
    public void Check_FacultyOver320Hours_IsNotJudged()
    {
        var report = new ResidentScheduleBuilder()
            .Faculty("fay")
            .WorkEach("fay", Long16h, Enumerable.Range(0, 22))
            .Check();

        Assert.Empty(report.Of(RuleId.WeeklyHours));
    }

    private static ResidentScheduleBuilder RollingTwoWindows(TimeOnly crossingEnd) =>
        new ResidentScheduleBuilder(horizonDays: 29)
            .Resident("ada")
            .Work("ada", ShiftTemplate.At(Ward, 0, new(20, 0), crossingEnd))
            .Work("ada", ShiftTemplate.At(Clinic, 1, new(8, 0), new(22, 0)))
            .WorkEach("ada", Long16h, Enumerable.Range(2, 19));

    private static ResidentScheduleBuilder HistoryWindow(TimeOnly lastEnd)
    {
        var b = new ResidentScheduleBuilder(horizonDays: 1).WithHistoryDays(28).Resident("ada");
        b.History("ada", Long16h.OnDay(-28));
        for (var day = -19; day <= -1; day++)
        {
            b.History("ada", Long16h.OnDay(day));
        }

        return b.Work("ada", Long16h.Until(lastEnd));
    }

    private static ResidentScheduleBuilder OverrideCase(TimeOnly lastEnd) =>
        new ResidentScheduleBuilder()
            .Resident("ada", overrides: new RuleOverrides { MaxDutyMinutesPerWindow = 100 * 60 })
            .WorkEach("ada", Long16h, Enumerable.Range(0, 6))
            .Work("ada", ShiftTemplate.At(Clinic, 10, new(8, 0), lastEnd));
}
