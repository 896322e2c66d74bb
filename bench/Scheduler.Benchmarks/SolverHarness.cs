using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduler.Core.Compiled;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Benchmarks;

/// <summary>
/// The solver harness: solves shipped problems (and xl, generated) one per child process (so each peak memory
/// is its own) with each strategy, and prints a Markdown table of model size, build time, time to the first
/// complete schedule, objective, bound, gap, wall time and peak memory.
/// </summary>
/// <remarks>
/// <c>solver [--problems small,medium,large,xl] [--strategies monolithic,neighbourhood,weekly,weekly+1] [--time-limit 60]
/// [--workers 8] [--seed 1] [--out FILE] [--cancel-after-first true]</c>; weekly+K is the weekly strategy with
/// K lookahead weeks; the cancel option cancels each solve at its first schedule and reports how long Solve took
/// to return after that; <c>--parts true</c> only builds each model and prints what each encoder adds
/// (variables, constraints, time).
/// </remarks>
public static class SolverHarness
{
    public const string Command = "solver";
    public const string ChildCommand = "solver-child";

    // A weekly solve has no bound on the whole: NaN, which JSON spells only with named literals.
    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static int Run(string[] args)
    {
        Options options;
        try
        {
            options = Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"{Command}: {e.Message}");
            return 2;
        }

        if (args[0] == ChildCommand)
        {
            return Child(options);
        }

        var rows = new List<Row>();
        var parts = new StringBuilder();
        foreach (var (name, strategy) in options.Problems.SelectMany(p => (options.Parts ? ["monolithic"] : options.Strategies).Select(s => (p, s))))
        {
            Console.Error.WriteLine($"solving {name} {strategy} ({options.TimeLimit} s, {options.Workers} workers, seed {options.Seed}) ...");
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };

            // Server garbage collection, as the scheduler command runs: a large model is millions of small
            // objects that all survive, and two collector threads promote them about twice as fast as one.
            start.Environment["DOTNET_gcServer"] = "1";

            // Run as "dotnet x.dll": the child needs the assembly path first.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(SolverHarness).Assembly.Location);
            }

            start.ArgumentList.Add(ChildCommand);
            foreach (var a in args[1..])
            {
                start.ArgumentList.Add(a);
            }

            start.ArgumentList.Add("--problems");
            start.ArgumentList.Add(name);
            start.ArgumentList.Add("--strategies");
            start.ArgumentList.Add(strategy);
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine($"{name}: child failed with exit code {child.ExitCode}");
                return 1;
            }

            if (options.Parts)
            {
                parts.Append(output);
                continue;
            }

            rows.Add(JsonSerializer.Deserialize<Row>(output.Trim(), s_json)!);
        }

        if (options.Parts)
        {
            var partsTable = "| problem | encoder | variables | constraints | ms |\n|---|---|---:|---:|---:|\n" + parts;
            Console.WriteLine(partsTable);
            if (options.Out is { } partsPath)
            {
                File.WriteAllText(partsPath, partsTable);
            }

            return 0;
        }

        var table = Table(rows, options);
        Console.WriteLine(table);
        if (options.Out is { } path)
        {
            File.WriteAllText(path, table);
        }

        return 0;
    }

    private static int Child(Options options)
    {
        var name = options.Problems[0];
        var strategy = options.Strategies[0];
        var problem = CompiledProblem.Compile(Instances.Load(name).Problem);
        if (options.Parts)
        {
            // What each encoder adds to the model, without solving; the total also holds the assignment
            // variables and timelines, and the garbage collector's pauses during the build.
            var paused = GC.GetTotalPauseDuration();
            var model = ScheduleModel.Build(problem);
            paused = GC.GetTotalPauseDuration() - paused;
            foreach (var part in model.Parts)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {part.Encoder} | {part.Variables:N0} | {part.Constraints:N0} | {part.Time.TotalMilliseconds:F0} |"));
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | **total** (GC pauses {paused.TotalMilliseconds:F0} ms) | {model.Variables:N0} | {model.Constraints:N0} | {model.BuildTime.TotalMilliseconds:F0} |"));

            return 0;
        }

        // With --cancel-after-first, the first schedule cancels the solve: the figure is how long Solve takes
        // to return after that.
        using var cancel = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var cancelledAt = TimeSpan.Zero;
        var progress = new ImmediateProgress(_ =>
        {
            if (options.CancelAfterFirst && !cancel.IsCancellationRequested)
            {
                cancelledAt = clock.Elapsed;
                cancel.Cancel();
            }
        });
        var (solveStrategy, lookahead) = SolverOptions.ParseStrategyName(strategy)!.Value;
        var solverOptions = new SolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(options.TimeLimit),
            Workers = options.Workers,
            Seed = options.Seed,
            Strategy = solveStrategy,
            LookaheadWeeks = lookahead,
        };
        SolveResult result;
        var refused = false;
        try
        {
            result = ScheduleSolver.Solve(problem, solverOptions, progress, cancel.Token);
        }
        catch (Core.Model.ModelException e)
        {
            // Beyond the solver's limits: a row that says so, so the rest of the run goes on.
            Console.Error.WriteLine($"{name} {strategy}: {e.Message}");
            result = new SolveResult { Status = SolveStatus.Unknown, Explanation = e.Message, Statistics = new SolveStatistics() };
            refused = true;
        }

        var wall = clock.Elapsed;
        double? cancelMs = cancel.IsCancellationRequested ? (clock.Elapsed - cancelledAt).TotalMilliseconds : null;
        var s = result.Statistics;
        var hard = result.Report?.HardCount ?? 0;

        // From the call to the first complete schedule: a weekly solve has one only at its end.
        double? first = s.TimeToFirst is not { } toFirst ? null
            : result.Strategy == SolveStrategy.Weekly ? toFirst.TotalSeconds
            : (s.BuildTime + s.HintTime + toFirst).TotalSeconds;
        var row = new Row(
            name, strategy, problem.PersonCount, problem.ShiftCount, s.AssignmentVariables, s.Variables, s.Constraints,
            s.BuildTime.TotalSeconds, s.HintTime.TotalSeconds, first, s.SearchTime.TotalSeconds, wall.TotalSeconds,
            refused ? "Refused" : result.Status.ToString(), result.Objective, result.BestBound, result.Gap, hard, cancelMs,
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0));
        Console.WriteLine(JsonSerializer.Serialize(row, s_json));
        return 0;
    }

    private static string Table(List<Row> rows, Options options)
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"Solver harness: time limit {options.TimeLimit} s, {options.Workers} workers, seed {options.Seed}, {Environment.ProcessorCount} cores.");
        b.AppendLine();
        b.AppendLine("Model size: the whole model (monolithic) or the largest window (weekly); build, hint and search times are summed over the windows. First = from the call to the first complete schedule; wall = the whole call.");
        b.AppendLine();
        b.AppendLine("| problem | strategy | people | shifts | assignment vars | variables | constraints | build s | hint s | search s | first s | wall s | status | objective | bound | gap | hard violations | cancel ms | peak MiB |");
        b.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            b.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Problem} | {r.Strategy} | {r.People} | {r.Shifts} | {r.AssignmentVariables:N0} | {r.Variables:N0} | {r.Constraints:N0} | {r.BuildSeconds:F2} | {r.HintSeconds:F1} | {r.SearchSeconds:F1} | {Seconds(r.FirstSeconds)} | {r.WallSeconds:F1} | {r.Status} | {r.Objective?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"} | {(double.IsFinite(r.Bound) ? r.Bound.ToString("F0", CultureInfo.InvariantCulture) : "-")} | {(r.Gap is { } g ? g.ToString("P1", CultureInfo.InvariantCulture) : "-")} | {r.HardViolations} | {(r.CancelMs is { } c ? c.ToString("F0", CultureInfo.InvariantCulture) : "-")} | {r.PeakMiB:F0} |");
        }

        return b.ToString();
    }

    private static string Seconds(double? s) => s is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--problems": o.Problems = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--strategies": o.Strategies = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--time-limit": o.TimeLimit = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--workers": o.Workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": o.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--out": o.Out = value; break;
                case "--cancel-after-first": o.CancelAfterFirst = bool.Parse(value); break;
                case "--parts": o.Parts = bool.Parse(value); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (o.Strategies.FirstOrDefault(s => SolverOptions.ParseStrategyName(s) is null) is { } unknown)
        {
            throw new ArgumentException($"--strategies: expected {SolverOptions.StrategyNames}, got '{unknown}'");
        }

        return o;
    }

    private sealed class Options
    {
        public string[] Problems { get; set; } = ["small", "medium", "large"];

        public string[] Strategies { get; set; } = ["monolithic"];

        public double TimeLimit { get; set; } = 60;

        public int Workers { get; set; } = 8;

        public int Seed { get; set; } = 1;

        public string? Out { get; set; }

        public bool CancelAfterFirst { get; set; }

        public bool Parts { get; set; }
    }

    private sealed record Row(
        string Problem, string Strategy, int People, int Shifts, int AssignmentVariables, int Variables, int Constraints,
        double BuildSeconds, double HintSeconds, double? FirstSeconds, double SearchSeconds, double WallSeconds,
        string Status, long? Objective, double Bound, double? Gap, int HardViolations, double? CancelMs, double PeakMiB);
}
