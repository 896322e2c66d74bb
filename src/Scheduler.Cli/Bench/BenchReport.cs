using System.Globalization;
using System.Text;
using System.Text.Json;
using Scheduler.Core.Model;
using Scheduler.Formats;

namespace Scheduler.Cli.Bench;

/// <summary>A table of best-known objectives by instance name.</summary>
internal static class BestKnown
{
    /// <summary>
    /// Reads a CSV with a header naming an 'instance' column and a 'best_known_solution' (or 'best_known')
    /// column. A name the sweep does not have is a warning on <paramref name="warnings"/>, not an error.
    /// </summary>
    public static Dictionary<string, long> Read(string path, IReadOnlySet<string> instances, TextWriter warnings)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"cannot read '{path}': {e.Message}", e);
        }

        var header = lines.Length > 0 ? lines[0].Split(',').Select(h => h.Trim()).ToList() : [];
        var name = header.IndexOf("instance");
        var value = header.IndexOf("best_known_solution") is var v and >= 0 ? v : header.IndexOf("best_known");
        if (name < 0 || value < 0)
        {
            throw new ModelException($"{path}:1: expected a header with 'instance' and 'best_known_solution' columns, got '{(lines.Length > 0 ? lines[0] : "")}'");
        }

        var table = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var fields = lines[i].Split(',');
            if (fields.Length <= Math.Max(name, value)
                || !long.TryParse(fields[value].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var best))
            {
                throw new ModelException($"{path}:{i + 1}: expected an instance name and an integer best-known objective, got '{lines[i]}'");
            }

            var instance = fields[name].Trim();
            if (!instances.Contains(instance))
            {
                warnings.WriteLine($"warning: {path}:{i + 1}: instance '{instance}' is not in this sweep");
            }

            table[instance] = best;
        }

        return table;
    }
}

/// <summary>Writes a sweep's results: every run as CSV and JSON, a Markdown summary per instance and strategy, and an HTML report with charts.</summary>
internal static class BenchReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Writes results.csv, results.json, summary.md and report.html into the folder, and the report's charts as
    /// plots/&lt;instance&gt;-objective.svg and plots/best-objective.svg, atomically each.
    /// </summary>
    public static void Write(string folder, IReadOnlyList<BenchResult> results, IReadOnlyDictionary<string, long> best)
    {
        AtomicFile.Write(Path.Combine(folder, "results.json"), JsonSerializer.SerializeToUtf8Bytes(results, BenchCommand.Json));
        AtomicFile.Write(Path.Combine(folder, "results.csv"), Csv(results, best));
        AtomicFile.Write(Path.Combine(folder, "summary.md"), Summary(results, best));
        var charts = BenchHtml.Charts(results, best);
        var plots = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plots);
        foreach (var (file, svg) in charts.Files)
        {
            AtomicFile.Write(Path.Combine(plots, file), SvgChart.Standalone(svg));
        }

        AtomicFile.Write(Path.Combine(folder, "report.html"), BenchHtml.Page(results, best, charts));
    }

    /// <summary>(objective - best known) / best known, or null when either is unknown.</summary>
    public static double? GapToBestKnown(long? objective, IReadOnlyDictionary<string, long> best, string instance) =>
        objective is { } o && best.TryGetValue(instance, out var b) ? (o - b) / (double)Math.Max(1, Math.Abs(b)) : null;

    private static string Csv(IReadOnlyList<BenchResult> results, IReadOnlyDictionary<string, long> best)
    {
        var b = new StringBuilder();
        b.Append("instance,strategy,seed,status,objective,bound,gap,best_known,gap_to_best_known,time_to_first_s,time_to_best_s,solve_s,run_s,peak_mib,assignment_variables,variables,constraints,hard_violations,error\r\n");
        foreach (var r in results)
        {
            b.Append(string.Join(',',
                Field(r.Instance), Field(r.Strategy), r.Seed.ToString(Invariant), r.Status, Number(r.Objective), Number(r.Bound), Number(r.Gap),
                Number(best.TryGetValue(r.Instance, out var known) ? known : null), Number(GapToBestKnown(r.Objective, best, r.Instance)),
                Number(r.TimeToFirstSeconds), Number(r.TimeToBestSeconds), Number(r.SolveSeconds), Number(r.RunSeconds), Number(r.PeakMiB),
                r.AssignmentVariables.ToString(Invariant), r.Variables.ToString(Invariant), r.Constraints.ToString(Invariant),
                r.HardViolations.ToString(Invariant), Field(r.Error ?? "")));
            b.Append("\r\n");
        }

        return b.ToString();
    }

    /// <summary>Per instance and strategy: runs, best and mean objective, gap to best known, times, and the harness's overhead.</summary>
    public static string Summary(IReadOnlyList<BenchResult> results, IReadOnlyDictionary<string, long> best)
    {
        var b = new StringBuilder();
        b.AppendLine("| instance | strategy | runs | with schedule | best objective | mean objective | best known | gap to best known | mean first s | mean solve s | peak MiB |");
        b.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (r.Instance, r.Strategy)))
        {
            var solved = group.Where(r => r.Objective is not null).ToList();
            long? top = solved.Count > 0 ? solved.Min(r => r.Objective!.Value) : null;
            b.AppendLine(string.Create(Invariant,
                $"| {group.Key.Instance} | {group.Key.Strategy} | {group.Count()} | {solved.Count} | {Text(top)} | {(solved.Count > 0 ? solved.Average(r => (double)r.Objective!.Value).ToString("N1", Invariant) : "-")} | {Text(best.TryGetValue(group.Key.Instance, out var known) ? known : null)} | {(GapToBestKnown(top, best, group.Key.Instance) is { } g ? g.ToString("P2", Invariant) : "-")} | {(solved.Count > 0 ? solved.Average(r => r.TimeToFirstSeconds ?? 0).ToString("F1", Invariant) : "-")} | {group.Average(r => r.SolveSeconds):F1} | {group.Max(r => r.PeakMiB):F0} |"));
        }

        b.AppendLine();
        b.AppendLine(Overhead(results));
        return b.ToString();
    }

    /// <summary>The sentence on the time the harness added: the solver calls' time against the runs' as the harness saw them.</summary>
    public static string Overhead(IReadOnlyList<BenchResult> results)
    {
        var solve = results.Sum(r => r.SolveSeconds);
        var run = results.Sum(r => r.RunSeconds);
        return string.Create(Invariant,
            $"{results.Count} runs; the solver calls took {solve:F1} s, the runs as the harness saw them {run:F1} s: {(solve > 0 ? (run - solve) / solve : 0):P2} for starting each process and reading its instance.");
    }

    private static string Text(long? value) => value?.ToString("N0", Invariant) ?? "-";

    private static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.######", Invariant) : "";

    private static string Number(long? value) => value?.ToString(Invariant) ?? "";

    // RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
