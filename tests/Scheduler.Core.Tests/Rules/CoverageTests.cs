using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Rules;

public sealed class CoverageTests
{
    private static readonly Requirement TwoToThree = new(2, 3, Model.Eligibility.Anyone, false);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Check_PeopleWithinMinAndMax_Passes(int assigned)
    {
        var report = Clinic(assigned).Check();

        Assert.Empty(report.Of(RuleId.Coverage));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void Check_PeopleOutsideMinAndMax_FailsWithMeasuredCountAndBrokenBound(int assigned, int limit)
    {
        var report = Clinic(assigned).Check();

        var v = report.One(RuleId.Coverage);
        Assert.Equal(assigned, v.Measured);
        Assert.Equal(limit, v.Limit);
    }

    [Fact]
    public void Check_OneBelowMin_NamesShiftAndTimes()
    {
        var b = Clinic(1);

        var report = b.Check();

        var v = report.One(RuleId.Coverage);
        Assert.Equal(-1, v.Person);
        Assert.Equal(0, v.Shift);
        Assert.Equal(b.Minute(0, new(8, 0)), v.From);
        Assert.Equal(b.Minute(0, new(12, 0)), v.To);
        Assert.Contains("clinic-am", report.Describe(v), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IneligiblePerson_StillCountsTowardCoverage()
    {
        var requirement = TwoToThree with { Eligibility = new Model.Eligibility(true, false, 2, 7, []) };
        var report = new ResidentScheduleBuilder()
            .Resident("intern", pgy: 1).Resident("senior", pgy: 3)
            .Shift("clinic-am", ShiftTemplate.Day1Morning, requirement, "intern", "senior")
            .Check();

        Assert.Empty(report.Of(RuleId.Coverage));
        Assert.Single(report.Of(RuleId.Eligibility));
    }

    private static ResidentScheduleBuilder Clinic(int assigned)
    {
        var b = new ResidentScheduleBuilder();
        var people = new string[assigned];
        for (var i = 0; i < assigned; i++)
        {
            people[i] = $"r{i}";
            b.Resident(people[i]);
        }

        return b.Shift("clinic-am", ShiftTemplate.Day1Morning, TwoToThree, people);
    }
}
