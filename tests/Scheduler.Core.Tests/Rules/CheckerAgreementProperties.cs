using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Rules;

public sealed class CheckerAgreementProperties
{
    [Property(MaxTest = 300)]
    public void FastChecker_RandomSchedule_AgreesWithReferenceOnEveryRule(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var fast = ComplianceChecker.Check(CompiledSchedule.Compile(problem, c.Schedule)).Violations.Order().ToList();
        var reference = ReferenceChecker.Check(problem, c.Schedule);

        Assert.True(reference.SequenceEqual(fast),
            $"{c}\nonly fast: {string.Join("; ", fast.Except(reference))}\nonly reference: {string.Join("; ", reference.Except(fast))}");
    }

    [Fact]
    public void RandomCases_OverManySeeds_BreakEveryPerPersonRuleSomewhere()
    {
        // Guards the agreement property against a generator that never exercises a rule.
        var seen = new HashSet<RuleId>();
        for (var seed = 0; seed < 300; seed++)
        {
            var c = RandomCase.Create(seed);
            var problem = CompiledProblem.Compile(c.Problem);
            foreach (var v in ComplianceChecker.Check(CompiledSchedule.Compile(problem, c.Schedule)).Violations)
            {
                seen.Add(v.Rule);
            }
        }

        Assert.Equal(Enum.GetValues<RuleId>().Order(), seen.Order());
    }
}
