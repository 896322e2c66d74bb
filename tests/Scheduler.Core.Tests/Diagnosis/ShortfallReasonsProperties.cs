using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Generation;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Diagnosis;

/// <summary>
/// <see cref="ShortfallReasons"/> (changes tried on the incremental checker and reverted) against the obvious
/// reference: for every short shift and eligible person, the change made on a copy of the assignments and the
/// whole schedule checked again.
/// </summary>
public sealed class ShortfallReasonsProperties
{
    [Property(MaxTest = 150)]
    public void Explain_RandomSchedule_AgreesWithFullChecksOfEachChange(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        AssertAgreesWithFullChecks(CompiledSchedule.Compile(problem, c.Schedule), c.ToString());
    }

    /// <summary>Many short shifts (tiny's greedy schedule with every other assignment dropped): explained on every core, each thread with its own checker.</summary>
    [Fact]
    public void Explain_ManyShortShifts_AgreesWithFullChecksOfEachChange()
    {
        var problem = CompiledProblem.Compile(InstanceGenerator.Generate(new GeneratorOptions { Residents = 4, Faculty = 2, Weeks = 2, Seed = 1 }));
        var full = GreedyScheduler.Build(problem);
        var schedule = CompiledSchedule.FromPairs(problem, full.ToPairs().Where((_, k) => k % 2 == 0).ToArray());
        Assert.True(ShortfallReasons.Explain(schedule).Count >= 40, "enough short shifts to be explained in parallel");

        AssertAgreesWithFullChecks(schedule, "tiny less every other assignment");
    }

    private static void AssertAgreesWithFullChecks(CompiledSchedule schedule, string c)
    {
        var problem = schedule.Problem;
        var pairs = schedule.ToPairs().ToHashSet();
        var before = Full(problem, pairs);

        var shortShifts = ShortfallReasons.Explain(schedule);

        var expectedShort = Enumerable.Range(0, problem.ShiftCount).Where(s => schedule.PeopleOn(s).Length < problem.MinPeople[s]).ToList();
        Assert.Equal(expectedShort, shortShifts.Select(x => x.Shift));
        foreach (var shortShift in shortShifts)
        {
            var s = shortShift.Shift;
            Assert.Equal(schedule.PeopleOn(s).Length, shortShift.Assigned);
            var eligible = Enumerable.Range(0, problem.PersonCount).Where(p => problem.IsEligible(p, s) && !pairs.Contains((p, s))).ToList();
            Assert.Equal(eligible, shortShift.Candidates.Select(x => x.Person));
            foreach (var candidate in shortShift.Candidates)
            {
                var p = candidate.Person;
                var where = $"{c} shift {problem.ShiftId(s)} person {problem.PersonId(p)}";
                if (!problem.IsAvailable(p, s))
                {
                    Assert.Equal(CandidateReason.Absent, candidate.Reason);
                    continue;
                }

                var overlapping = pairs.Where(x => x.Person == p && problem.ShiftStart[x.Shift] < problem.ShiftEnd[s] && problem.ShiftEnd[x.Shift] > problem.ShiftStart[s])
                    .Select(x => x.Shift).Order().ToList();
                var changed = new HashSet<(int Person, int Shift)>(pairs) { (p, s) };
                if (overlapping.Count > 0)
                {
                    Assert.Equal(CandidateReason.Overlapping, candidate.Reason);
                    Assert.Equal(overlapping[0], candidate.OtherShift);
                    changed.Remove((p, overlapping[0]));
                }
                else
                {
                    Assert.Equal(candidate.Breaks.Count == 0 ? CandidateReason.Free : CandidateReason.WouldBreak, candidate.Reason);
                }

                var added = Minus(Full(problem, changed), before)
                    .Where(v => !(v.Rule == RuleId.Coverage && v.Shift == s))
                    .Where(v => !problem.IsSoft(v) || (v.Rule == RuleId.Coverage && v.Measured < v.Limit))
                    .Order().ToList();
                Assert.True(added.SequenceEqual(candidate.Breaks.Order()), $"{where}: breaks differ");
            }

            var mends = shortShift.Candidates.Where(x => x.Reason is CandidateReason.Free or CandidateReason.Overlapping && x.Breaks.Count == 0).ToList();
            if (mends.Count == 0)
            {
                Assert.Null(shortShift.Mend);
            }
            else
            {
                Assert.NotNull(shortShift.Mend);
                Assert.Contains(shortShift.Mend, mends);
                Assert.True(shortShift.Mend.Reason == CandidateReason.Free || mends.All(x => x.Reason == CandidateReason.Overlapping), "a free person is the mend when there is one");
            }
        }
    }

    private static List<Violation> Full(CompiledProblem problem, IEnumerable<(int Person, int Shift)> pairs) =>
        ComplianceChecker.Check(CompiledSchedule.FromPairs(problem, pairs.ToArray())).Violations.ToList();

    private static List<Violation> Minus(List<Violation> a, List<Violation> b)
    {
        var rest = new List<Violation>(b);
        return a.Where(v => !rest.Remove(v)).ToList();
    }
}
