using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Rules;

public sealed class FacultyClinicSessionsTests
{
    private static readonly ProgramRules TwoToFour = ProgramRules.Acgme with
    {
        FacultyMinClinicSessionsPerWeek = 2,
        FacultyMaxClinicSessionsPerWeek = 4,
    };

    // One faculty member and 14 days (two full weeks), with a morning clinic on each given day.
    private static ResidentScheduleBuilder Sessions(ProgramRules rules, params int[] days)
    {
        var b = new ResidentScheduleBuilder(horizonDays: 14).WithRules(rules).Faculty("f1").Resident("r1");
        b.WorkEach("f1", ShiftTemplate.Day1Morning, days);
        return b;
    }

    [Fact]
    public void Check_RuleOff_PassesAnyCount()
    {
        var report = Sessions(ProgramRules.Acgme, 0).Check();

        Assert.Empty(report.Of(RuleId.FacultyClinicSessions));
    }

    [Fact]
    public void Check_TwoAndFourSessions_Pass()
    {
        var report = Sessions(TwoToFour, 0, 1, 7, 8, 9, 10).Check();

        Assert.Empty(report.Of(RuleId.FacultyClinicSessions));
    }

    [Fact]
    public void Check_OneSessionInAWeek_FailsThatWeekOnly()
    {
        var b = Sessions(TwoToFour, 0, 7, 8);

        var v = b.Check().One(RuleId.FacultyClinicSessions);

        Assert.Equal(1, v.Measured);
        Assert.Equal(2, v.Limit);
        Assert.Equal(b.DayStart(0), v.From);
        Assert.Equal(b.DayStart(7), v.To);
    }

    [Fact]
    public void Check_FiveSessionsInAWeek_FailsTheMaximum()
    {
        var v = Sessions(TwoToFour, 0, 1, 2, 3, 4, 7, 8).Check().One(RuleId.FacultyClinicSessions);

        Assert.Equal(5, v.Measured);
        Assert.Equal(4, v.Limit);
    }

    [Fact]
    public void Check_WeekWithAnAbsence_IsNotHeldToTheMinimum()
    {
        var report = Sessions(TwoToFour, 7, 8).Absent("f1", 2, new(0, 0), 4, new(0, 0)).Check();

        Assert.Empty(report.Of(RuleId.FacultyClinicSessions));
    }

    [Fact]
    public void Check_TrailingPartialWeek_IsNotJudged()
    {
        var b = new ResidentScheduleBuilder(horizonDays: 10).WithRules(TwoToFour).Faculty("f1");
        b.WorkEach("f1", ShiftTemplate.Day1Morning, [0, 1]);

        Assert.Empty(b.Check().Of(RuleId.FacultyClinicSessions));
    }

    [Fact]
    public void Check_Residents_AreNotJudged()
    {
        var b = new ResidentScheduleBuilder(horizonDays: 7).WithRules(TwoToFour).Resident("r1");
        b.WorkEach("r1", ShiftTemplate.Day1Morning, [0]);

        Assert.Empty(b.Check().Of(RuleId.FacultyClinicSessions));
    }

    [Fact]
    public void Check_WardShifts_AreNotClinicSessions()
    {
        var b = new ResidentScheduleBuilder(horizonDays: 7).WithRules(TwoToFour).Faculty("f1");
        b.WorkEach("f1", ShiftTemplate.At(ResidentScheduleBuilder.Ward, 0, new(7, 0), new(17, 0)), [0, 1, 2]);

        Assert.Equal(0, b.Check().One(RuleId.FacultyClinicSessions).Measured);
    }
}
