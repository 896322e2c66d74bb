using Scheduler.Fuzz;
using Scheduler.Testing;

namespace Scheduler.Formats.Tests;

/// <summary>
/// Replays the fuzz seeds (bench/fuzz/corpus/TARGET), the inputs the fuzzer found new paths with
/// (bench/fuzz/found/TARGET) and the crash inputs kept as regressions (bench/fuzz/regressions/TARGET) through the fuzz
/// targets, and a fixed set of mutations of each seed: every input reads, or fails with the reader's documented
/// <see cref="Core.Model.ModelException"/> (bench/fuzz/README.md).
/// </summary>
public sealed class FuzzCorpusTests
{
    /// <summary>Bit flips per seed, spread evenly over it.</summary>
    private const int Flips = 48;

    /// <summary>Truncations per seed: at every sixteenth of its length.</summary>
    private const int Cuts = 16;

    private static string FuzzRoot => Path.Combine(TestData.RepositoryRoot, "bench", "fuzz");

    public static TheoryData<string> Targets() => new(FuzzTargets.All.Keys);

    /// <summary>Every seed, found input and regression file as (target, path relative to bench/fuzz).</summary>
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "corpus", "found", "regressions" })
        {
            foreach (var target in FuzzTargets.All.Keys)
            {
                foreach (var file in InputsOf(Path.Combine(FuzzRoot, folder, target)))
                {
                    data.Add(target, Path.GetRelativePath(FuzzRoot, file).Replace('\\', '/'));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_EveryTarget_HasSeeds(string target) =>
        Assert.NotEmpty(InputsOf(Path.Combine(FuzzRoot, "corpus", target)));

    [Fact]
    public void Folders_OfCorpusFoundAndRegressions_AreTargets()
    {
        foreach (var kind in new[] { "corpus", "found", "regressions" })
        {
            var root = Path.Combine(FuzzRoot, kind);
            var folders = Directory.Exists(root) ? Directory.GetDirectories(root).Select(Path.GetFileName) : [];
            Assert.All(folders, folder => Assert.Contains(folder!, FuzzTargets.All.Keys));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Replay_SeedOrRegression_ReadsOrFailsAsDocumented(string target, string file)
    {
        var refused = FuzzTargets.All[target](File.ReadAllBytes(Path.Combine(FuzzRoot, file)));

        // Seeds are valid files (a refused seed only fuzzes the first check); the rest may go either way.
        if (file.StartsWith("corpus/", StringComparison.Ordinal))
        {
            Assert.Null(refused);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutations_OfEverySeed_ReadOrFailAsDocumented(string target)
    {
        var run = FuzzTargets.All[target];
        foreach (var seed in InputsOf(Path.Combine(FuzzRoot, "corpus", target)))
        {
            foreach (var (how, mutant) in Mutants(File.ReadAllBytes(seed)))
            {
                try
                {
                    _ = run(mutant);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(seed)}, {how}: {e.Message}", e);
                }
            }
        }
    }

    /// <summary>
    /// Deterministic mutations: one bit flipped at <see cref="Flips"/> evenly spread offsets (a different bit at
    /// each), and the seed cut at every sixteenth of its length.
    /// </summary>
    private static IEnumerable<(string How, byte[] Bytes)> Mutants(byte[] seed)
    {
        if (seed.Length == 0)
        {
            yield break;
        }

        for (var k = 0; k < Flips; k++)
        {
            var mutant = (byte[])seed.Clone();
            var offset = (int)((long)k * seed.Length / Flips);
            mutant[offset] ^= (byte)(1 << (k % 8));
            yield return ($"bit {k % 8} of byte {offset} flipped", mutant);
        }

        for (var k = 0; k < Cuts; k++)
        {
            var length = (int)((long)k * seed.Length / Cuts);
            yield return ($"cut to {length} bytes", seed[..length]);
        }
    }

    private static List<string> InputsOf(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
}
