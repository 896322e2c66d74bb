using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Formats;
using Scheduler.Solver.Columns;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// Column generation (<see cref="ColumnGeneration"/>) and its pricing (<see cref="RosterPricing"/>): the pricing's
/// cheapest roster is the cheapest of every roster the independent Curtois-Qu scorer finds no breach in (found by
/// trying them all), and the schedules column generation returns are ones the scorer accepts, at the objective it
/// counts, above the bound it proves.
/// </summary>
public sealed class ColumnGenerationTests
{
    [Property(MaxTest = 150)]
    public void Cheapest_RandomRosterProblems_IsTheCheapestRosterTheScorerAllows(int seed)
    {
        var text = RandomInstance(seed, out var days, out var types);
        var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(text), "random"));
        var instance = CurtoisQuInstance.Parse(text);
        var rng = new Random(seed);
        var price = new double[problem.ShiftCount];
        for (var s = 0; s < price.Length; s++)
        {
            price[s] = rng.Next(-9, 10);
        }

        for (var person = 0; person < problem.PersonCount; person++)
        {
            double? cheapest = Allowed(problem, instance, person, days, types).Select(c => (double?)Cost(problem, price, c, types)).Min();

            var rosters = new RosterPricing(problem, person).Cheapest(price, count: 3, stop: TestContext.Current.CancellationToken)!;
            if (cheapest is null)
            {
                Assert.Empty(rosters);
                continue;
            }

            Assert.True(rosters[0].Exact);
            Assert.Equal(cheapest.Value, rosters[0].Cost);
            Assert.Equal(rosters.Count, rosters.Select(r => string.Join(',', r.Shifts)).Distinct().Count());
            for (var i = 0; i < rosters.Count; i++)
            {
                var chosen = Choice(problem, rosters[i].Shifts, days, types);
                Assert.Equal(0, Breaches(problem, instance, person, chosen, types));
                Assert.Equal(rosters[i].Cost, Cost(problem, price, chosen, types));
                Assert.True(i == 0 || rosters[i].Cost >= rosters[i - 1].Cost);
            }
        }
    }

    [Property(MaxTest = 100)]
    public void Cheapest_ShiftsNeverWorkedAndDaysToWork_IsTheCheapestRosterThatKeepsThem(int seed)
    {
        // Branch-and-price's branches: some shifts priced at infinity (never worked), some days that must be worked.
        var text = RandomInstance(seed, out var days, out var types);
        var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(text), "random"));
        var instance = CurtoisQuInstance.Parse(text);
        var rng = new Random(seed);
        var price = Enumerable.Range(0, problem.ShiftCount).Select(_ => rng.Next(4) == 0 ? double.PositiveInfinity : rng.Next(-9, 10)).ToArray();
        var working = Enumerable.Range(0, days).Select(_ => rng.Next(4) == 0).ToArray();

        for (var person = 0; person < problem.PersonCount; person++)
        {
            var cheapest = Allowed(problem, instance, person, days, types)
                .Where(c => Enumerable.Range(0, days).All(d => c[d] >= 0 || !working[d]))
                .Select(c => Cost(problem, price, c, types))
                .Where(double.IsFinite)
                .DefaultIfEmpty(double.NaN)
                .Min();

            var rosters = new RosterPricing(problem, person).Cheapest(price, count: 3, working, TestContext.Current.CancellationToken)!;
            if (double.IsNaN(cheapest))
            {
                Assert.Empty(rosters);
                continue;
            }

            Assert.Equal(cheapest, rosters[0].Cost);
            foreach (var roster in rosters)
            {
                var chosen = Choice(problem, roster.Shifts, days, types);
                Assert.Equal(0, Breaches(problem, instance, person, chosen, types));
                Assert.All(Enumerable.Range(0, days), d => Assert.True(chosen[d] >= 0 || !working[d]));
                Assert.Equal(roster.Cost, Cost(problem, price, chosen, types));
                Assert.True(double.IsFinite(roster.Cost));
            }
        }
    }

    [Fact]
    public void BranchAndPrice_RandomRosterProblems_ProvesTheOptimumCpSatProves()
    {
        // Six employees whose rosters the cover couples; branch-and-price starts from each one's cheapest roster on
        // their requests alone and searches to the end, CP-SAT solves the assignment model to optimality.
        string[] staff = ["A", "B", "C", "D", "E", "F"];
        var branched = 0;
        for (var seed = 1; seed <= 100; seed++)
        {
            var text = RandomInstance(seed, out _, out _, staff, varied: true);
            var file = CurtoisQuFile.Parse(new StringReader(text), "random");
            var reference = ScheduleSolver.Solve(
                file,
                new SolverOptions { Strategy = SolveStrategy.Monolithic, Workers = 1, Seed = 1, TimeLimit = null, DeterministicTimeLimit = 30 },
                cancellationToken: TestContext.Current.CancellationToken);

            var outcome = ColumnGeneration.BranchAndPrice(CompiledProblem.Compile(file), seed);

            if (reference.Schedule is null)
            {
                Assert.Null(outcome); // someone has no roster that keeps their limits (the cover is soft)
                continue;
            }

            Assert.Equal(SolveStatus.Optimal, reference.Status);
            var (schedule, objective, bound, nodes) = outcome!.Value;
            Assert.Equal(reference.Objective, objective);
            Assert.Equal(objective, bound);
            var instance = CurtoisQuInstance.Parse(text);
            var score = CurtoisQuScorer.Score(instance, CurtoisQuScorer.Roster(instance, schedule.ToSchedule()));
            Assert.Empty(score.Breaches);
            Assert.Equal(objective, score.Objective);
            branched += nodes > 1 ? 1 : 0;
        }

        // Not the root's LP alone: some instances needed branches.
        Assert.True(branched > 10, $"{branched} branched");
    }

    [Fact]
    public void Improve_RandomRosterProblems_LeavesNoPersonAbleToMakeTheScheduleCheaperAlone()
    {
        // Five employees whose rosters the cover couples, each starting from a random roster that keeps their limits
        // (the cheapest at random prices); after, each one's every roster is tried with the others' held.
        string[] staff = ["A", "B", "C", "D", "E"];
        var (tried, bettered) = (0, 0);
        for (var seed = 1; tried < 40; seed++)
        {
            var text = RandomInstance(seed, out var days, out var types, staff, mostTypes: 2);
            var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(text), "random"));
            var rng = new Random(seed);
            var pairs = new List<(int Person, int Shift)>();
            for (var person = 0; person < problem.PersonCount; person++)
            {
                var price = Enumerable.Range(0, problem.ShiftCount).Select(_ => (double)rng.Next(-9, 10)).ToArray();
                foreach (var roster in new RosterPricing(problem, person).Cheapest(price, stop: TestContext.Current.CancellationToken)!)
                {
                    pairs.AddRange(roster.Shifts.Select(s => (person, s)));
                }
            }

            var instance = CurtoisQuInstance.Parse(text);
            var start = CurtoisQuScorer.Score(instance, CurtoisQuScorer.Roster(instance, CompiledSchedule.FromPairs(problem, [.. pairs]).ToSchedule()));
            if (start.Breaches.Count > 0)
            {
                continue; // someone has no roster that keeps their limits
            }

            tried++;
            var improved = ColumnGeneration.Improve(problem, CompiledSchedule.FromPairs(problem, [.. pairs]));

            var rows = CurtoisQuScorer.Roster(instance, improved.ToSchedule());
            var score = CurtoisQuScorer.Score(instance, rows);
            Assert.Empty(score.Breaches);
            Assert.True(score.Objective <= start.Objective);
            bettered += score.Objective < start.Objective ? 1 : 0;
            for (var e = 0; e < staff.Length; e++)
            {
                var held = Enumerable.Range(0, days).Select(d => rows[e, d]).ToArray();
                for (var n = 0; n < (int)Math.Pow(types.Length + 1, days); n++)
                {
                    var rest = n;
                    for (var d = 0; d < days; d++)
                    {
                        (rows[e, d], rest) = (rest % (types.Length + 1) is var t && t == 0 ? null : types[t - 1], rest / (types.Length + 1));
                    }

                    var alone = CurtoisQuScorer.Score(instance, rows);
                    Assert.True(
                        alone.Breaches.Count > 0 || alone.Objective >= score.Objective,
                        $"seed {seed}: {staff[e]} alone could lower {score.Objective} to {alone.Objective}");
                }

                for (var d = 0; d < days; d++)
                {
                    rows[e, d] = held[d];
                }
            }
        }

        // Not a property of the starts alone: most of them were bettered.
        Assert.True(bettered > tried / 2, $"{bettered} of {tried} bettered");
    }

    [Fact]
    public void Cheapest_FewLabelsADay_RostersTheScorerAllowsMarkedNotProvenCheapest()
    {
        // With at most two labels a day, the cheapest labels are kept: what is returned still keeps every limit and
        // costs what it says, and is marked exact only when it is the cheapest of all.
        var capped = 0;
        for (var seed = 1; seed <= 60; seed++)
        {
            var text = RandomInstance(seed, out var days, out var types);
            var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(text), "random"));
            var instance = CurtoisQuInstance.Parse(text);
            var rng = new Random(seed);
            var price = Enumerable.Range(0, problem.ShiftCount).Select(_ => (double)rng.Next(-9, 10)).ToArray();
            for (var person = 0; person < problem.PersonCount; person++)
            {
                var rosters = new RosterPricing(problem, person) { MaxLabels = 2 }.Cheapest(price, count: 3, stop: TestContext.Current.CancellationToken)!;
                var cheapest = Allowed(problem, instance, person, days, types).Select(c => Cost(problem, price, c, types)).DefaultIfEmpty(double.NaN).Min();
                foreach (var roster in rosters)
                {
                    var chosen = Choice(problem, roster.Shifts, days, types);
                    Assert.Equal(0, Breaches(problem, instance, person, chosen, types));
                    Assert.Equal(roster.Cost, Cost(problem, price, chosen, types));
                }

                if (rosters is [{ Exact: true } first, ..])
                {
                    Assert.Equal(cheapest, first.Cost);
                }

                capped += rosters.Count > 0 && !rosters[0].Exact ? 1 : 0;
            }
        }

        Assert.True(capped > 0);
    }

    [Theory]
    [InlineData(1, 607)]
    [InlineData(4, 1716)]
    [InlineData(5, 1143)]
    public void Solve_CurtoisQu_TheScorerAcceptsTheScheduleAndTheBoundIsBelowTheOptimum(int number, long optimum)
    {
        var path = Path.Combine(TestData.CurtoisQu, $"Instance{number}.txt");
        var problem = CompiledProblem.Compile(CurtoisQuFile.Read(path));
        Assert.True(ColumnGeneration.Applies(problem));

        var outcome = ColumnGeneration.Solve(problem, TimeSpan.FromSeconds(7.5), workers: 2, seed: 1, TestContext.Current.CancellationToken);

        Assert.NotNull(outcome);
        var instance = CurtoisQuInstance.Load(path);
        var score = CurtoisQuScorer.Score(instance, CurtoisQuScorer.Roster(instance, outcome.Schedule.ToSchedule()));
        Assert.Empty(score.Breaches);
        Assert.Equal(score.Objective, outcome.Objective);
        Assert.True(outcome.Objective >= optimum);
        if (outcome.Bound is { } bound)
        {
            Assert.True(bound <= optimum + 1e-6, $"bound {bound} above the optimum {optimum}");
        }

        Assert.Contains("column generation", outcome.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SolveStrategy.Neighbourhood)]
    [InlineData(SolveStrategy.Hybrid)]
    public void Solve_CurtoisQuInstance_ColumnGenerationRuns(SolveStrategy strategy)
    {
        // The neighbourhood strategy starts from column generation; the hybrid runs it after the local search, from
        // the local search's best.
        var path = Path.Combine(TestData.CurtoisQu, "Instance2.txt");
        var options = SolverOptions.Default with { Strategy = strategy, TimeLimit = TimeSpan.FromSeconds(4), Workers = 2 };

        var result = ScheduleSolver.Solve(CurtoisQuFile.Read(path), options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains(result.Notes, n => n.StartsWith("column generation", StringComparison.Ordinal));
        Assert.Equal(strategy == SolveStrategy.Hybrid, result.Notes.Any(n => n.StartsWith("local search", StringComparison.Ordinal)));
        var instance = CurtoisQuInstance.Load(path);
        var score = CurtoisQuScorer.Score(instance, CurtoisQuScorer.Roster(instance, result.Schedule!.ToSchedule()));
        Assert.Empty(score.Breaches);
        Assert.Equal(score.Objective, result.Objective);
        Assert.True(result.BestBound <= 828);
    }

    [Fact]
    public void Solve_NoTimeToPrice_NothingWithoutAStartAndTheStartWithOne()
    {
        // Branch-and-price's optimum given as the start, with no time at all: no pricing round ends, so column
        // generation gives up, returning nothing without a start and the start (its rosters joined the pool) with one.
        string[] staff = ["A", "B", "C", "D", "E", "F"];
        for (var seed = 1; seed <= 20; seed++)
        {
            var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(RandomInstance(seed, out _, out _, staff, varied: true)), "random"));
            if (ColumnGeneration.BranchAndPrice(problem, seed) is not var (optimum, objective, _, _))
            {
                continue;
            }

            var outcome = ColumnGeneration.Solve(problem, TimeSpan.Zero, workers: 1, seed, TestContext.Current.CancellationToken, optimum);
            var without = ColumnGeneration.Solve(problem, TimeSpan.Zero, workers: 1, seed, TestContext.Current.CancellationToken);

            Assert.NotNull(outcome);
            Assert.Equal(objective, outcome.Objective);
            Assert.Equal(0, outcome.Dives);
            Assert.Null(without);
        }
    }

    [Fact]
    public void Mend_NobodyWorking_EveryRosterKeepsItsLimitsAndTheScorerAgrees()
    {
        // From the empty schedule (below everybody's minimum minutes), everybody who has a roster that keeps their
        // limits gets one; cover is soft on these instances, so no hard rule is left broken.
        string[] staff = ["A", "B", "C", "D", "E", "F"];
        var mended = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var text = RandomInstance(seed, out _, out _, staff, varied: true);
            var problem = CompiledProblem.Compile(CurtoisQuFile.Parse(new StringReader(text), "random"));
            var empty = CompiledSchedule.FromPairs(problem, []);
            var broken = ComplianceChecker.Check(empty).HardCount;
            var possible = Enumerable.Range(0, problem.PersonCount).All(p => new RosterPricing(problem, p).Cheapest(new double[problem.ShiftCount], stop: TestContext.Current.CancellationToken) is [_]);

            var schedule = ColumnGeneration.Mend(problem, empty, TestContext.Current.CancellationToken);

            var instance = CurtoisQuInstance.Parse(text);
            var score = CurtoisQuScorer.Score(instance, CurtoisQuScorer.Roster(instance, schedule.ToSchedule()));
            Assert.Equal(possible, score.Breaches.Count == 0);
            Assert.Equal(possible, ComplianceChecker.Check(schedule).HardCount == 0);
            mended += possible && broken > 0 ? 1 : 0;
        }

        Assert.True(mended > 20, $"{mended} mended");
    }

    [Fact]
    public void Applies_ResidentsOrHistory_No()
    {
        var residents = CompiledProblem.Compile(InstanceGenerator.Generate(new GeneratorOptions { Residents = 6, Faculty = 2, Weeks = 1, Seed = 3 }));

        Assert.False(ColumnGeneration.Applies(residents));
    }

    // A random Curtois-Qu instance: two employees (or those given), 3 to 7 days, 1 to 3 shift types (or at most those
    // given), random limits; when varied, up to twice as many requests and random weights of cover.
    private static string RandomInstance(int seed, out int days, out string[] types, string[]? staff = null, int mostTypes = 3, bool varied = false)
    {
        var rng = new Random(seed);
        var horizon = days = rng.Next(3, 8);
        types = new[] { "E", "D", "N" }[..rng.Next(1, mostTypes + 1)];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"SECTION_HORIZON\n{days}\n\nSECTION_SHIFTS\n");
        foreach (var type in types)
        {
            var forbidden = types.Where(t => t != type && rng.Next(3) == 0);
            text.Append(CultureInfo.InvariantCulture, $"{type},{rng.Next(1, 4) * 240},{string.Join('|', forbidden)}\n");
        }

        text.Append("\nSECTION_STAFF\n");
        var employees = staff ?? ["A", "B"];
        foreach (var employee in employees)
        {
            var max = string.Join('|', types.Select(t => $"{t}={rng.Next(0, horizon + 1)}"));
            var most = rng.Next(1, days + 1) * 480;
            var longest = rng.Next(1, days + 1);
            text.Append(CultureInfo.InvariantCulture,
                $"{employee},{max},{most},{rng.Next(0, 3) * 240},{longest},{rng.Next(0, Math.Min(3, longest) + 1)},{rng.Next(0, 3)},{rng.Next(0, 3)}\n");
        }

        text.Append("\nSECTION_DAYS_OFF\n");
        foreach (var employee in employees.Where(_ => rng.Next(2) == 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"{employee},{rng.Next(days)}\n");
        }

        text.Append("\nSECTION_SHIFT_ON_REQUESTS\n");
        for (var i = rng.Next(varied ? 8 : 4); i > 0; i--)
        {
            text.Append(CultureInfo.InvariantCulture, $"{employees[rng.Next(employees.Length)]},{rng.Next(days)},{types[rng.Next(types.Length)]},{rng.Next(1, 4)}\n");
        }

        text.Append("\nSECTION_SHIFT_OFF_REQUESTS\n");
        for (var i = rng.Next(varied ? 8 : 4); i > 0; i--)
        {
            text.Append(CultureInfo.InvariantCulture, $"{employees[rng.Next(employees.Length)]},{rng.Next(days)},{types[rng.Next(types.Length)]},{rng.Next(1, 4)}\n");
        }

        text.Append("\nSECTION_COVER\n");
        for (var d = 0; d < days; d++)
        {
            foreach (var type in types)
            {
                var (under, over) = varied ? (rng.Next(1, 10), rng.Next(1, 10)) : (100, 1);
                text.Append(CultureInfo.InvariantCulture, $"{d},{type},{rng.Next(3)},{under},{over}\n");
            }
        }

        return text.ToString();
    }

    // Every roster of the person (each day off or one type) the scorer finds no breach in, the others off.
    private static IEnumerable<int[]> Allowed(CompiledProblem problem, CurtoisQuInstance instance, int person, int days, string[] types)
    {
        for (var n = 0; n < (int)Math.Pow(types.Length + 1, days); n++)
        {
            var choice = new int[days];
            var rest = n;
            for (var d = 0; d < days; d++)
            {
                (choice[d], rest) = ((rest % (types.Length + 1)) - 1, rest / (types.Length + 1));
            }

            if (Breaches(problem, instance, person, choice, types) == 0)
            {
                yield return choice;
            }
        }
    }

    // The scorer's breaches of one employee's roster (a type index per day, -1 off), the other employee off.
    private static int Breaches(CompiledProblem problem, CurtoisQuInstance instance, int person, int[] choice, string[] types)
    {
        var roster = new string?[instance.Employees.Count, choice.Length];
        for (var d = 0; d < choice.Length; d++)
        {
            roster[instance.EmployeeOf(problem.PersonId(person)), d] = choice[d] < 0 ? null : types[choice[d]];
        }

        return CurtoisQuScorer.Score(instance, roster).Breaches.Count(b => b.Employee == problem.PersonId(person));
    }

    private static double Cost(CompiledProblem problem, double[] price, int[] choice, string[] types)
    {
        var cost = 0.0;
        for (var d = 0; d < choice.Length; d++)
        {
            if (choice[d] >= 0)
            {
                Assert.True(problem.TryGetShift(CurtoisQuFile.ShiftId(types[choice[d]], d), out var s));
                cost += price[s];
            }
        }

        return cost;
    }

    private static int[] Choice(CompiledProblem problem, int[] shifts, int days, string[] types)
    {
        var choice = new int[days];
        Array.Fill(choice, -1);
        foreach (var s in shifts)
        {
            var day = problem.ShiftDay[s] - problem.HistoryDays;
            Assert.Equal(-1, choice[day]);
            choice[day] = Array.IndexOf(types, problem.ShiftId(s)[..problem.ShiftId(s).LastIndexOf('-')]);
        }

        return choice;
    }
}
