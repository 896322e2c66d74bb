using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Rules;

public sealed class AcgmeVectorTests
{
    public static TheoryData<string> Vectors() => new(AcgmeVector.Names());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void FastChecker_AcgmeVector_GivesExpectedVerdictPerRule(string name)
    {
        var vector = AcgmeVector.Load(name);
        var problem = CompiledProblem.Compile(vector.Problem);
        var report = ComplianceChecker.Check(CompiledSchedule.Compile(problem, vector.Schedule));

        foreach (var (rule, pass) in vector.ExpectPass)
        {
            Assert.True(pass == (report.Count(rule) == 0),
                $"{name}: {rule} expected {(pass ? "pass" : "fail")}; violations: "
                + string.Join("; ", report.Violations.Where(v => v.Rule == rule).Select(report.Describe)));
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ReferenceChecker_AcgmeVector_GivesExpectedVerdictPerRule(string name)
    {
        var vector = AcgmeVector.Load(name);
        var problem = CompiledProblem.Compile(vector.Problem);
        var violations = ReferenceChecker.Check(problem, vector.Schedule);

        foreach (var (rule, pass) in vector.ExpectPass)
        {
            Assert.True(pass == violations.All(v => v.Rule != rule), $"{name}: {rule} expected {(pass ? "pass" : "fail")}");
        }
    }
}
