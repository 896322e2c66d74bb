using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Solver.Local;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// <see cref="LocalScore"/>: its objective equals the solver's (<see cref="ScheduleSolver.Evaluate"/>) on random
/// problems with every rule that can be soft priced, requests, fairness and continuity; and kept move by move it
/// equals a score counted afresh, after any sequence of moves and compound moves kept or reverted (whole or to a mark).
/// </summary>
public sealed class LocalScoreProperties
{
    // The rules whose violations the local score prices as the model does; the others are switched off (soft at weight 0).
    private static readonly RuleId[] Priced = [RuleId.Coverage, RuleId.Supervision, RuleId.WeeklyHours, RuleId.DaysOff, RuleId.CallFrequency, RuleId.ConsecutiveNights, RuleId.FacultyClinicSessions];

    // A random case with random requests, every soft-capable rule soft at a random weight, and the preference terms on.
    private static (CompiledProblem Problem, CompiledSchedule Schedule) Case(int seed)
    {
        var random = RandomCase.Create(seed, roster: false);
        var rng = new Random(seed);
        var source = random.Problem;
        var requests = Agreement.RandomRequests(source, rng);

        var problem = CompiledProblem.Compile(source with
        {
            Requests = requests,
            Objective = new ObjectiveWeights
            {
                Requests = rng.Next(0, 3), CallFairness = rng.Next(0, 3), NightFairness = rng.Next(0, 3), WeekendFairness = rng.Next(0, 3),
                Continuity = rng.Next(0, 3),
                SoftRules = Agreement.SoftCapable
                    .Select(r => new SoftRule(r, Priced.Contains(r) ? rng.Next(1, 4) : 0))
                    .ToList(),
            },
        });
        return (problem, Agreement.Clean(problem, CompiledSchedule.Compile(problem, random.Schedule)));
    }

    [Property(MaxTest = 200)]
    public void Score_RandomSchedule_EqualsTheSolversObjective(int seed)
    {
        var (_, schedule) = Case(seed);

        var score = new LocalScore(schedule);
        var solver = ScheduleSolver.Evaluate(schedule, TestContext.Current.CancellationToken);

        Assert.Equal(0, score.Hard);
        var local = ComplianceChecker.Check(schedule).Violations.Where(v => schedule.Problem.IsSoft(v))
            .GroupBy(v => v.Rule).Select(g => $"{g.Key} {g.Sum(v => LocalScore.SoftCost(schedule.Problem, v))} ({string.Join(" ", g.Select(v => $"{v.Measured}/{v.Limit}"))})");
        Assert.True(solver.Values.Sum() == score.Soft, $"solver {solver.Values.Sum()} ({string.Join(", ", solver.Where(t => t.Value != 0).Select(t => $"{t.Key} {t.Value}"))}), local {score.Soft} ({string.Join(", ", local)})");
    }

    [Property(MaxTest = 60)]
    public void Score_AfterRandomMovesAndCompoundMovesKeptOrReverted_EqualsAFreshCount(int seed)
    {
        var (problem, schedule) = Case(seed);
        var rng = new Random(seed);
        var score = new LocalScore(schedule);

        for (var step = 0; step < 200; step++)
        {
            var (hard, soft) = (score.Hard, score.Soft);
            if (rng.Next(4) == 0)
            {
                // A compound move: a few moves, perhaps some taken back to a mark, then kept or reverted whole.
                score.BeginCompound();
                ScoreMark? mark = null;
                for (var k = rng.Next(1, 6); k > 0; k--)
                {
                    if (rng.Next(3) == 0)
                    {
                        mark = score.Mark;
                    }

                    var (h, f) = (score.Hard, score.Soft);
                    if (RandomMove(problem, score, rng) is { } part)
                    {
                        Assert.Equal((h + part.Hard, f + part.Soft), (score.Hard, score.Soft));
                    }
                }

                if (mark is { } m && rng.Next(2) == 0)
                {
                    score.RevertTo(m);
                    Assert.Equal((m.Hard, m.Soft), (score.Hard, score.Soft));
                }

                var total = score.EndCompound();
                Assert.Equal((hard + total.Hard, soft + total.Soft), (score.Hard, score.Soft));
                if (rng.Next(3) == 0)
                {
                    score.Revert();
                    Assert.Equal((hard, soft), (score.Hard, score.Soft));
                }

                continue;
            }

            if (RandomMove(problem, score, rng) is not { } delta)
            {
                continue;
            }

            Assert.Equal((hard + delta.Hard, soft + delta.Soft), (score.Hard, score.Soft));
            if (rng.Next(3) == 0)
            {
                score.Revert();
                Assert.Equal((hard, soft), (score.Hard, score.Soft));
            }
        }

        var fresh = new LocalScore(score.Checker.ToSchedule());
        Assert.Equal((fresh.Hard, fresh.Soft), (score.Hard, score.Soft));
        Assert.Equal(ComplianceChecker.Check(score.Checker.ToSchedule()).HardCount, score.Hard);
    }

    // One random add, remove, reassign or swap that fits the schedule, and the score's change; null when the one drawn does not fit.
    private static (long Hard, long Soft)? RandomMove(CompiledProblem problem, LocalScore score, Random rng)
    {
        var s = rng.Next(problem.ShiftCount);
        var on = score.Checker.PeopleOn(s);
        var p = rng.Next(problem.PersonCount);
        var kind = rng.Next(4);
        if (kind == 0 && !score.Checker.IsAssigned(p, s))
        {
            return score.Add(p, s);
        }

        if (kind == 1 && on.Length > 0)
        {
            return score.Remove(on[rng.Next(on.Length)], s);
        }

        if (kind == 2 && on.Length > 0 && !score.Checker.IsAssigned(p, s))
        {
            return score.Reassign(s, on[rng.Next(on.Length)], p);
        }

        if (kind == 3 && on.Length > 0 && rng.Next(problem.ShiftCount) is var t && t != s && score.Checker.PeopleOn(t) is { Length: > 0 } other
            && other[rng.Next(other.Length)] is var q && on[rng.Next(on.Length)] is var a && a != q
            && !score.Checker.IsAssigned(a, t) && !score.Checker.IsAssigned(q, s))
        {
            return score.Swap(a, s, q, t);
        }

        return null;
    }
}
