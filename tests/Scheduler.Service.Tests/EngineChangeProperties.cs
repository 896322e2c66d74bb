using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Service.Tests;

public sealed class EngineChangeProperties
{
    [Property(MaxTest = 200)]
    public void CheckChange_RandomChanges_EqualTheDifferenceOfFullChecksAndLeaveTheScheduleAsLoaded(int seed)
    {
        var c = RandomCase.Create(seed);
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(c.Problem);
        var loaded = engine.LoadSchedule(problem.Hash, c.Schedule);
        var compiled = problem.Problem;
        var before = Full(loaded.Schedule);
        var rng = new Random(seed ^ 0x5eed);

        for (var step = 0; step < 20; step++)
        {
            if (RandomChange(rng, loaded.Schedule) is not { } change)
            {
                continue;
            }

            var check = engine.CheckChange(problem.Hash, loaded.Hash, change.Change);
            var after = Full(CompiledSchedule.FromPairs(compiled, change.Pairs));
            Assert.Equal(MultisetMinus(after, before), check.Added.Order().ToList());
            Assert.Equal(MultisetMinus(before, after), check.Removed.Order().ToList());
            Assert.Equal(check.Added.All(v => compiled.IsSoft(v)), check.Legal);
        }

        Assert.Equal(before, engine.Validate(problem.Hash, loaded.Hash).Violations.Order().ToList());
    }

    [Fact]
    public void CheckChange_FromManyThreadsAtOnce_GivesTheSequentialAnswers()
    {
        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(ProblemFileOf("small.msgpack"));
        var loaded = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(TestData.Problem("small.schedule.msgpack")));
        var rng = new Random(7);
        var changes = Enumerable.Range(0, 400).Select(_ => RandomChange(rng, loaded.Schedule)).OfType<(ScheduleChange Change, (int, int)[] Pairs)>()
            .Select(c => c.Change).ToArray();
        var sequential = changes.Select(c => Text(engine.CheckChange(problem.Hash, loaded.Hash, c))).ToArray();

        var parallel = new string[changes.Length];
        Parallel.For(0, changes.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % changes.Length;
            var text = Text(engine.CheckChange(problem.Hash, loaded.Hash, changes[k]));
            Assert.Equal(sequential[k], text);
            parallel[k] = text;
        });
        Assert.Equal(sequential, parallel);
    }

    private static byte[] ProblemFileOf(string name) => File.ReadAllBytes(TestData.Problem(name));

    private static string Text(ChangeCheck check) =>
        $"{check.Legal} +{string.Join(',', check.Added.Order())} -{string.Join(',', check.Removed.Order())}";

    /// <summary>A random change that fits the schedule, and the schedule's pairs after it.</summary>
    internal static (ScheduleChange Change, (int, int)[] Pairs)? RandomChange(Random rng, CompiledSchedule schedule)
    {
        var problem = schedule.Problem;
        var pairs = schedule.ToPairs().ToList();
        bool Works(int p, int s) => pairs.Contains((p, s));
        var person = rng.Next(problem.PersonCount);
        var shift = rng.Next(problem.ShiftCount);
        var other = rng.Next(problem.PersonCount);
        string P(int p) => problem.PersonId(p);
        string S(int s) => problem.ShiftId(s);
        if (!Works(person, shift))
        {
            pairs.Add((person, shift));
            return (new ScheduleChange(ChangeKind.Add, P(person), S(shift)), pairs.ToArray());
        }

        if (other != person && !Works(other, shift) && rng.Next(3) == 0)
        {
            pairs.Remove((person, shift));
            pairs.Add((other, shift));
            return (new ScheduleChange(ChangeKind.Give, P(person), S(shift), P(other)), pairs.ToArray());
        }

        if (rng.Next(2) == 0)
        {
            foreach (var (p, s) in pairs.OrderBy(_ => rng.Next()).Take(20).ToList())
            {
                if (p != person && s != shift && !Works(person, s) && !Works(p, shift))
                {
                    pairs.Remove((person, shift));
                    pairs.Remove((p, s));
                    pairs.Add((person, s));
                    pairs.Add((p, shift));
                    return (new ScheduleChange(ChangeKind.Swap, P(person), S(shift), P(p), S(s)), pairs.ToArray());
                }
            }
        }

        pairs.Remove((person, shift));
        return (new ScheduleChange(ChangeKind.Remove, P(person), S(shift)), pairs.ToArray());
    }

    private static List<Violation> Full(CompiledSchedule schedule) => ComplianceChecker.Check(schedule).Violations.Order().ToList();

    private static List<Violation> MultisetMinus(List<Violation> a, List<Violation> b)
    {
        var rest = b.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<Violation>();
        foreach (var v in a)
        {
            if (rest.TryGetValue(v, out var n) && n > 0)
            {
                rest[v] = n - 1;
            }
            else
            {
                result.Add(v);
            }
        }

        return result;
    }
}
