using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Xunit;

namespace Scheduler.Core.Tests.Generation;

public sealed class GreedySchedulerTests
{
    [Theory]
    [InlineData(12, 8, 8, "America/New_York")]
    [InlineData(19, 14, 13, "America/Chicago")]
    [InlineData(60, 40, 4, "Pacific/Honolulu")]
    public void Build_GeneratedProgram_BreaksNoPerPersonRuleAndNoSupervision(int residents, int faculty, int weeks, string zone)
    {
        var problem = CompiledProblem.Compile(InstanceGenerator.Generate(new GeneratorOptions
        {
            Residents = residents, Faculty = faculty, Weeks = weeks, Seed = 3, TimeZone = zone,
        }));

        var schedule = GreedyScheduler.Build(problem);
        var report = ComplianceChecker.Check(schedule);

        Assert.All(report.Violations, v => Assert.Equal(RuleId.Coverage, v.Rule));
        // Mostly covered: shortfalls are rare (the rules, not the sizing, leave places empty).
        Assert.True(report.Count(RuleId.Coverage) * 100 <= problem.ShiftCount, $"{report.Count(RuleId.Coverage)} of {problem.ShiftCount} shifts short");
        Assert.True(schedule.AssignmentCount > problem.ShiftCount);
    }

    [Fact]
    public void Build_SameProblem_ReturnsSameAssignments()
    {
        var problem = InstanceGenerator.Generate(new GeneratorOptions { Residents = 19, Faculty = 14, Weeks = 4, Seed = 5 });

        var first = GreedyScheduler.Build(CompiledProblem.Compile(problem)).ToSchedule();
        var second = GreedyScheduler.Build(CompiledProblem.Compile(problem)).ToSchedule();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Build_CallThenPostCall_HandsOverToTheSameResident()
    {
        var problem = CompiledProblem.Compile(InstanceGenerator.Generate(GeneratorOptions.Default));
        var schedule = GreedyScheduler.Build(problem);

        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if ((problem.ShiftKinds[s] & ActivityKinds.Transition) == 0)
            {
                continue;
            }

            foreach (var person in schedule.PeopleOn(s))
            {
                // The hand-over continues a duty that ends as it starts.
                Assert.Contains(schedule.Duties(person).ToArray(), d => d.End == problem.ShiftStart[s] && d.Shift != s);
            }
        }
    }

    [Fact]
    public void Build_FallBackNight_CoversTheCallThatEndsAfter24ElapsedHours()
    {
        // 2026-11-01 falls back: the call from 2026-10-31 07:00 ends at 06:00, so someone can take it within 24 + 4.
        var problem = CompiledProblem.Compile(InstanceGenerator.Generate(GeneratorOptions.Default with { Weeks = 18 }));
        Assert.True(problem.TryGetShift("2026-10-31/call/24h", out var call));

        var schedule = GreedyScheduler.Build(problem);

        Assert.Equal(24 * 60, problem.ShiftEnd[call] - problem.ShiftStart[call]);
        Assert.Equal(1, schedule.PeopleOn(call).Length);
        Assert.DoesNotContain(ComplianceChecker.Check(schedule).Violations, v => v.Rule == RuleId.ContinuousDuty);
    }

    [Fact]
    public void Build_EmptyProgram_ReturnsEmptySchedule()
    {
        var problem = CompiledProblem.Compile(new Problem
        {
            Name = "empty", TimeZone = "America/New_York", StartDate = new DateOnly(2026, 7, 2), HorizonDays = 7,
        });

        Assert.Equal(0, GreedyScheduler.Build(problem).AssignmentCount);
    }
}
