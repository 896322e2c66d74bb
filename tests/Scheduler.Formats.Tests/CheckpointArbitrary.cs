using FsCheck;
using FsCheck.Fluent;
using Scheduler.Core.Model;
using Scheduler.Testing.Generators;

namespace Scheduler.Formats.Tests;

/// <summary>
/// FsCheck generators of valid checkpoints: unique assignments and counters, counts and objectives from 0 to the
/// extremes of their types (so every MessagePack integer width is written), text from several scripts.
/// Use as <c>[Property(Arbitrary = [typeof(CheckpointArbitrary)])]</c>.
/// </summary>
public static class CheckpointArbitrary
{
    // Initialised before CheckpointGen, whose first clause reads it (the later clauses run lazily).

    /// <summary>32 lowercase hex digits, like <see cref="ContentHash"/>.</summary>
    private static Gen<string> HexHash { get; } =
        Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 32).Select(digits => new string(digits));

    /// <summary>Valid checkpoints.</summary>
    public static Arbitrary<Checkpoint> Checkpoint() => CheckpointGen.ToArbitrary();

    /// <summary>The generator behind <see cref="Checkpoint()"/>.</summary>
    public static Gen<Checkpoint> CheckpointGen { get; } =
        from hash in Gen.Frequency((3, HexHash), (1, ProblemArbitrary.Text(1, 40)))
        from settings in Gen.Frequency((1, Gen.Constant("")), (5, ProblemArbitrary.Text(1, 60)))
        from days in Count
        from windows in Count
        from committed in Assignments(40)
        from hint in Assignments(15)
        from counters in Gen.ArrayOf(CountsGen).Resize(10)
        from objective in Objective
        from log in Gen.ArrayOf(ProblemArbitrary.Text(0, 30)).Resize(6)
        from terms in Gen.ArrayOf(Gen.Zip(ProblemArbitrary.Text(1, 12), Objective)).Resize(5)
        select new Checkpoint
        {
            ProblemHash = hash,
            Settings = settings,
            CommittedDays = days,
            Windows = windows,
            Committed = committed,
            Hint = hint,
            Counters = counters.DistinctBy(c => c.PersonId).ToArray(),
            Objective = objective,
            Log = log,
            Terms = terms.DistinctBy(t => t.Item1).Select(t => new ObjectiveTerm(t.Item1, t.Item2)).ToArray(),
        };

    /// <summary>Mostly small, sometimes near the top of the int range.</summary>
    private static Gen<int> Count { get; } =
        Gen.Frequency(
            (4, Gen.Choose(0, 400)),
            (1, Gen.Choose(0, int.MaxValue)),
            (1, Gen.Elements(0, 127, 128, 255, 256, 65535, 65536, int.MaxValue)));

    private static Gen<long> Objective { get; } =
        Gen.Frequency(
            (3, Gen.Choose(-1000, 1_000_000).Select(v => (long)v)),
            (2,
                from a in Gen.Choose(0, 0xffff)
                from b in Gen.Choose(0, 0xffff)
                from c in Gen.Choose(0, 0xffff)
                from d in Gen.Choose(0, 0xffff)
                select (long)(((ulong)a << 48) | ((ulong)b << 32) | ((ulong)c << 16) | (uint)d)),
            (1, Gen.Elements(long.MinValue, long.MaxValue, int.MinValue - 1L, uint.MaxValue + 1L, -33L, -32L)));

    private static Gen<CarriedCounts> CountsGen { get; } =
        from person in ProblemArbitrary.Text(1, 8)
        from calls in Count
        from nights in Count
        from weekends in Count
        select new CarriedCounts(person, calls, nights, weekends);

    /// <summary>Unique (person, shift) pairs, in the order generated; empty a sixth of the time.</summary>
    private static Gen<Assignment[]> Assignments(int size) =>
        Gen.Frequency(
            (1, Gen.Constant(Array.Empty<Assignment>())),
            (5,
                from pairs in Gen.ArrayOf(Gen.Zip(ProblemArbitrary.Text(1, 6), Gen.Choose(0, 60))).Resize(size)
                select pairs.Select(p => new Assignment(p.Item1, $"s{p.Item2}")).Distinct().ToArray()));
}
