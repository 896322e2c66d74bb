using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace Scheduler.Load;

/// <summary>
/// A latency histogram in nanoseconds with buckets 1/64 of their power of two wide (values below 128 ns exact), so a
/// percentile is within 1.6 % of the true value; fixed size, no allocation per value. Not thread-safe: one per
/// connection, merged at the end.
/// </summary>
internal sealed class Histogram
{
    private const int SubBuckets = 64;
    private readonly long[] _counts = new long[(64 - 6) * SubBuckets];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest value recorded, in ns.</summary>
    public long Max { get; private set; }

    /// <summary>The sum of the values, in ns.</summary>
    public double Sum { get; private set; }

    /// <summary>Records a duration measured in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordTicks(long ticks) => Record((long)(ticks * (1e9 / Stopwatch.Frequency)));

    /// <summary>Records a value in ns (negative counts as 0).</summary>
    public void Record(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        _counts[Index(value)]++;
        Count++;
        Sum += value;
        Max = Math.Max(Max, value);
    }

    /// <summary>Adds another histogram's values.</summary>
    public void Add(Histogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), in ns: the upper edge of its bucket, at most the maximum.</summary>
    public long Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return Math.Min(Max, UpperEdge(i));
            }
        }

        return Max;
    }

    /// <summary>"p50 12.3 us, p99 ..., p99.9 ..., max ..., mean ...".</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {Format(Quantile(0.50))}, p99 {Format(Quantile(0.99))}, p99.9 {Format(Quantile(0.999))}, max {Format(Max)}, mean {Format((long)(Count == 0 ? 0 : Sum / Count))}");

    /// <summary>A duration in ns as us or ms with three significant digits.</summary>
    public static string Format(double nanoseconds) => nanoseconds switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e3:0.00} us"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e3:0} us"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e6:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e6:0.0} ms"),
    };

    // Values below 2 * SubBuckets are their own bucket; above, value >> shift lies in [SubBuckets, 2 * SubBuckets).
    private static int Index(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        var shift = BitOperations.Log2((ulong)value) - 6;
        return (shift * SubBuckets) + (int)(value >> shift);
    }

    private static long UpperEdge(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var mantissa = index - (shift * SubBuckets);
        return ((mantissa + 1L) << shift) - 1;
    }
}
