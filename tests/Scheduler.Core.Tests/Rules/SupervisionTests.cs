using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Rules;

public sealed class SupervisionTests
{
    private static readonly Requirement Supervised = new(0, 1000, Model.Eligibility.Anyone, Supervised: true);

    [Theory]
    [InlineData(1, 2, 0)] // 1:2 for PGY-1
    [InlineData(1, 0, 4)] // 1:4 for PGY-2+
    [InlineData(1, 1, 2)] // 4 x 1 >= 2 x 1 + 2
    [InlineData(2, 4, 0)]
    [InlineData(2, 2, 4)]
    [InlineData(0, 0, 0)] // no residents need no faculty
    [InlineData(1, 0, 0)]
    public void Check_FacultyAtRatio_Passes(int faculty, int pgy1, int senior)
    {
        var report = Team(faculty, pgy1, senior).Check();

        Assert.Empty(report.Of(RuleId.Supervision));
    }

    [Theory]
    [InlineData(1, 2, 1, 2)] // 2 PGY-1 + 1 PGY-2 need 2
    [InlineData(1, 0, 5, 2)]
    [InlineData(1, 3, 0, 2)]
    [InlineData(1, 1, 3, 2)]
    [InlineData(0, 0, 1, 1)]
    [InlineData(2, 4, 1, 3)]
    public void Check_TooFewFaculty_FailsWithPresentAndRequired(int faculty, int pgy1, int senior, int required)
    {
        var report = Team(faculty, pgy1, senior).Check();

        var v = report.One(RuleId.Supervision);
        Assert.Equal(faculty, v.Measured);
        Assert.Equal(required, v.Limit);
    }

    [Fact]
    public void Check_OneFacultyTwoPgy1OnePgy2_NamesShiftAndTimes()
    {
        var b = Team(1, 2, 1);

        var report = b.Check();

        var v = report.One(RuleId.Supervision);
        Assert.Equal(-1, v.Person);
        Assert.Equal(0, v.Shift);
        Assert.Equal(b.Minute(0, new(8, 0)), v.From);
        Assert.Equal(b.Minute(0, new(12, 0)), v.To);
        Assert.Contains("ward-am", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnsupervisedShiftWithoutFaculty_Passes()
    {
        var report = new ResidentScheduleBuilder()
            .Resident("r1", pgy: 1).Resident("r2", pgy: 1).Resident("r3", pgy: 1)
            .Shift("ward-am", ShiftTemplate.Day1Morning, Open, "r1", "r2", "r3")
            .Check();

        Assert.Empty(report.Of(RuleId.Supervision));
    }

    [Fact]
    public void Check_ProgramRatioOf1To1ForPgy1_NeedsTwoFacultyForTwoPgy1()
    {
        var report = Team(1, 2, 0).WithRules(ProgramRules.Acgme with { Pgy1PerFaculty = 1 }).Check();

        var v = report.One(RuleId.Supervision);
        Assert.Equal(1, v.Measured);
        Assert.Equal(2, v.Limit);
    }

    private static ResidentScheduleBuilder Team(int faculty, int pgy1, int senior)
    {
        var b = new ResidentScheduleBuilder();
        var people = new List<string>();
        for (var i = 0; i < faculty; i++)
        {
            b.Faculty($"f{i}");
            people.Add($"f{i}");
        }

        for (var i = 0; i < pgy1; i++)
        {
            b.Resident($"intern{i}", pgy: 1);
            people.Add($"intern{i}");
        }

        for (var i = 0; i < senior; i++)
        {
            b.Resident($"senior{i}", pgy: 2 + i % 3);
            people.Add($"senior{i}");
        }

        return b.Shift("ward-am", ShiftTemplate.Day1Morning, Supervised, [.. people]);
    }
}
