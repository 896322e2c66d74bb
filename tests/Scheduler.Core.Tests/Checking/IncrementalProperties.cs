using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Rules;
using Scheduler.Testing;

namespace Scheduler.Core.Tests.Checking;

public sealed class IncrementalProperties
{
    [Property(MaxTest = 400)]
    public void IncrementalChecker_RandomChanges_EqualsFullRecheckAfterEachChange(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var checker = new IncrementalChecker(problem, CompiledSchedule.Compile(problem, c.Schedule));
        var rng = new Random(seed ^ 0x5eed);
        var before = Full(checker.ToSchedule());
        Assert.Equal(before, Current(checker));

        for (var step = 0; step < 30; step++)
        {
            var (op, added, removed) = RandomChange(checker, problem, rng);
            var after = Full(checker.ToSchedule());
            Assert.True(after.SequenceEqual(Current(checker)), $"{c} step {step} {op}: incremental state differs from a full check");
            Assert.Equal(MultisetMinus(after, before), added);
            Assert.Equal(MultisetMinus(before, after), removed);
            before = after;
        }
    }

    [Property(MaxTest = 300)]
    public void IncrementalChecker_Revert_RestoresTheStateBeforeTheChange(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var checker = new IncrementalChecker(problem, CompiledSchedule.Compile(problem, c.Schedule));
        var rng = new Random(seed ^ 0x7e7);
        Assert.Throws<InvalidOperationException>(checker.Revert);
        for (var step = 0; step < 30; step++)
        {
            var pairs = checker.ToSchedule().ToPairs();
            var violations = Current(checker);
            var (op, _, _) = RandomChange(checker, problem, rng);
            if (rng.Next(3) > 0)
            {
                checker.Revert();
                Assert.True(pairs.SequenceEqual(checker.ToSchedule().ToPairs()), $"{c} step {step} {op}: assignments differ after Revert");
                Assert.True(violations.SequenceEqual(Current(checker)), $"{c} step {step} {op}: violations differ after Revert");
                Assert.Throws<InvalidOperationException>(checker.Revert);
            }

            // Changes after a revert (or kept ones) are still judged right.
            Assert.True(Full(checker.ToSchedule()).SequenceEqual(Current(checker)), $"{c} step {step} {op}: state differs from a full check");
        }
    }

    [Property(MaxTest = 200)]
    public void IncrementalChecker_CompoundChange_EachStepJudgedAndRevertedToAMarkOrWhole(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var checker = new IncrementalChecker(problem, CompiledSchedule.Compile(problem, c.Schedule));
        var rng = new Random(seed ^ 0xc0de);
        Assert.Throws<InvalidOperationException>(() => checker.RevertTo(default));
        for (var round = 0; round < 8; round++)
        {
            var startPairs = checker.ToSchedule().ToPairs();
            var startViolations = Current(checker);
            checker.BeginCompound();
            (CompoundMark Mark, (int, int)[] Pairs, List<Violation> Violations)? saved = null;
            var steps = rng.Next(1, 7);
            for (var step = 0; step < steps; step++)
            {
                if (rng.Next(3) == 0)
                {
                    saved = (checker.Mark, checker.ToSchedule().ToPairs(), Current(checker));
                }

                var before = Current(checker);
                var (op, added, removed) = RandomChange(checker, problem, rng);
                var after = Full(checker.ToSchedule());
                Assert.True(after.SequenceEqual(Current(checker)), $"{c} round {round} step {step} {op}: state differs from a full check");
                Assert.Equal(MultisetMinus(after, before), added);
                Assert.Equal(MultisetMinus(before, after), removed);
            }

            if (saved is { } at && rng.Next(2) == 0)
            {
                checker.RevertTo(at.Mark);
                Assert.True(at.Pairs.SequenceEqual(checker.ToSchedule().ToPairs()), $"{c} round {round}: assignments differ after RevertTo");
                Assert.True(at.Violations.SequenceEqual(Current(checker)), $"{c} round {round}: violations differ after RevertTo");
                _ = RandomChange(checker, problem, rng); // the compound goes on after a partial revert
            }

            checker.EndCompound();
            Assert.Throws<InvalidOperationException>(() => checker.RevertTo(default));
            if (rng.Next(2) == 0)
            {
                checker.Revert();
                Assert.True(startPairs.SequenceEqual(checker.ToSchedule().ToPairs()), $"{c} round {round}: assignments differ after Revert");
                Assert.True(startViolations.SequenceEqual(Current(checker)), $"{c} round {round}: violations differ after Revert");
            }

            Assert.True(Full(checker.ToSchedule()).SequenceEqual(Current(checker)), $"{c} round {round}: state differs from a full check");
        }
    }

    [Property(MaxTest = 300)]
    public void DoubleBooks_BreaksDutyPeriods_SupervisionBrokenAfter_PredictWhatTheChangeAdds(int seed)
    {
        var c = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(c.Problem);
        var checker = new IncrementalChecker(problem, CompiledSchedule.Compile(problem, c.Schedule));
        var rng = new Random(seed ^ 0xdb1);
        for (var step = 0; step < 40; step++)
        {
            // The person takes the shift, giving up one of theirs (the shift a swap or move gives away) or none.
            var person = rng.Next(problem.PersonCount);
            var shift = rng.Next(problem.ShiftCount);
            if (checker.IsAssigned(person, shift))
            {
                continue;
            }

            var held = checker.Duties(person).ToArray().Where(d => !d.IsHistory).Select(d => d.Shift).ToArray();
            var except = held.Length > 0 && rng.Next(2) == 0 ? held[rng.Next(held.Length)] : -1;
            var doubleBooks = checker.DoubleBooks(person, shift, except);
            var overlapFree = !checker.PersonViolations(person).ToArray().Any(v => v.Rule == RuleId.DoubleBooking);
            var breaksPeriods = overlapFree && !doubleBooks && checker.BreaksDutyPeriods(person, shift, except);
            var unsupervised = Supervision.BrokenAfter(problem, shift, checker.PeopleOn(shift), -1, person);
            var leftUnsupervised = except >= 0 && Supervision.BrokenAfter(problem, except, checker.PeopleOn(except), person, -1);

            checker.BeginCompound();
            if (except >= 0)
            {
                checker.Remove(person, except);
            }

            var added = checker.Add(person, shift).Added.ToArray();
            checker.EndCompound();
            checker.Revert();

            Assert.True(doubleBooks == added.Any(v => v.Rule == RuleId.DoubleBooking), $"{c} step {step}: DoubleBooks({person}, {shift}, {except}) said {doubleBooks}");
            Assert.True(!breaksPeriods || added.Any(v => v.Rule is RuleId.ContinuousDuty or RuleId.Rest), $"{c} step {step}: BreaksDutyPeriods({person}, {shift}, {except}) said true");
            Assert.Equal(unsupervised, Broken(problem, shift, [.. checker.PeopleOn(shift), person]));
            Assert.Equal(leftUnsupervised, except >= 0 && Broken(problem, except, [.. checker.PeopleOn(except).ToArray().Where(p => p != person)]));
            if (unsupervised && !Broken(problem, shift, checker.PeopleOn(shift)))
            {
                Assert.Contains(added, v => v.Rule == RuleId.Supervision && v.Shift == shift);
            }
        }
    }

    // Whether the supervision rule, run on these people, finds the shift short of faculty.
    private static bool Broken(CompiledProblem problem, int shift, ReadOnlySpan<int> people)
    {
        var sink = new ViolationSink();
        Supervision.Check(problem, shift, people, sink);
        return sink.Count > 0;
    }

    /// <summary>One random add, reassign, move, swap or remove; returns its name and sorted verdict change.</summary>
    private static (string Op, List<Violation> Added, List<Violation> Removed) RandomChange(IncrementalChecker checker, CompiledProblem problem, Random rng)
    {
        var shift = rng.Next(problem.ShiftCount);
        var person = rng.Next(problem.PersonCount);
        var other = rng.Next(problem.PersonCount);
        if (!checker.IsAssigned(person, shift))
        {
            var (added, removed) = Sorted(checker.Add(person, shift));
            return ("add", added, removed);
        }

        if (other != person && !checker.IsAssigned(other, shift) && rng.Next(2) == 0)
        {
            var (added, removed) = Sorted(checker.Reassign(shift, person, other));
            return ("reassign", added, removed);
        }

        var target = rng.Next(problem.ShiftCount);
        if (target != shift && !checker.IsAssigned(person, target) && rng.Next(3) == 0)
        {
            var (added, removed) = Sorted(checker.Move(person, shift, target));
            return ("move", added, removed);
        }

        if (FindSwap(checker, problem, rng, person, shift) is { } swap)
        {
            var (added, removed) = Sorted(checker.Swap(person, shift, swap.Other, swap.Shift));
            return ("swap", added, removed);
        }

        var (a, r) = Sorted(checker.Remove(person, shift));
        return ("remove", a, r);
    }

    private static (int Other, int Shift)? FindSwap(IncrementalChecker checker, CompiledProblem problem, Random rng, int person, int shift)
    {
        for (var tries = 0; tries < 20; tries++)
        {
            var other = rng.Next(problem.PersonCount);
            var otherShift = rng.Next(problem.ShiftCount);
            if (other != person && otherShift != shift && checker.IsAssigned(other, otherShift)
                && !checker.IsAssigned(person, otherShift) && !checker.IsAssigned(other, shift))
            {
                return (other, otherShift);
            }
        }

        return null;
    }

    private static (List<Violation> Added, List<Violation> Removed) Sorted(VerdictChange change) =>
        (change.Added.ToArray().Order().ToList(), change.Removed.ToArray().Order().ToList());

    private static List<Violation> Full(CompiledSchedule schedule) =>
        ComplianceChecker.Check(schedule).Violations.Order().ToList();

    private static List<Violation> Current(IncrementalChecker checker) =>
        checker.Report().Violations.Order().ToList();

    private static List<Violation> MultisetMinus(List<Violation> a, List<Violation> b)
    {
        var rest = new List<Violation>(b);
        var result = new List<Violation>();
        foreach (var v in a)
        {
            if (!rest.Remove(v))
            {
                result.Add(v);
            }
        }

        return result.Order().ToList();
    }
}
