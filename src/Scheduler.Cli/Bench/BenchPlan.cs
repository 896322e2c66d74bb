using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Core.Model;
using Scheduler.Solver;

namespace Scheduler.Cli.Bench;

/// <summary>One solve of a sweep: an instance file with a strategy and a seed.</summary>
/// <param name="Instance">The instance's name (its file name without the extension).</param>
/// <param name="Path">The instance file.</param>
/// <param name="Strategy">monolithic, weekly, or weekly+K (K lookahead weeks).</param>
/// <param name="Seed">The solver's seed.</param>
internal sealed record BenchRun(string Instance, string Path, string Strategy, int Seed)
{
    /// <summary>The run's file name in the output folder: unique per instance, strategy and seed.</summary>
    public string Key => $"{Instance}__{Strategy.Replace('+', 'p')}__seed{Seed.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The solver settings of the strategy.</summary>
    public (SolveStrategy Strategy, int Lookahead) Parse() => ParseStrategy(Strategy);

    /// <summary>monolithic, neighbourhood, hybrid, weekly or weekly+K as solver settings; throws <see cref="ModelException"/> otherwise.</summary>
    public static (SolveStrategy Strategy, int Lookahead) ParseStrategy(string strategy) =>
        SolverOptions.ParseStrategyName(strategy) ?? throw new ModelException($"--strategy: expected {SolverOptions.StrategyNames}, got '{strategy}'");
}

/// <summary>
/// The runs of a sweep: every instance the glob matches (sorted by path, ordinal) times every strategy times
/// every seed, in that order, and the deterministic share of them a shard runs.
/// </summary>
internal static class BenchPlan
{
    /// <summary>The runs of every combination, in a fixed order.</summary>
    public static List<BenchRun> Runs(IReadOnlyList<string> instances, IReadOnlyList<string> strategies, IReadOnlyList<int> seeds)
    {
        var runs = new List<BenchRun>();
        foreach (var path in instances)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(path);
            foreach (var strategy in strategies)
            {
                BenchRun.ParseStrategy(strategy);
                foreach (var seed in seeds)
                {
                    runs.Add(new BenchRun(name, path, strategy, seed));
                }
            }
        }

        return runs;
    }

    /// <summary>Shard i of n (1-based): runs i, i + n, i + 2n, ... of the plan, so n machines split it evenly.</summary>
    public static List<BenchRun> Shard(List<BenchRun> runs, int index, int count) =>
        runs.Where((_, k) => k % count == index - 1).ToList();

    /// <summary>
    /// The files a glob names, sorted: '*' and '?' match within a file or folder name, '**' any run of folders.
    /// A path without wildcards names one file.
    /// </summary>
    public static List<string> Glob(string pattern)
    {
        var full = System.IO.Path.GetFullPath(pattern);
        var wildcard = full.IndexOfAny(['*', '?']);
        if (wildcard < 0)
        {
            return File.Exists(full) ? [full] : [];
        }

        var root = full[..(full.LastIndexOf(System.IO.Path.DirectorySeparatorChar, wildcard) + 1)];
        if (!Directory.Exists(root))
        {
            return [];
        }

        var regex = new Regex(
            "^" + Regex.Escape(full).Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => regex.IsMatch(f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
