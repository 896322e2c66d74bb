using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Solver.Local;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// The local search's compound moves (<see cref="CompoundMoves"/>): each does what it says to the schedule, its
/// change of the score is the change of a score counted afresh, a revert puts back the schedule and the score, and
/// it touches (lists) every pair it changed.
/// </summary>
public sealed class CompoundMovesProperties
{
    [Property(MaxTest = 60)]
    public void CompoundMoves_RandomMoves_DoWhatTheySayAndKeepTheScoreExact(int seed)
    {
        var random = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(random.Problem);
        var score = new LocalScore(CompiledSchedule.Compile(problem, random.Schedule));
        var moves = new CompoundMoves(problem);
        var rng = new Random(seed);

        for (var step = 0; step < 40; step++)
        {
            var before = score.Checker.ToSchedule().ToPairs().ToHashSet();
            var (hard, soft) = (score.Hard, score.Soft);
            var a = rng.Next(problem.PersonCount);
            var b = rng.Next(problem.PersonCount);
            var first = rng.Next(problem.DayCount);
            var last = Math.Min(problem.DayCount - 1, first + rng.Next(5));
            var kind = rng.Next(4);
            var delta = kind switch
            {
                0 when a != b => moves.BlockSwap(score, a, b, first, last),
                1 => moves.AddRun(score, a, problem.ShiftActivity[rng.Next(problem.ShiftCount)], first, last),
                2 => moves.DropRun(score, a, first),
                3 => moves.RuinAndRecreate(score, rng, a, rng.Next(3), first, last),
                _ => null,
            };
            if (delta is not { } change)
            {
                Assert.Equal(before, score.Checker.ToSchedule().ToPairs().ToHashSet());
                continue;
            }

            var after = score.Checker.ToSchedule().ToPairs().ToHashSet();
            Assert.Equal((hard + change.Hard, soft + change.Soft), (score.Hard, score.Soft));
            var fresh = new LocalScore(score.Checker.ToSchedule());
            Assert.Equal((fresh.Hard, fresh.Soft), (score.Hard, score.Soft));

            // Every pair that changed is listed as touched.
            var changed = after.Except(before).Concat(before.Except(after)).ToHashSet();
            Assert.Subset(moves.Touched.ToHashSet(), changed);
            if (kind == 0)
            {
                // Over the days, each works what the other worked; outside them, nothing changed.
                Assert.Equal(Within(before, b, problem, first, last), Within(after, a, problem, first, last));
                Assert.Equal(Within(before, a, problem, first, last), Within(after, b, problem, first, last));
                Assert.All(changed, pair => Assert.InRange(problem.ShiftDay[pair.Item2], first, last));
            }
            else if (kind == 1)
            {
                Assert.Empty(before.Except(after));
                Assert.Equal(last - first + 1, after.Except(before).Count(pair => pair.Item1 == a));
            }
            else if (kind == 2)
            {
                Assert.Empty(after.Except(before));
                Assert.All(changed, pair => Assert.Equal(a, pair.Item1));
            }

            if (rng.Next(2) == 0)
            {
                score.Revert();
                Assert.Equal(before, score.Checker.ToSchedule().ToPairs().ToHashSet());
                Assert.Equal((hard, soft), (score.Hard, score.Soft));
            }
        }

        Assert.Equal(ComplianceChecker.Check(score.Checker.ToSchedule()).HardCount, score.Hard);
    }

    // The shifts a person works starting on days first..last.
    private static HashSet<int> Within(HashSet<(int, int)> pairs, int person, CompiledProblem problem, int first, int last) =>
        pairs.Where(pair => pair.Item1 == person && problem.ShiftDay[pair.Item2] >= first && problem.ShiftDay[pair.Item2] <= last)
            .Select(pair => pair.Item2).ToHashSet();
}
