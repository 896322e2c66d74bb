using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Formats;
using Scheduler.Solver.Local;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// <see cref="RosterStart"/>: its blocks of working days keep every rostering rule it lays them out by, so on the
/// Curtois-Qu instances it breaks at most the minimum minutes (and the cover, which is soft there), and fewer hard
/// rules than the greedy schedule.
/// </summary>
public sealed class RosterStartTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(12)]
    public void Build_CurtoisQu_BreaksNoRuleItLaysOutBy_AndFewerThanGreedy(int instance)
    {
        var problem = CompiledProblem.Compile(CurtoisQuFile.Read(Path.Combine(TestData.CurtoisQu, $"Instance{instance}.txt")));

        var blocks = RosterStart.Build(problem, seed: 1);

        var hard = ComplianceChecker.Check(blocks).Violations.Where(v => !problem.IsSoft(v)).ToList();
        Assert.All(hard, v => Assert.True(v.Rule == RuleId.TotalMinutes && v.Measured < v.Limit, $"{v.Rule} {v.Measured}/{v.Limit} of person {v.Person}"));
        Assert.True(hard.Count < ComplianceChecker.Check(GreedyScheduler.Build(problem)).HardCount);
    }

    [Fact]
    public void Hybrid_LargestCurtoisQuSize_FindsASchedule()
    {
        var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(ScaleInstance(seed: 1)), "scale"));
        Assert.Equal((364, 150), (problem.HorizonDays, problem.PersonCount));
        Assert.True(ComplianceChecker.Check(GreedyScheduler.Build(problem)).HardCount > 0);

        var result = ScheduleSolver.Solve(problem, new SolverOptions { Strategy = SolveStrategy.Hybrid, TimeLimit = null, MaxMoves = 10_000 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(result.Schedule);
        Assert.Equal(0, ComplianceChecker.Check(result.Schedule).HardCount);
        Assert.Contains(result.Notes, n => n.StartsWith("first schedule laid out in blocks", StringComparison.Ordinal));
    }

    [Fact]
    public void Hybrid_YearWhoseBlocksLeaveSomeoneShort_MendedByRosterPricing()
    {
        // A year of 50 people and 10 shift types: the blocks leave two people below their minimum minutes, which
        // single-shift moves do not mend; their rosters priced on their requests alone do.
        var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(ScaleInstance(seed: 2, people: 50, typeCount: 10)), "year"));
        Assert.False(SolverLimits.IsSmall(problem));
        Assert.True(ComplianceChecker.Check(RosterStart.Build(problem, seed: 1)).HardCount > 0);

        var result = ScheduleSolver.Solve(problem, new SolverOptions { Strategy = SolveStrategy.Hybrid, TimeLimit = null, MaxMoves = 10_000 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(result.Schedule);
        Assert.Equal(0, ComplianceChecker.Check(result.Schedule).HardCount);
        Assert.Contains(result.Notes, n => n.StartsWith("first schedule mended person by person", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_SameSeed_SameSchedule()
    {
        var problem = CompiledProblem.Compile(CurtoisQuFile.Read(Path.Combine(TestData.CurtoisQu, "Instance7.txt")));

        Assert.Equal(RosterStart.Build(problem, 3).ToPairs(), RosterStart.Build(problem, 3).ToPairs());
    }

    // An instance of the benchmark's largest size, as bench/scale/curtois-qu-like.py describes (with .NET's random
    // numbers), or of its year with fewer people and shift types (in four groups, as there).
    internal static string ScaleInstance(int seed, int people = 150, int typeCount = 32)
    {
        const int Days = 364;
        var random = new Random(seed);
        var group = Enumerable.Range(0, typeCount).Select(k => k * 4 / typeCount).ToArray();
        var types = Enumerable.Range(0, typeCount).Select(k => $"{"adpn"[group[k]]}{k}").ToArray();
        var text = new System.Text.StringBuilder();
        text.AppendLine("SECTION_HORIZON").AppendLine($"{Days}").AppendLine().AppendLine("SECTION_SHIFTS");
        for (var k = 0; k < typeCount; k++)
        {
            text.AppendLine($"{types[k]},480,{string.Join('|', types.Where((_, j) => group[j] < group[k]))}");
        }

        text.AppendLine().AppendLine("SECTION_STAFF");
        for (var e = 0; e < people; e++)
        {
            var works = types.Select(_ => random.Next(2) != 0).ToArray();
            while (works.Where((w, k) => w && group[k] < 3).Count() < 2)
            {
                works[random.Next(typeCount)] = true;
            }

            var maxes = types.Select((t, k) => $"{t}={(!works[k] ? 0 : group[k] == 3 ? 52 : Days)}");
            text.AppendLine($"E{e},{string.Join('|', maxes)},{8640 * 13},{7560 * 13},5,2,2,26");
        }

        text.AppendLine().AppendLine("SECTION_DAYS_OFF");
        for (var e = 0; e < people; e++)
        {
            text.AppendLine($"E{e},{string.Join(',', Enumerable.Range(0, Days).OrderBy(_ => random.Next()).Take(26).Order())}");
        }

        foreach (var section in new[] { "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS" })
        {
            text.AppendLine().AppendLine(section);
            for (var e = 0; e < people; e++)
            {
                for (var r = 0; r < 40; r++)
                {
                    text.AppendLine($"E{e},{random.Next(Days)},{types[random.Next(typeCount)]},{random.Next(1, 4)}");
                }
            }
        }

        text.AppendLine().AppendLine("SECTION_COVER");
        for (var d = 0; d < Days; d++)
        {
            foreach (var t in types)
            {
                text.AppendLine($"{d},{t},{random.Next(1, 5)},100,1");
            }
        }

        return text.ToString();
    }
}
