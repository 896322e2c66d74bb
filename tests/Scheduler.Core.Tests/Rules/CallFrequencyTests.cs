using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Rules;

public sealed class CallFrequencyTests
{
    // Every third day from day 0: days 0, 3, ..., 24 are nine calls.
    private static readonly int[] s_everyThirdDay = [0, 3, 6, 9, 12, 15, 18, 21, 24];

    [Fact]
    public void Check_NineCallsIn28Days_Passes()
    {
        var report = Calls(28, s_everyThirdDay).Check();

        Assert.Empty(report.Of(RuleId.CallFrequency));
    }

    [Fact]
    public void Check_TenCallsIn28Days_FailsWithCountAndWindow()
    {
        var b = Calls(28, [.. s_everyThirdDay, 27]);

        var report = b.Check();

        var v = report.One(RuleId.CallFrequency);
        Assert.Equal(0, v.Person);
        Assert.Equal(10, v.Measured);
        Assert.Equal(9, v.Limit);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(28), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CallStartingLateOnWindowsLastDay_CountsInThatWindow()
    {
        // 29 days: windows from day 0 and day 1. A tenth call starting 23:59 on day 27 (ending inside the
        // next window) counts in the day-0 window; the day-1 window holds nine.
        var b = Calls(29, s_everyThirdDay)
            .Work("ada", ShiftTemplate.Call24h.OnDay(27).From(new(23, 59)).Until(new(7, 0), daysLater: 1));

        var v = b.Check().One(RuleId.CallFrequency);

        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(10, v.Measured);
    }

    [Fact]
    public void Check_CallStartingAtMidnightAfterWindow_CountsInNextWindowOnly()
    {
        // The same tenth call starting at 00:00 on day 28 belongs to the day-1 window (nine there).
        var report = Calls(29, s_everyThirdDay)
            .Work("ada", ShiftTemplate.Call24h.OnDay(28).From(new(0, 0)).Until(new(7, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.CallFrequency));
    }

    [Fact]
    public void Check_HistoryCallsInsideWindow_CountAndOlderOnesDoNot()
    {
        // 28 history days and a 1-day horizon: the one judged window is days -27..0. Nine history calls on
        // days -27..-3 plus one on day 0 make ten; the call on day -28 lies outside the window.
        var b = new ResidentScheduleBuilder(horizonDays: 1).WithHistoryDays(28).Resident("ada");
        b.History("ada", ShiftTemplate.Call24h.OnDay(-28).Until(new(6, 0), daysLater: 1));
        for (var day = -27; day <= -3; day += 3)
        {
            b.History("ada", ShiftTemplate.Call24h.OnDay(day));
        }

        var v = b.Work("ada", ShiftTemplate.Call24h.OnDay(0)).Check().One(RuleId.CallFrequency);

        Assert.Equal(10, v.Measured);
        Assert.Equal(b.DayStart(-27), v.From);
        Assert.Equal(b.DayStart(1), v.To);
    }

    [Fact]
    public void Check_NightFloatShifts_AreNotCalls()
    {
        var report = Calls(28, s_everyThirdDay)
            .Work("ada", ShiftTemplate.NightShift.OnDay(26))
            .Check();

        Assert.Empty(report.Of(RuleId.CallFrequency));
    }

    [Fact]
    public void Check_FourteenDayHorizonWithFourCalls_PassesProratedLimit()
    {
        var report = Calls(14, [0, 3, 6, 9]).Check();

        Assert.Empty(report.Of(RuleId.CallFrequency));
    }

    [Fact]
    public void Check_FourteenDayHorizonWithFiveCalls_FailsProratedLimitRoundedDown()
    {
        var v = Calls(14, [0, 3, 6, 9, 12]).Check().One(RuleId.CallFrequency);

        Assert.Equal(5, v.Measured);
        Assert.Equal(4, v.Limit);
    }

    [Fact]
    public void Check_PersonOverrideOfFourCalls_FailsFiveCalls()
    {
        var report = Calls(28, [0, 3, 6, 9, 12], new RuleOverrides { MaxCallsPerWindow = 4 }).Check();

        var v = report.One(RuleId.CallFrequency);
        Assert.Equal(5, v.Measured);
        Assert.Equal(4, v.Limit);
    }

    [Fact]
    public void Check_FacultyTakingTenCalls_IsNotJudged()
    {
        var report = new ResidentScheduleBuilder()
            .Faculty("fay")
            .WorkEach("fay", ShiftTemplate.Call24h, [.. s_everyThirdDay, 27])
            .Check();

        Assert.Empty(report.Of(RuleId.CallFrequency));
    }

    private static ResidentScheduleBuilder Calls(int horizonDays, int[] days, RuleOverrides? overrides = null) =>
        new ResidentScheduleBuilder(horizonDays: horizonDays)
            .Resident("ada", overrides: overrides)
            .WorkEach("ada", ShiftTemplate.Call24h, days);
}
