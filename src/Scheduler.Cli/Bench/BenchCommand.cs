using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Cli.Bench;

/// <summary>
/// `scheduler bench --instances GLOB --out DIR [--strategy monolithic,weekly] [--time-limit S] [--seeds 1,2,3]
/// [--workers N] [--cp-sat PARAMS] [--shard i/n] [--best-known FILE]`: runs every combination of instance, strategy and seed,
/// each in its own child process (so each peak memory is its own), records each in DIR/runs/ as it ends,
/// skips the runs DIR already holds (an interrupted sweep continues), and writes DIR/results.csv,
/// DIR/results.json, DIR/summary.md, DIR/report.html and DIR/plots/*.svg over every run in DIR.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The hidden command a child process runs: one solve, its <see cref="BenchResult"/> as JSON on stdout.</summary>
    public const string RunCommand = "bench-run";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instances = new Option<string>("--instances") { Description = "Instance files (problem files or Curtois-Qu instances): a glob ('*' and '?' within a name, '**' for folders), or several separated by commas.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder: runs/ (one JSON file per run), results.csv, results.json, summary.md, report.html (charts and tables), plots/ (the charts as SVG files).", Required = true };
        var strategies = new Option<string>("--strategy") { Description = "Strategies, comma-separated: monolithic, neighbourhood, hybrid, weekly, weekly+K (K lookahead weeks).", DefaultValueFactory = _ => "monolithic,weekly" };
        var timeLimit = new Option<double>("--time-limit") { Description = "Time limit of each run in seconds.", DefaultValueFactory = _ => 60 };
        var seeds = new Option<string>("--seeds") { Description = "Seeds, comma-separated.", DefaultValueFactory = _ => "1" };
        var workers = new Option<int>("--workers") { Description = "CP-SAT workers of each run (1..64).", DefaultValueFactory = _ => SolverOptions.Default.Workers };
        var cpSat = SolveCommand.CpSatOption();
        var shard = new Option<string>("--shard") { Description = "Run share i of n (1-based): runs i, i+n, i+2n, ... of the sweep, for spreading it over machines.", DefaultValueFactory = _ => "1/1" };
        var bestKnown = new Option<string?>("--best-known") { Description = "CSV of best-known objectives: a header with 'instance' and 'best_known_solution' (or 'best_known') columns." };
        var command = new Command("bench", "Run instances against strategies and seeds, record each run, and summarise (an interrupted sweep continues where it stopped).")
        {
            instances, output, strategies, timeLimit, seeds, workers, cpSat, shard, bestKnown,
        };

        command.SetAction(parse =>
        {
            var files = parse.GetValue(instances)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .SelectMany(BenchPlan.Glob).Distinct(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new ModelException($"--instances: no file matches '{parse.GetValue(instances)}'");
            }

            var seedList = Numbers(parse.GetValue(seeds)!, "--seeds");
            var plan = BenchPlan.Runs(files, parse.GetValue(strategies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), seedList);
            var (index, count) = Shard(parse.GetValue(shard)!);
            var mine = BenchPlan.Shard(plan, index, count);
            var limit = parse.GetValue(timeLimit);
            var workerCount = parse.GetValue(workers);
            if (limit <= 0 || !double.IsFinite(limit))
            {
                throw new ModelException($"--time-limit: expected a positive number of seconds, got {limit}");
            }

            if (workerCount is < 1 or > 64)
            {
                throw new ModelException($"--workers: expected 1..64, got {workerCount}");
            }

            var parameters = parse.GetValue(cpSat);
            try
            {
                new SolverOptions { CpSatParameters = parameters }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ModelException($"--cp-sat: {e.Message}");
            }

            var folder = parse.GetValue(output)!;
            var runs = Path.Combine(folder, "runs");
            Directory.CreateDirectory(runs);
            var best = parse.GetValue(bestKnown) is { } table ? BestKnown.Read(table, plan.Select(r => r.Instance).ToHashSet(StringComparer.Ordinal), stderr) : [];

            stderr.WriteLine(string.Create(Invariant, $"bench: {plan.Count} runs in the sweep, {mine.Count} in shard {index}/{count}, {limit} s each, {workerCount} workers{(string.IsNullOrWhiteSpace(parameters) ? "" : $", CP-SAT parameters '{parameters}'")}"));
            for (var k = 0; k < mine.Count; k++)
            {
                var run = mine[k];
                var file = Path.Combine(runs, run.Key + ".json");
                var label = $"[{k + 1}/{mine.Count}] {run.Instance} {run.Strategy} seed {run.Seed}";
                if (TryRead(file) is not null)
                {
                    stderr.WriteLine($"{label}: already in {folder}, skipped");
                    continue;
                }

                var result = RunChild(run, limit, workerCount, parameters);
                AtomicFile.Write(file, JsonSerializer.SerializeToUtf8Bytes(result, Json));
                stderr.WriteLine(string.Create(Invariant,
                    $"{label}: {result.Status}{(result.Objective is { } o ? $", objective {o:N0}" : "")}, {result.SolveSeconds:0.0} s{(result.Error is { } e ? $" ({e})" : "")}"));
            }

            var all = Directory.EnumerateFiles(runs, "*.json").Select(TryRead).OfType<BenchResult>()
                .OrderBy(r => r.Instance, StringComparer.Ordinal).ThenBy(r => r.Strategy, StringComparer.Ordinal).ThenBy(r => r.Seed).ToList();
            BenchReport.Write(folder, all, best);
            stdout.Write(BenchReport.Summary(all, best));
            return SchedulerCli.Ok;
        });
        return command;
    }

    /// <summary>The hidden child command: solves one instance and prints its result as JSON.</summary>
    public static Command CreateRun(TextWriter stdout)
    {
        var instance = new Option<string>("--instance") { Required = true };
        var strategy = new Option<string>("--strategy") { Required = true };
        var seed = new Option<int>("--seed") { Required = true };
        var timeLimit = new Option<double>("--time-limit") { Required = true };
        var workers = new Option<int>("--workers") { Required = true };
        var cpSat = SolveCommand.CpSatOption();
        var command = new Command(RunCommand, "One run of a bench sweep (used by 'bench').") { instance, strategy, seed, timeLimit, workers, cpSat };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var run = new BenchRun(Path.GetFileNameWithoutExtension(parse.GetValue(instance)!), parse.GetValue(instance)!, parse.GetValue(strategy)!, parse.GetValue(seed));
            stdout.Write(JsonSerializer.Serialize(Solve(run, parse.GetValue(timeLimit), parse.GetValue(workers), parse.GetValue(cpSat)), Json));
            return SchedulerCli.Ok;
        });
        return command;
    }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static BenchResult Solve(BenchRun run, double timeLimit, int workers, string? cpSat)
    {
        var clock = Stopwatch.StartNew();
        var trace = new List<double[]>();
        try
        {
            var problem = CompiledProblem.Compile(ProblemInput.Read(run.Path));
            var (strategy, lookahead) = run.Parse();
            var options = new SolverOptions
            {
                TimeLimit = TimeSpan.FromSeconds(timeLimit), Workers = workers, Seed = run.Seed, Strategy = strategy, LookaheadWeeks = lookahead,
                CpSatParameters = cpSat,
            };
            clock.Restart();
            var progress = new ImmediateProgress(p =>
            {
                if (p.Weeks == 0)
                {
                    lock (trace)
                    {
                        trace.Add([Math.Round(clock.Elapsed.TotalSeconds, 3), p.Objective]);
                    }
                }
            });
            var result = ScheduleSolver.Solve(problem, options, progress);
            var solveSeconds = clock.Elapsed.TotalSeconds;
            var s = result.Statistics;
            double? first = null, best = null;
            if (result.Objective is { } objective)
            {
                if (result.Strategy == SolveStrategy.Weekly)
                {
                    // A weekly solve has one complete schedule, at its end.
                    first = best = s.WallTime.TotalSeconds;
                    trace.Add([Math.Round(first.Value, 3), objective]);
                }
                else
                {
                    first = (s.BuildTime + s.HintTime + (s.TimeToFirst ?? TimeSpan.Zero)).TotalSeconds;
                    best = (s.BuildTime + s.HintTime + (s.TimeToBest ?? TimeSpan.Zero)).TotalSeconds;
                }
            }

            var hard = result.Report?.HardCount ?? 0;
            return new BenchResult(
                run.Instance, run.Strategy, run.Seed, result.Status.ToString().ToLowerInvariant(), result.Objective,
                double.IsFinite(result.BestBound) && result.Strategy != SolveStrategy.Weekly ? result.BestBound : null, result.Gap,
                first, best, solveSeconds, 0, PeakMiB(), s.AssignmentVariables, s.Variables, s.Constraints, hard, trace, result.Explanation);
        }
        catch (ModelException e)
        {
            return Failed(run, clock.Elapsed.TotalSeconds, e.Message);
        }
    }

    private static BenchResult Failed(BenchRun run, double seconds, string error) =>
        new(run.Instance, run.Strategy, run.Seed, "error", null, null, null, null, null, seconds, seconds, PeakMiB(), 0, 0, 0, 0, [], error);

    private static double PeakMiB() => Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1);

    // One run in a child process of this same program; its wall time as seen from here is the run's cost.
    private static BenchResult RunChild(BenchRun run, double timeLimit, int workers, string? cpSat)
    {
        // The scheduler's own executable when this process is it; otherwise (dotnet scheduler.dll, or a host
        // that embeds the command, like the tests) the dotnet host with the scheduler's assembly.
        var self = Environment.ProcessPath;
        var assembly = typeof(BenchCommand).Assembly.Location;
        var direct = self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(assembly);
        var start = new ProcessStartInfo(direct ? self! : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!direct)
        {
            start.ArgumentList.Add(assembly);
        }

        foreach (var arg in new[]
        {
            RunCommand, "--instance", run.Path, "--strategy", run.Strategy, "--seed", run.Seed.ToString(Invariant),
            "--time-limit", timeLimit.ToString(Invariant), "--workers", workers.ToString(Invariant),
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrWhiteSpace(cpSat))
        {
            start.ArgumentList.Add("--cp-sat");
            start.ArgumentList.Add(cpSat);
        }

        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        try
        {
            var result = JsonSerializer.Deserialize<BenchResult>(output, Json);
            if (child.ExitCode == 0 && result is not null)
            {
                return result with { RunSeconds = seconds };
            }
        }
        catch (JsonException)
        {
            // Reported below with the child's own words.
        }

        var why = stderr.Result.Trim();
        return Failed(run, seconds, $"the run's process ended with exit code {child.ExitCode}{(why.Length > 0 ? ": " + why.Split('\n')[0] : "")}");
    }

    private static BenchResult? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<BenchResult>(File.ReadAllBytes(path), Json) : null;
        }
        catch (JsonException)
        {
            return null; // a damaged record is run again
        }
    }

    private static List<int> Numbers(string list, string option)
    {
        var numbers = new List<int>();
        foreach (var token in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            numbers.Add(int.TryParse(token, NumberStyles.Integer, Invariant, out var n) ? n : throw new ModelException($"{option}: expected integers separated by commas, got '{token}'"));
        }

        return numbers.Count > 0 ? numbers : throw new ModelException($"{option}: expected at least one value");
    }

    private static (int Index, int Count) Shard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, Invariant, out var i) && int.TryParse(parts[1], NumberStyles.None, Invariant, out var n)
            && n >= 1 && i >= 1 && i <= n)
        {
            return (i, n);
        }

        throw new ModelException($"--shard: expected i/n with 1 <= i <= n, got '{text}'");
    }
}
