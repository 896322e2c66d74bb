using FsCheck.Xunit;
using Scheduler.Core.Checking;

namespace Scheduler.Solver.Tests;

/// <summary>
/// The two faces of every rule agree: with a random schedule fixed in the CP-SAT model (only the rule under
/// test hard, besides the always-hard ones), the model is feasible exactly when the checker finds no
/// violation of the hard rules. Random cases: a few people, one to three weeks, history, daylight-saving
/// zones, 24 h calls, nights, transitions, home call, absences, 7/14/28-day windows.
/// </summary>
public sealed class EncoderAgreementProperties
{
    [Property(MaxTest = 40)]
    public void WeeklyHours_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.WeeklyHours);

    [Property(MaxTest = 40)]
    public void DaysOff_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.DaysOff);

    [Property(MaxTest = 40)]
    public void ContinuousDuty_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.ContinuousDuty);

    [Property(MaxTest = 40)]
    public void Rest_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.Rest);

    [Property(MaxTest = 40)]
    public void CallFrequency_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.CallFrequency);

    [Property(MaxTest = 40)]
    public void ConsecutiveNights_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.ConsecutiveNights);

    [Property(MaxTest = 40)]
    public void Supervision_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.Supervision);

    [Property(MaxTest = 40)]
    public void Coverage_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.Coverage);

    [Property(MaxTest = 40)]
    public void FacultyClinicSessions_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.FacultyClinicSessions);

    [Property(MaxTest = 40)]
    public void ShiftsPerActivity_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.ShiftsPerActivity);

    [Property(MaxTest = 40)]
    public void TotalMinutes_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.TotalMinutes);

    [Property(MaxTest = 40)]
    public void ConsecutiveDays_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.ConsecutiveDays);

    [Property(MaxTest = 40)]
    public void ConsecutiveDaysOff_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.ConsecutiveDaysOff);

    [Property(MaxTest = 40)]
    public void Weekends_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.Weekends);

    [Property(MaxTest = 40)]
    public void Succession_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, RuleId.Succession);

    [Property(MaxTest = 40)]
    public void AlwaysHardRules_RawSchedule_ModelFeasibleIffCheckerPasses(int seed) =>
        Assert.Null(Agreement.Disagreement(seed, RuleId.Coverage, raw: true));

    [Property(MaxTest = 40)]
    public void EveryRuleHard_FixedSchedule_ModelFeasibleIffCheckerPasses(int seed) => Agree(seed, null);

    /// <summary>The soft faces: each soft rule's optimal penalty is zero exactly when its checker passes.</summary>
    [Property(MaxTest = 40)]
    public void EveryRuleSoft_FixedSchedule_PenaltyZeroIffCheckerPasses(int seed) => Assert.Null(Agreement.SoftDisagreement(seed));

    /// <summary>Guards the rostering properties against cases that always pass or always fail (checker only, cheap).</summary>
    [Fact]
    public void RosterRules_RandomCases_BothPassAndFail()
    {
        foreach (var rule in Agreement.Roster)
        {
            var failing = 0;
            for (var seed = 0; seed < 40; seed++)
            {
                var random = Testing.RandomCase.Create(seed);
                var problem = Core.Compiled.CompiledProblem.Compile(Agreement.WithHard(random.Problem, rule));
                var schedule = Agreement.Clean(problem, Core.Compiled.CompiledSchedule.Compile(problem, random.Schedule));
                failing += Agreement.HardViolations(schedule).Count > 0 ? 1 : 0;
            }

            Assert.InRange(failing, 4, 36);
        }
    }

    /// <summary>On demand (explicit): every rule over a long range of seeds.</summary>
    [Theory(Explicit = true)]
    [InlineData(null)]
    [InlineData(RuleId.WeeklyHours)]
    [InlineData(RuleId.DaysOff)]
    [InlineData(RuleId.ContinuousDuty)]
    [InlineData(RuleId.Rest)]
    [InlineData(RuleId.CallFrequency)]
    [InlineData(RuleId.ConsecutiveNights)]
    [InlineData(RuleId.Supervision)]
    [InlineData(RuleId.Coverage)]
    [InlineData(RuleId.FacultyClinicSessions)]
    [InlineData(RuleId.ShiftsPerActivity)]
    [InlineData(RuleId.TotalMinutes)]
    [InlineData(RuleId.ConsecutiveDays)]
    [InlineData(RuleId.ConsecutiveDaysOff)]
    [InlineData(RuleId.Weekends)]
    [InlineData(RuleId.Succession)]
    public void Sweep_ThousandSeeds_NoDisagreement(RuleId? rule)
    {
        var failures = new List<string>();
        for (var seed = 0; seed < 1000 && failures.Count < 5; seed++)
        {
            if (Agreement.Disagreement(seed, rule) is { } message)
            {
                failures.Add(message);
            }
        }

        Assert.Empty(failures);
    }

    private static void Agree(int seed, RuleId? rule) => Assert.Null(Agreement.Disagreement(seed, rule));
}
