using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class AvailabilityTests
{
    [Fact]
    public void Check_ShiftEndingWhenLeaveBegins_IsAvailable()
    {
        var report = OnLeave(ShiftTemplate.At(Ward, 1, new(0, 0), new(8, 0))).Check();

        Assert.Empty(report.Of(RuleId.Availability));
    }

    [Fact]
    public void Check_ShiftEndingOneMinuteIntoLeave_FailsWithOverlapMinutes()
    {
        var b = OnLeave(ShiftTemplate.At(Ward, 1, new(0, 0), new(8, 1)));

        var report = b.Check();

        var v = report.One(RuleId.Availability);
        Assert.Equal(0, v.Person);
        Assert.Equal(0, v.Shift);
        Assert.Equal(1, v.Measured);
        Assert.Equal(0, v.Limit);
        Assert.Equal(b.Minute(1, new(0, 0)), v.From);
        Assert.Equal(b.Minute(1, new(8, 1)), v.To);
        Assert.Contains("ada", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ShiftStartingWhenLeaveEnds_IsAvailable()
    {
        var report = OnLeave(ShiftTemplate.At(Ward, 3, new(8, 0), new(16, 0))).Check();

        Assert.Empty(report.Of(RuleId.Availability));
    }

    [Fact]
    public void Check_ShiftStartingOneMinuteBeforeLeaveEnds_Fails()
    {
        var report = OnLeave(ShiftTemplate.At(Ward, 3, new(7, 59), new(16, 0))).Check();

        Assert.Equal(1, report.One(RuleId.Availability).Measured);
    }

    [Fact]
    public void Check_ShiftOverlappingTwoAbsences_MeasuresBothOverlaps()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada")
            .Absent("ada", 0, new(7, 0), 0, new(9, 0), AbsenceKind.Sick)
            .Absent("ada", 0, new(11, 0), 0, new(13, 0), AbsenceKind.Conference)
            .Work("ada", ShiftTemplate.Day1Morning)
            .Check();

        Assert.Equal(2 * 60, report.One(RuleId.Availability).Measured);
    }

    [Fact]
    public void Check_AnotherPersonsLeave_DoesNotApply()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("ada").Resident("bob")
            .Absent("bob", 0, new(0, 0), 5, new(0, 0))
            .Work("ada", ShiftTemplate.Day1Morning)
            .Check();

        Assert.Empty(report.Of(RuleId.Availability));
    }

    // Leave from 08:00 on day 1 to 08:00 on day 3.
    private static ResidentScheduleBuilder OnLeave(ShiftTemplate shift) =>
        new ResidentScheduleBuilder()
            .Resident("ada")
            .Absent("ada", 1, new(8, 0), 3, new(8, 0))
            .Work("ada", shift);
}
