using FsCheck.Xunit;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Rules;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Diagnosis;

/// <summary>
/// The supervision capacity of one shift (<see cref="CapacityChecks"/>, the most people a supervised shift can
/// hold with the faculty available) against the obvious reference: every count of faculty, PGY-2+ and PGY-1
/// residents that fits the shift, judged by the supervision rule's own formula.
/// </summary>
public sealed class CapacityChecksProperties
{
    [Property(MaxTest = 300)]
    public void ShiftSupervision_RandomCounts_FoundExactlyWhenNoStaffingIsSupervised(int seed)
    {
        var rng = new Random(seed);
        var (faculty, seniors, juniors) = (rng.Next(0, 4), rng.Next(0, 6), rng.Next(0, 6));
        var min = rng.Next(0, 9);
        var max = min + rng.Next(0, 3);
        var rules = ProgramRules.Acgme with { Pgy1PerFaculty = rng.Next(1, 4), SeniorPerFaculty = rng.Next(1, 6) };
        var builder = new ResidentScheduleBuilder(horizonDays: 7).WithRules(rules);
        for (var k = 0; k < faculty; k++)
        {
            builder.Faculty("f" + k);
        }

        for (var k = 0; k < seniors; k++)
        {
            builder.Resident("s" + k, pgy: 2 + rng.Next(3));
        }

        for (var k = 0; k < juniors; k++)
        {
            builder.Resident("j" + k, pgy: 1);
        }

        var problem = CompiledProblem.Compile(builder
            .Shift("clinic", ShiftTemplate.Day1Morning.OnDay(2), new Requirement(min, max, Model.Eligibility.Anyone, Supervised: true))
            .BuildProblem());

        var found = CapacityChecks.Run(problem).Findings.Any(f => f.Kind is CapacityKind.ShiftSupervision or CapacityKind.ShiftPeople);

        var staffable = false;
        for (var f = 0; f <= faculty; f++)
        {
            for (var s = 0; s <= seniors; s++)
            {
                for (var j = 0; j <= juniors; j++)
                {
                    var people = f + s + j;
                    staffable |= people >= min && people <= max && Supervision.RequiredFaculty(rules, j, s) <= f;
                }
            }
        }

        Assert.True(!staffable == found, $"F{faculty} S{seniors} J{juniors} min {min} max {max} r1 {rules.Pgy1PerFaculty} r2 {rules.SeniorPerFaculty}: staffable {staffable}, found {found}");
    }
}
