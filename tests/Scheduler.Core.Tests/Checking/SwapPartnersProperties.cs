using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Checking;

/// <summary>
/// <see cref="SwapPartners"/> (changes tried on the incremental checker and reverted) against the obvious reference:
/// every give and every same-activity trade within the days allowed, made on a copy of the assignments and the whole
/// schedule checked again; legal when no hard violation is added.
/// </summary>
public sealed class SwapPartnersProperties
{
    [Property(MaxTest = 100)]
    public void Find_RandomAssignment_AgreesWithFullChecksOfEachChange(int seed, byte pick, byte within)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var schedule = CompiledSchedule.Compile(problem, c.Schedule);
        var assignments = schedule.ToPairs();
        if (assignments.Length == 0)
        {
            return;
        }

        var (person, shift) = assignments[pick % assignments.Length];
        AssertAgreesWithFullChecks(schedule, person, shift, within % 4);
    }

    /// <summary>Every assignment of tiny's greedy schedule, trades within a week: swaps of calls and wards are found and agree.</summary>
    [Fact]
    public void Find_EveryAssignmentOfTiny_AgreesWithFullChecksAndFindsSwaps()
    {
        var problem = CompiledProblem.Compile(InstanceGenerator.Generate(new GeneratorOptions { Residents = 4, Faculty = 2, Weeks = 2, Seed = 1 }));
        var schedule = GreedyScheduler.Build(problem);

        var swaps = schedule.ToPairs().Sum(x => AssertAgreesWithFullChecks(schedule, x.Person, x.Shift, SwapPartners.DefaultWithinDays));

        Assert.True(swaps > 0, "no legal swap in tiny: the check of swaps would be vacuous");
    }

    // Returns the legal swaps found.
    private static int AssertAgreesWithFullChecks(CompiledSchedule schedule, int person, int shift, int days)
    {
        var problem = schedule.Problem;
        var assignments = schedule.ToPairs();
        var checker = new IncrementalChecker(problem, schedule);
        var before = ViolationCount(checker);

        var partners = SwapPartners.Find(checker, person, shift, days);

        // The checker is left as it was.
        Assert.Equal(before, ViolationCount(checker));
        Assert.Equal(assignments, checker.ToSchedule().ToPairs());

        var pairs = assignments.ToHashSet();
        var hardBefore = Hard(problem, pairs);
        var expected = new List<(int Person, int OtherShift)>();
        for (var q = 0; q < problem.PersonCount; q++)
        {
            if (q == person || pairs.Contains((q, shift)) || !problem.CanWork(q, shift))
            {
                continue;
            }

            var give = new HashSet<(int, int)>(pairs);
            give.Remove((person, shift));
            give.Add((q, shift));
            if (AddsNoHard(problem, give, hardBefore))
            {
                expected.Add((q, -1));
            }

            foreach (var (_, t) in pairs.Where(x => x.Person == q))
            {
                if (problem.ShiftActivity[t] != problem.ShiftActivity[shift] || Math.Abs(problem.ShiftDay[t] - problem.ShiftDay[shift]) > days
                    || pairs.Contains((person, t)) || !problem.CanWork(person, t))
                {
                    continue;
                }

                var trade = new HashSet<(int, int)>(pairs);
                trade.Remove((person, shift));
                trade.Remove((q, t));
                trade.Add((person, t));
                trade.Add((q, shift));
                if (AddsNoHard(problem, trade, hardBefore))
                {
                    expected.Add((q, t));
                }
            }
        }

        Assert.Equal(expected.Order(), partners.Select(x => (x.Person, x.OtherShift)).Order());
        Assert.Equal(partners.OrderBy(x => x.DutyMinutes).ThenBy(x => x.Calls).Select(x => x.DutyMinutes), partners.Select(x => x.DutyMinutes));
        return partners.Count(x => x.OtherShift >= 0);
    }

    private static int ViolationCount(IncrementalChecker checker) => checker.ViolationCount;

    private static List<Violation> Hard(CompiledProblem problem, IEnumerable<(int Person, int Shift)> pairs) =>
        ComplianceChecker.Check(CompiledSchedule.FromPairs(problem, pairs.ToArray())).Violations.Where(v => !problem.IsSoft(v)).ToList();

    // True when the schedule's hard violations are a sub-multiset of those before: the change added none.
    private static bool AddsNoHard(CompiledProblem problem, IEnumerable<(int Person, int Shift)> pairs, List<Violation> before)
    {
        var rest = new List<Violation>(before);
        return Hard(problem, pairs).All(rest.Remove);
    }
}
