using System.Globalization;
using System.Text;

namespace Scheduler.Cli.Bench;

/// <summary>The charts of a sweep, as <c>svg</c> elements (<see cref="SvgChart"/>).</summary>
/// <param name="Objective">Per instance, in ordinal order of names: the instance, its plot's file name, and its objective-over-time chart.</param>
/// <param name="Best">The bar chart of the best objective per instance and strategy.</param>
internal sealed record BenchCharts(IReadOnlyList<(string Instance, string File, string Svg)> Objective, string Best)
{
    /// <summary>Every chart with its file name in plots/.</summary>
    public IEnumerable<(string File, string Svg)> Files => Objective.Select(o => (o.File, o.Svg)).Append((BenchHtml.BestFile, Best));
}

/// <summary>
/// The sweep as one self-contained HTML page, report.html (inline CSS and SVG, no script, nothing fetched): a
/// header (runs, instances, strategies, seeds, the harness's overhead), the objective over time per instance, the
/// gap to the best known per instance and strategy, the best objective per instance and strategy as bars, and a
/// table of every run.
/// </summary>
/// <remarks>
/// A line is one run: colour by strategy (fixed by the strategy's place among the sweep's strategies in ordinal
/// order), dashes by seed (by its place among the seeds; the five patterns repeat after five seeds), its objective
/// at each improving schedule of its trace, held until its solver call ends. Runs without a trace or an objective
/// have no line or bar but are in the tables. Every text from the runs' files is escaped.
/// </remarks>
internal static class BenchHtml
{
    /// <summary>The bar chart's file name in plots/.</summary>
    public const string BestFile = "best-objective.svg";

    private const string Style = """
        body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px;color:#222;max-width:1200px}
        h1{font-size:20px;margin:0 0 8px}
        h2{font-size:16px;margin:24px 0 6px}
        table{border-collapse:collapse}
        .head th{text-align:left;padding:1px 14px 1px 0;font-weight:600}
        .data th,.data td{border:1px solid #d0d0d0;padding:2px 8px;text-align:left}
        .data thead th{background:#f3f3f3}
        .data td.n{text-align:right;font-variant-numeric:tabular-nums}
        .data td.none{color:#888}
        figure{margin:8px 0 16px}
        figcaption{font-size:11px;color:#666}
        svg.chart{display:block;max-width:100%;height:auto;border:1px solid #e0e0e0}
        p.note{color:#555;max-width:880px}
        """;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Colours by strategy, dash patterns by seed.
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
    private static readonly string?[] Dashes = [null, "8 4", "2 3", "10 3 2 3", "4 2 1 2 1 2"];

    /// <summary>
    /// The instance's plot file name, &lt;instance&gt;-objective.svg, with characters no file system takes made '_'
    /// (an instance named 'best' becomes 'best_', so that it cannot be <see cref="BestFile"/>).
    /// </summary>
    public static string PlotFile(string instance)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat("/\\:*?\"<>|").ToHashSet();
        var name = new string([.. instance.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c)]);
        return (name is "best" or "" ? name + "_" : name) + "-objective.svg";
    }

    /// <summary>The sweep's charts: the objective over time per instance, and the best objective per instance and strategy.</summary>
    public static BenchCharts Charts(IReadOnlyList<BenchResult> results, IReadOnlyDictionary<string, long> best)
    {
        var strategies = results.Select(r => r.Strategy).Distinct().Order(StringComparer.Ordinal).ToList();
        var seeds = results.Select(r => r.Seed).Distinct().Order().ToList();
        string Color(string strategy) => Palette[strategies.IndexOf(strategy) % Palette.Length];
        string? Dash(int seed) => Dashes[seeds.IndexOf(seed) % Dashes.Length];

        var objective = new List<(string, string, string)>();
        var panels = new List<BarPanel>();
        foreach (var group in results.GroupBy(r => r.Instance).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var runs = group.OrderBy(r => r.Strategy, StringComparer.Ordinal).ThenBy(r => r.Seed).ToList();
            long? known = best.TryGetValue(group.Key, out var k) ? k : null;
            var series = runs
                .Select(r => new ChartSeries(
                    string.Create(Invariant, $"{r.Strategy}, seed {r.Seed}"), Color(r.Strategy), Dash(r.Seed),
                    [.. (r.Trace ?? []).Where(p => p is { Length: >= 2 }).Select(p => new ChartPoint(p[0], p[1]))], r.SolveSeconds))
                .ToList();
            var chart = SvgChart.Line($"{group.Key}: objective over time", "seconds from the solver call", "objective", series, known,
                known is { } v ? string.Create(Invariant, $"best known {v:N0}") : null);
            objective.Add((group.Key, PlotFile(group.Key), chart));
            panels.Add(new BarPanel(group.Key,
                [.. runs.GroupBy(r => r.Strategy).Select(s => new ChartBar(s.Key, Color(s.Key), s.Min(r => r.Objective) is { } m ? m : null))],
                known));
        }

        var bars = SvgChart.Bars("Best objective per instance and strategy (lowest over seeds)", "objective", panels,
            [.. strategies.Select(s => (s, Color(s)))], "best known");
        return new BenchCharts(objective, bars);
    }

    /// <summary>The page, with the charts of <see cref="Charts"/> inline.</summary>
    public static string Page(IReadOnlyList<BenchResult> results, IReadOnlyDictionary<string, long> best, BenchCharts charts)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(charts);
        var instances = results.Select(r => r.Instance).Distinct().Order(StringComparer.Ordinal).ToList();
        var strategies = results.Select(r => r.Strategy).Distinct().Order(StringComparer.Ordinal).ToList();
        var seeds = results.Select(r => r.Seed).Distinct().Order().ToList();
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.Append(string.Create(Invariant, $"<title>Bench report: {results.Count} runs</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n"));
        b.Append("<h1>Bench report</h1>\n<table class=\"head\">\n");
        b.Append(string.Create(Invariant, $"<tr><th>runs</th><td>{results.Count} ({results.Count(r => r.Objective is not null)} with a schedule)</td></tr>\n"));
        b.Append(string.Create(Invariant, $"<tr><th>instances</th><td>{instances.Count}: {E(string.Join(", ", instances))}</td></tr>\n"));
        b.Append(string.Create(Invariant, $"<tr><th>strategies</th><td>{E(string.Join(", ", strategies))}</td></tr>\n"));
        b.Append(string.Create(Invariant, $"<tr><th>seeds</th><td>{string.Join(", ", seeds.Select(s => s.ToString(Invariant)))}</td></tr>\n"));
        b.Append("</table>\n");
        b.Append(string.Create(Invariant, $"<p>{E(BenchReport.Overhead(results))}</p>\n"));

        b.Append("<h2>Objective over time</h2>\n");
        b.Append("<p class=\"note\">One line per run (colour: strategy; dashes: seed): its objective at each improving schedule (dots), held until its solver call ends. "
            + "A weekly run has one complete schedule, at its end. The dashed black line is the best known. Runs without a schedule have no line.</p>\n");
        foreach (var (instance, file, svg) in charts.Objective)
        {
            b.Append("<figure>\n").Append(svg);
            b.Append(string.Create(Invariant, $"<figcaption>{E(instance)}: <a href=\"plots/{E(Uri.EscapeDataString(file))}\">plots/{E(file)}</a></figcaption>\n</figure>\n"));
        }

        b.Append("<h2>Gap to best known</h2>\n");
        b.Append("<p class=\"note\">(objective - best known) / best known, of the best run and the mean over the runs with a schedule; '-' when unknown.</p>\n");
        b.Append("<table class=\"data gaps\">\n<thead><tr><th>instance</th><th>strategy</th><th>runs</th><th>with schedule</th><th>best objective</th><th>mean objective</th><th>best known</th><th>best gap</th><th>mean gap</th></tr></thead>\n<tbody>\n");
        foreach (var group in results.GroupBy(r => (r.Instance, r.Strategy)).OrderBy(g => g.Key.Instance, StringComparer.Ordinal).ThenBy(g => g.Key.Strategy, StringComparer.Ordinal))
        {
            var solved = group.Where(r => r.Objective is not null).ToList();
            long? top = solved.Count > 0 ? solved.Min(r => r.Objective!.Value) : null;
            var gaps = solved.Select(r => BenchReport.GapToBestKnown(r.Objective, best, r.Instance)).OfType<double>().ToList();
            b.Append(string.Create(Invariant,
                $"<tr><td>{E(group.Key.Instance)}</td><td>{E(group.Key.Strategy)}</td>{Cell(group.Count().ToString(Invariant))}{Cell(solved.Count.ToString(Invariant))}"
                + $"{Cell(top?.ToString("N0", Invariant))}{Cell(solved.Count > 0 ? solved.Average(r => (double)r.Objective!.Value).ToString("N1", Invariant) : null)}"
                + $"{Cell(best.TryGetValue(group.Key.Instance, out var known) ? known.ToString("N0", Invariant) : null)}"
                + $"{Cell(BenchReport.GapToBestKnown(top, best, group.Key.Instance)?.ToString("P2", Invariant))}{Cell(gaps.Count > 0 ? gaps.Average().ToString("P2", Invariant) : null)}</tr>\n"));
        }

        b.Append("</tbody>\n</table>\n");

        b.Append("<h2>Best objective per instance</h2>\n<figure>\n").Append(charts.Best);
        b.Append(string.Create(Invariant, $"<figcaption><a href=\"plots/{BestFile}\">plots/{BestFile}</a></figcaption>\n</figure>\n"));

        b.Append("<h2>Runs</h2>\n");
        b.Append("<table class=\"data runs\">\n<thead><tr><th>instance</th><th>strategy</th><th>seed</th><th>status</th><th>objective</th><th>gap to best known</th><th>improvements</th><th>first s</th><th>best s</th><th>solve s</th><th>run s</th><th>peak MiB</th><th>error</th></tr></thead>\n<tbody>\n");
        foreach (var r in results.OrderBy(r => r.Instance, StringComparer.Ordinal).ThenBy(r => r.Strategy, StringComparer.Ordinal).ThenBy(r => r.Seed))
        {
            b.Append(string.Create(Invariant,
                $"<tr><td>{E(r.Instance)}</td><td>{E(r.Strategy)}</td>{Cell(r.Seed.ToString(Invariant))}<td>{E(r.Status)}</td>{Cell(r.Objective?.ToString("N0", Invariant))}"
                + $"{Cell(BenchReport.GapToBestKnown(r.Objective, best, r.Instance)?.ToString("P2", Invariant))}{Cell((r.Trace?.Count ?? 0).ToString(Invariant))}"
                + $"{Cell(r.TimeToFirstSeconds?.ToString("F1", Invariant))}{Cell(r.TimeToBestSeconds?.ToString("F1", Invariant))}{Cell(r.SolveSeconds.ToString("F1", Invariant))}"
                + $"{Cell(r.RunSeconds.ToString("F1", Invariant))}{Cell(r.PeakMiB.ToString("F0", Invariant))}<td>{E(r.Error)}</td></tr>\n"));
        }

        b.Append("</tbody>\n</table>\n</body>\n</html>\n");
        return b.ToString();
    }

    private static string E(string? text) => SvgChart.Escape(text);

    // A number's cell, right-aligned; '-' for none.
    private static string Cell(string? value) => value is null ? "<td class=\"n none\">-</td>" : $"<td class=\"n\">{E(value)}</td>";
}
