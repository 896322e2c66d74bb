using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Rules;

public sealed class EligibilityTests
{
    private static readonly Model.Eligibility Pgy2Plus = new(true, false, 2, 7, []);

    [Fact]
    public void Check_Pgy1OnPgy2PlusShift_FailsNamingPersonAndShift()
    {
        var b = new ResidentScheduleBuilder()
            .Resident("ada", pgy: 1)
            .Shift("icu", ShiftTemplate.Day1Morning, Needs(Pgy2Plus), "ada");

        var report = b.Check();

        var v = report.One(RuleId.Eligibility);
        Assert.Equal(0, v.Person);
        Assert.Equal(0, v.Shift);
        Assert.Equal(0, v.Measured);
        Assert.Equal(0, v.Limit);
        Assert.Equal(b.Minute(0, new(8, 0)), v.From);
        Assert.Equal(b.Minute(0, new(12, 0)), v.To);
        var sentence = report.Describe(v);
        Assert.Contains("ada", sentence, StringComparison.Ordinal);
        Assert.Contains("icu", sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void Check_Pgy2OrAboveOnPgy2PlusShift_Passes(int pgy)
    {
        var report = Assigned(Role.Resident, pgy, [], Pgy2Plus).Check();

        Assert.Empty(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_ResidentAboveMaxPgy_Fails()
    {
        var report = Assigned(Role.Resident, 4, [], new Model.Eligibility(true, false, 1, 3, [])).Check();

        Assert.Single(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_MissingQualification_Fails()
    {
        var report = Assigned(Role.Resident, 2, ["acls"], Model.Eligibility.Anyone with { Qualifications = ["peds"] }).Check();

        Assert.Single(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_OneOfTwoRequiredQualifications_Fails()
    {
        var report = Assigned(Role.Resident, 2, ["peds"], Model.Eligibility.Anyone with { Qualifications = ["peds", "nrp"] }).Check();

        Assert.Single(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_RequiredQualificationsAmongMore_Passes()
    {
        var report = Assigned(Role.Resident, 2, ["acls", "peds", "nrp"], Model.Eligibility.Anyone with { Qualifications = ["peds", "nrp"] }).Check();

        Assert.Empty(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_FacultyOnResidentsOnlyShift_Fails()
    {
        var report = Assigned(Role.Faculty, 0, [], Pgy2Plus).Check();

        Assert.Single(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_ResidentOnFacultyOnlyShift_Fails()
    {
        var report = Assigned(Role.Resident, 3, [], new Model.Eligibility(false, true, 1, 7, [])).Check();

        Assert.Single(report.Of(RuleId.Eligibility));
    }

    [Fact]
    public void Check_FacultyOnFacultyShiftWithResidentPgyBounds_Passes()
    {
        // PGY bounds apply to residents only.
        var report = Assigned(Role.Faculty, 0, [], new Model.Eligibility(true, true, 3, 7, [])).Check();

        Assert.Empty(report.Of(RuleId.Eligibility));
    }

    private static Requirement Needs(Model.Eligibility eligibility) => new(0, 1000, eligibility, false);

    private static ResidentScheduleBuilder Assigned(Role role, int pgy, string[] qualifications, Model.Eligibility eligibility)
    {
        var b = new ResidentScheduleBuilder();
        if (role == Role.Faculty)
        {
            b.Faculty("ada", qualifications);
        }
        else
        {
            b.Resident("ada", pgy, null, qualifications);
        }

        return b.Shift("icu", ShiftTemplate.Day1Morning, Needs(eligibility), "ada");
    }
}
