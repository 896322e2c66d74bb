using Scheduler.Core.Checking;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class DoubleBookingTests
{
    [Fact]
    public void Check_AdjacentShiftsNoonToNoon_AreNotDoubleBooked()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Shift("am", ShiftTemplate.Day1Morning, null, "ada")
            .Shift("pm", ShiftTemplate.At(Clinic, 0, new(12, 0), new(16, 0)), null, "ada")
            .Check();

        Assert.Empty(report.Of(RuleId.DoubleBooking));
    }

    [Fact]
    public void Check_OverlapOfOneMinute_FailsOnLaterShiftWithOverlapMinutes()
    {
        var b = new ResidentScheduleBuilder()
            .Resident("ada")
            .Shift("am", ShiftTemplate.Day1Morning.Until(new(12, 1)), null, "ada")
            .Shift("pm", ShiftTemplate.At(Clinic, 0, new(12, 0), new(16, 0)), null, "ada");

        var report = b.Check();

        var v = report.One(RuleId.DoubleBooking);
        Assert.Equal(0, v.Person);
        Assert.Equal(1, v.Shift); // shifts are indexed by start: "pm" is the second
        Assert.Equal(1, v.Measured);
        Assert.Equal(0, v.Limit);
        Assert.Equal(b.Minute(0, new(12, 0)), v.From);
        Assert.Equal(b.Minute(0, new(12, 1)), v.To);
        var sentence = report.Describe(v);
        Assert.Contains("ada", sentence, StringComparison.Ordinal);
        Assert.Contains("pm", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ShiftInsideAnother_MeasuresTheInnerShift()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.At(Ward, 0, new(8, 0), new(18, 0)))
            .Work("ada", ShiftTemplate.At(Clinic, 0, new(10, 0), new(12, 0)))
            .Check();

        Assert.Equal(120, report.One(RuleId.DoubleBooking).Measured);
    }

    [Fact]
    public void Check_ShiftOverlappingHistory_Fails()
    {
        // History night until 08:00 on day 0, horizon ward from 07:00.
        var report = new ResidentScheduleBuilder()
            .WithHistoryDays(1)
            .Resident("ada")
            .History("ada", ShiftTemplate.At(Night, -1, new(20, 0), new(8, 0)))
            .Work("ada", ShiftTemplate.At(Ward, 0, new(7, 0), new(15, 0)))
            .Check();

        Assert.Equal(60, report.One(RuleId.DoubleBooking).Measured);
    }

    [Fact]
    public void Check_ShiftStartingWhenHistoryEnds_Passes()
    {
        var report = new ResidentScheduleBuilder()
            .WithHistoryDays(1)
            .Resident("ada")
            .History("ada", ShiftTemplate.At(Night, -1, new(20, 0), new(8, 0)))
            .Work("ada", ShiftTemplate.At(Ward, 0, new(8, 0), new(15, 0)))
            .Check();

        Assert.Empty(report.Of(RuleId.DoubleBooking));
    }

    [Fact]
    public void Check_HomeCallOverlappingClinic_IsDoubleBooked()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.At(HomeCall, 0, new(7, 0), new(19, 0)))
            .Work("ada", ShiftTemplate.Day1Afternoon)
            .Check();

        Assert.Equal(4 * 60, report.One(RuleId.DoubleBooking).Measured);
    }

    [Fact]
    public void Check_SameTimesForTwoPeople_AreNotDoubleBooked()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada").Resident("bob")
            .Work("ada", ShiftTemplate.Day1Morning)
            .Work("bob", ShiftTemplate.Day1Morning)
            .Check();

        Assert.Empty(report.Of(RuleId.DoubleBooking));
    }
}
