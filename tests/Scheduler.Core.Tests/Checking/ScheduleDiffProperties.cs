using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Checking;

/// <summary><see cref="ScheduleDiff"/> against sets: a random schedule and a random edit of it.</summary>
public sealed class ScheduleDiffProperties
{
    [Property(MaxTest = 200)]
    public void Of_RandomEdit_ChangesAreTheSetDifferencesByPersonAndDay(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var published = CompiledSchedule.Compile(problem, c.Schedule);
        var rng = new Random(seed);
        var before = published.ToPairs().ToHashSet();
        var after = before.Where(_ => rng.Next(4) != 0).ToHashSet();
        for (var k = 0; k < 3; k++)
        {
            after.Add((rng.Next(problem.PersonCount), rng.Next(problem.ShiftCount)));
        }

        var diff = ScheduleDiff.Of(published, CompiledSchedule.FromPairs(problem, after.ToArray()));

        var removed = before.Except(after).ToList();
        var added = after.Except(before).ToList();
        Assert.Equal(removed.Count, diff.RemovedCount);
        Assert.Equal(added.Count, diff.AddedCount);
        int Day((int Person, int Shift) x) => problem.ShiftDay[x.Shift] - problem.HistoryDays;
        var changedDays = removed.Concat(added).Select(x => (x.Person, Day(x))).ToHashSet();
        Assert.Equal(changedDays.Order(), diff.Changes.Select(x => (x.Person, x.Day)));
        foreach (var change in diff.Changes)
        {
            Assert.Equal(removed.Where(x => x.Person == change.Person && Day(x) == change.Day).Select(x => x.Shift).Order(), change.Removed.Order());
            Assert.Equal(added.Where(x => x.Person == change.Person && Day(x) == change.Day).Select(x => x.Shift).Order(), change.Added.Order());
        }

        var worked = before.Concat(after).Select(x => (x.Person, Day(x))).ToHashSet();
        Assert.Equal(worked.Count, diff.WorkedDays);
        Assert.InRange(diff.Churn, 0, 1);
        Assert.All(diff.People, p => Assert.Equal(worked.Count(x => x.Person == p.Person), p.WorkedDays));
        Assert.Equal(diff.People.OrderByDescending(p => p.Churn).Select(p => p.Churn), diff.People.Select(p => p.Churn));
    }
}
