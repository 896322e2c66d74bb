using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class DaysOffTests
{
    // 08:00-16:00 every working day: the 16 h between two working days never make a free day, a day
    // without the shift leaves 40 h (one free 24-hour period).
    private static readonly ShiftTemplate Daily = ShiftTemplate.At(Clinic, 0, new(8, 0), new(16, 0));

    [Fact]
    public void Check_FourDaysOffIn28Days_Passes()
    {
        var report = Working(28, off: [3, 10, 17, 24]).Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    [Fact]
    public void Check_ThreeDaysOffIn28Days_FailsWithCountAndWindow()
    {
        var b = Working(28, off: [3, 10, 17]);

        var report = b.Check();

        var v = report.One(RuleId.DaysOff);
        Assert.Equal(0, v.Person);
        Assert.Equal(3, v.Measured);
        Assert.Equal(4, v.Limit);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(28), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoonToNoonDayOff_CountsAsFreeDay()
    {
        var report = NoonToNoon(nextStart: new(12, 0)).Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    [Fact]
    public void Check_FreePeriodOf23Hours59Minutes_DoesNotCount()
    {
        var report = NoonToNoon(nextStart: new(11, 59)).Check();

        Assert.Equal(3, report.One(RuleId.DaysOff).Measured);
    }

    [Fact]
    public void Check_HomeCallDuringDayOff_BreaksTheFreeDay()
    {
        // Weekend home call 07:00-19:00 on day 24 leaves 15 h before and 13 h after.
        var report = Working(28, off: [3, 10, 17, 24])
            .Work("ada", ShiftTemplate.At(HomeCall, 24, new(7, 0), new(19, 0)))
            .Check();

        var v = report.One(RuleId.DaysOff);
        Assert.Equal(3, v.Measured);
        Assert.Empty(report.Of(RuleId.WeeklyHours));
    }

    [Fact]
    public void Check_HomeCallEndingWhere24FreeHoursBegin_LeavesTheFreeDay()
    {
        // Home call 17:00 day 23 to 08:00 day 24; free from 08:00 day 24 to 08:00 day 25, exactly 24 h.
        var report = Working(28, off: [3, 10, 17, 24])
            .Work("ada", ShiftTemplate.HomeCallNight.OnDay(23))
            .Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    [Fact]
    public void Check_FortySevenHourGap_CountsOneDay()
    {
        // Two ordinary days off plus 16:00 day 20 to 15:00 day 22 (47 h): 3 free days, not 4.
        var report = Working(28, off: [3, 10, 21, 22])
            .Work("ada", ShiftTemplate.At(Clinic, 22, new(15, 0), new(16, 30)))
            .Check();

        var v = report.One(RuleId.DaysOff);
        Assert.Equal(3, v.Measured);
        Assert.Equal(4, v.Limit);
    }

    [Fact]
    public void Check_FortyEightHourGap_CountsTwoDays()
    {
        var report = Working(28, off: [3, 10, 21, 22])
            .Work("ada", ShiftTemplate.At(Clinic, 22, new(16, 0), new(17, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    [Fact]
    public void Check_LocalNoonToNoonAcrossSpringForward_Is23HoursAndDoesNotCount()
    {
        // 2026-02-23 + 13 days is Sunday 2026-03-08, when New York skips 02:00-03:00.
        var report = NoonToNoon(nextStart: new(12, 0), start: new DateOnly(2026, 2, 23), day: 12).Check();

        Assert.Equal(3, report.One(RuleId.DaysOff).Measured);
    }

    [Fact]
    public void Check_LocalNoonTo11AcrossFallBack_Is24HoursAndCounts()
    {
        // 2026-10-19 + 13 days is Sunday 2026-11-01, when New York repeats 01:00-02:00.
        var report = NoonToNoon(nextStart: new(11, 0), start: new DateOnly(2026, 10, 19), day: 12).Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    [Fact]
    public void Check_FourteenDayHorizonWithTwoDaysOff_PassesProratedMinimum()
    {
        var report = Working(14, off: [3, 10]).Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    [Fact]
    public void Check_FourteenDayHorizonWithOneDayOff_FailsProratedMinimumRoundedUp()
    {
        var v = Working(14, off: [3]).Check().One(RuleId.DaysOff);

        Assert.Equal(1, v.Measured);
        Assert.Equal(2, v.Limit);
    }

    [Fact]
    public void Check_PersonOverrideOfFiveDays_FailsFourDaysOff()
    {
        var report = Working(28, off: [3, 10, 17, 24], overrides: new RuleOverrides { MinFreeDaysPerWindow = 5 }).Check();

        var v = report.One(RuleId.DaysOff);
        Assert.Equal(4, v.Measured);
        Assert.Equal(5, v.Limit);
    }

    [Fact]
    public void Check_FacultyWithoutDaysOff_IsNotJudged()
    {
        var report = new ResidentScheduleBuilder()
            .Faculty("fay")
            .WorkEach("fay", Daily, Enumerable.Range(0, 28))
            .Check();

        Assert.Empty(report.Of(RuleId.DaysOff));
    }

    private static ResidentScheduleBuilder Working(
        int horizonDays, int[] off, RuleOverrides? overrides = null, DateOnly? start = null)
    {
        return new ResidentScheduleBuilder(startDate: start, horizonDays: horizonDays)
            .Resident("ada", overrides: overrides)
            .WorkEach("ada", Daily, Enumerable.Range(0, horizonDays).Except(off));
    }

    // Three ordinary days off, then 08:00-12:00 on `day` and the next shift at `nextStart` on the day after.
    private static ResidentScheduleBuilder NoonToNoon(TimeOnly nextStart, DateOnly? start = null, int day = 24) =>
        Working(28, off: [3, 10, 17, day, day + 1], start: start)
            .Work("ada", ShiftTemplate.Day1Morning.OnDay(day))
            .Work("ada", ShiftTemplate.At(Clinic, day + 1, nextStart, new(16, 0)));
}
