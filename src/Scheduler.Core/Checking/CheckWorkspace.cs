using Microsoft.Extensions.ObjectPool;

namespace Scheduler.Core.Checking;

/// <summary>
/// Scratch arrays the checkers need, rented from a shared <see cref="ObjectPool{T}"/> so that a
/// warm check allocates nothing. Arrays only grow.
/// </summary>
internal sealed class CheckWorkspace : IResettable
{
    private static readonly ObjectPool<CheckWorkspace> s_pool =
        new DefaultObjectPool<CheckWorkspace>(new DefaultPooledObjectPolicy<CheckWorkspace>(), Environment.ProcessorCount * 4);

    /// <summary>Duty minutes before each window boundary.</summary>
    public long[] Cumulative = new long[64];

    /// <summary>Duty minutes before each block boundary (every 7 days), for the window-skipping bounds.</summary>
    public long[] CoarseCumulative = new long[16];

    /// <summary>The block boundaries' minutes.</summary>
    public int[] CoarseBoundaries = new int[16];

    /// <summary>A person's duty periods, built once for both period rules.</summary>
    public Rules.DutyPeriod[] Periods = new Rules.DutyPeriod[64];

    /// <summary>Free gaps (a day or longer): start minutes.</summary>
    public int[] GapStart = new int[64];

    /// <summary>Free gaps: end minutes.</summary>
    public int[] GapEnd = new int[64];

    /// <summary>Prefix sums of whole free days per gap.</summary>
    public int[] GapDaysPrefix = new int[65];

    /// <summary>Pairs (index, value): absence overlaps per duty, call starts.</summary>
    public int[] PairIndex = new int[16];

    /// <summary>Second half of each pair.</summary>
    public int[] PairValue = new int[16];

    public static CheckWorkspace Rent() => s_pool.Get();

    public static void Return(CheckWorkspace workspace) => s_pool.Return(workspace);

    public void EnsureBoundaries(int count)
    {
        if (Cumulative.Length < count)
        {
            Cumulative = new long[Math.Max(count, Cumulative.Length * 2)];
        }
    }

    public void EnsureCoarse(int count)
    {
        if (CoarseBoundaries.Length < count)
        {
            CoarseBoundaries = new int[Math.Max(count, CoarseBoundaries.Length * 2)];
            CoarseCumulative = new long[CoarseBoundaries.Length];
        }
    }

    public void EnsureGaps(int count)
    {
        if (GapStart.Length < count)
        {
            var size = Math.Max(count, GapStart.Length * 2);
            GapStart = new int[size];
            GapEnd = new int[size];
            GapDaysPrefix = new int[size + 1];
        }
    }

    public void AddPair(ref int count, int index, int value)
    {
        if (count == PairIndex.Length)
        {
            // Keep what is there: pairs are appended while scanning.
            Array.Resize(ref PairIndex, count * 2);
            Array.Resize(ref PairValue, count * 2);
        }

        PairIndex[count] = index;
        PairValue[count++] = value;
    }

    public bool TryReset() => true;
}
