namespace Scheduler.Core.Generation;

/// <summary>
/// A small deterministic pseudo-random generator (SplitMix64). <see cref="System.Random"/> is not used
/// because its sequence for a given seed is not promised across .NET versions; generated instances
/// must be the same everywhere.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>An independent stream for one part of the generator, so that changing how many
    /// numbers one part draws does not shift the numbers of another.</summary>
    public static SplitMix64 ForStream(long seed, ulong stream)
    {
        var mixer = new SplitMix64(unchecked((ulong)seed) ^ (stream * 0xD1B54A32D192ED03UL));
        return new SplitMix64(mixer.NextUInt64());
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, maxExclusive); Lemire's multiply-shift keeps it free of modulo bias
    /// for any bound below 2^32 that matters here.</summary>
    public int Next(int maxExclusive)
    {
        System.Diagnostics.Debug.Assert(maxExclusive > 0);
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>A number in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < p;

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
