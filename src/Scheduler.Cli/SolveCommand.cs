using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;
using Scheduler.Solver.Local;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler solve PROBLEM --out SCHEDULE`: builds a schedule with CP-SAT, shows each improving solution on
/// stderr, stops on the limits or Ctrl+C keeping the best schedule so far, writes it and prints the summary and
/// the compliance report on stdout.
/// </summary>
internal static class SolveCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="stdout">Results: the summary and report, or the JSON object.</param>
    /// <param name="stderr">Progress and notes.</param>
    /// <param name="overwriteProgress">True when stderr is a terminal: one progress line rewritten with '\r'.</param>
    /// <param name="cancellationToken">Stops the search like Ctrl+C does (for embedding and tests).</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, bool overwriteProgress, CancellationToken cancellationToken)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var output = new Option<string>("--out") { Description = "Schedule file to write (.msgpack, .mpk or .json; the extension picks the format).", Required = true };
        var timeLimit = new Option<double?>("--time-limit")
        {
            Description = "Wall-clock limit of the search in seconds (model building not counted). Default 60, or none when --deterministic-time is given.",
            CustomParser = r => Positive(r, "--time-limit", "a positive number of seconds"),
        };
        var workers = new Option<int>("--workers")
        {
            Description = "CP-SAT search workers, 1..64 (1 is deterministic).",
            DefaultValueFactory = _ => SolverOptions.Default.Workers,
            CustomParser = r => Count(r, "--workers", 1, 64, SolverOptions.Default.Workers),
        };
        var seed = new Option<int>("--seed") { Description = "Random seed of the search.", DefaultValueFactory = _ => SolverOptions.Default.Seed };
        var deterministic = new Option<double?>("--deterministic-time")
        {
            Description = "CP-SAT deterministic time limit (machine-independent work units, about seconds). With --workers 1 and no --time-limit the run is reproducible.",
            CustomParser = r => Positive(r, "--deterministic-time", "a positive number"),
        };
        var strategy = new Option<SolveStrategy>("--strategy")
        {
            Description = $"monolithic (one model), neighbourhood (the one model, searched by CP-SAT and by large neighbourhood search in turns), weekly (week by week, each with the weeks before it fixed), hybrid (local search from the greedy schedule, one per worker; a small model with rostering limits or forbidden successions then gets the neighbourhood strategy from its best, with column generation first on pure rostering problems) or auto (for horizons over {SolverOptions.AutoWeeklyDays} days hybrid, or weekly with --checkpoint, --lookahead, --deterministic-time alone or --cp-sat; monolithic otherwise; problems with rostering limits or forbidden successions get, under the same conditions as long horizons, neighbourhood for a model of at most 100,000 eligible person-shift pairs under --time-limit and hybrid otherwise, monolithic where those conditions do not hold).",
            DefaultValueFactory = _ => SolveStrategy.Auto,
            CustomParser = Strategy,
        };
        var moves = new Option<long?>("--moves")
        {
            Description = "Hybrid: moves each local search evaluates before it stops. With it and no --time-limit, one search runs and the result is repeatable.",
            CustomParser = Moves,
        };
        var acceptance = new Option<Acceptance>("--acceptance")
        {
            Description = "Hybrid: which worse moves the local search keeps: late (late acceptance, the default) or annealing (simulated annealing).",
            CustomParser = AcceptanceOf,
        };
        var tabu = new Option<int>("--tabu")
        {
            Description = "Hybrid: tabu tenure in moves (a kept move's assignments may not be changed back for this many moves, unless that gives a new best); 0, the default, for none.",
            CustomParser = r => Count(r, "--tabu", 0, int.MaxValue, 0),
        };
        var perturb = new Option<int>("--perturb")
        {
            Description = "Hybrid: moves without a new best after which a local search is kicked (three ruin-and-recreate moves kept whatever they cost); 0, the default, for never.",
            CustomParser = r => Count(r, "--perturb", 0, int.MaxValue, 0),
        };
        var lookahead = new Option<int>("--lookahead")
        {
            Description = "Weekly: weeks solved after each committed week but not committed (0..4).",
            CustomParser = r => Count(r, "--lookahead", 0, 4, 0),
        };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Weekly: directory for a checkpoint after each committed week (the newest few are kept)." };
        var resume = new Option<bool>("--resume") { Description = "Weekly: continue from the newest valid checkpoint in --checkpoint (same problem and settings), or start over when there is none." };
        var cpSat = CpSatOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (status, objective, terms, bound, gap, statistics, violations summary) instead of text." };
        var top = new Option<int>("--top") { Description = "Worst offenders to list per rule in the report.", DefaultValueFactory = _ => 5 };
        var relax = new Option<bool>("--relax")
        {
            Description = "Make coverage soft (1000 per person short) so that a schedule always comes back, with what it breaks in the report.",
        };
        var relaxRules = new Option<string[]>("--relax-rule")
        {
            Description = "Also make this rule soft at its documented weight (repeatable; implies --relax): "
                + string.Join(", ", Relaxation.Relaxable.Skip(1).Select(ReportOutput.JsonName)) + ".",
        };
        var command = new Command(
            "solve",
            "Build a schedule with the CP-SAT solver and print the result and its compliance report; exit code 0 schedule written, 1 infeasible or none found, 2 bad input. Ctrl+C stops the search and keeps the best schedule so far.")
        {
            problemPath, output, timeLimit, workers, seed, deterministic, strategy, moves, acceptance, tabu, perturb, lookahead, checkpoint, resume, cpSat, json, top, relax, relaxRules,
        };

        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            var format = FileFormats.FromPath(outPath);
            var folder = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (folder is not null && !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"cannot write {outPath}: the folder {folder} does not exist");
            }

            var deterministicLimit = parse.GetValue(deterministic);
            var wallLimit = parse.GetValue(timeLimit);
            var moveLimit = parse.GetValue(moves);
            var options = new SolverOptions
            {
                // A deterministic limit (or a move limit) alone stops the search: no wall clock, so the run can be reproducible.
                TimeLimit = wallLimit is { } seconds ? TimeSpan.FromSeconds(seconds) : deterministicLimit is null && moveLimit is null ? SolverOptions.Default.TimeLimit : null,
                MaxMoves = moveLimit,
                Acceptance = parse.GetValue(acceptance),
                Tabu = parse.GetValue(tabu),
                Perturb = parse.GetValue(perturb),
                Workers = parse.GetValue(workers),
                Seed = parse.GetValue(seed),
                DeterministicTimeLimit = deterministicLimit,
                Strategy = parse.GetValue(strategy),
                LookaheadWeeks = parse.GetValue(lookahead),
                CheckpointDirectory = parse.GetValue(checkpoint),
                Resume = parse.GetValue(resume),
                CpSatParameters = parse.GetValue(cpSat),
            };
            var source = ProblemInput.Read(parse.GetValue(problemPath)!);
            var relaxed = parse.GetValue(relaxRules) ?? [];
            if (parse.GetValue(relax) || relaxed.Length > 0)
            {
                source = Relaxation.Apply(source, relaxed.Select(RelaxableRule));
            }

            var problem = CompiledProblem.Compile(source);
            if (options.CheckpointDirectory is not null && options.Strategy == SolveStrategy.Auto)
            {
                // Checkpoints are weekly; auto would pick monolithic for a short horizon and refuse them.
                options = options with { Strategy = SolveStrategy.Weekly };
            }

            try
            {
                options.Validate();
                options.StrategyFor(problem);
            }
            catch (ArgumentException e)
            {
                throw new ModelException($"bad option: {e.Message}");
            }

            stderr.WriteLine(string.Create(Invariant,
                $"solving {problem.Source.Name}: {problem.PersonCount} people, {problem.ShiftCount} shifts, {Limits(options)} (Ctrl+C stops and keeps the best schedule so far)"));
            var result = SolveWithCtrlC(problem, options, new ProgressLine(stderr, overwriteProgress), stderr, cancellationToken);

            if (result.Schedule is { } schedule)
            {
                ScheduleFile.Write(schedule.ToSchedule() with { ProblemHash = ContentHash.Of(problem.Source) }, outPath, format);
            }

            // No schedule because none exists: say which rules, minimums and absences clash (as `explain` does).
            var core = result.Status == SolveStatus.Infeasible && !cancellationToken.IsCancellationRequested
                ? Core(problem, TimeSpan.FromSeconds(Math.Min(wallLimit ?? ExplainCommand.DefaultTimeLimit, ExplainCommand.DefaultTimeLimit)), stderr, cancellationToken)
                : null;
            if (parse.GetValue(json))
            {
                WriteJson(stdout, problem, result, result.Schedule is null ? null : outPath, core);
            }
            else
            {
                WriteText(stdout, problem, result, options, result.Schedule is null ? null : (outPath, format), Math.Max(0, parse.GetValue(top)));
                if (core is not null)
                {
                    ExplainCommand.WriteText(stdout, core);
                }
            }

            return result.Schedule is null ? SchedulerCli.Violations : SchedulerCli.Ok;
        });
        return command;
    }

    private static RuleId RelaxableRule(string name) =>
        Relaxation.Relaxable.FirstOrDefault(r => ReportOutput.JsonName(r) == name, (RuleId)(-1)) is var rule && rule >= 0
            ? rule
            : throw new ModelException($"bad option: --relax-rule {name}: one of {string.Join(", ", Relaxation.Relaxable.Select(ReportOutput.JsonName))}");

    // The core of an infeasible problem, or null when its model is beyond the solver's limits.
    private static InfeasibilityCore? Core(CompiledProblem problem, TimeSpan limit, TextWriter stderr, CancellationToken cancellationToken)
    {
        stderr.WriteLine(string.Create(Invariant, $"no schedule exists: searching for the rules that clash (at most {limit.TotalSeconds:0.#} s)"));
        try
        {
            return InfeasibilityCores.Find(problem, limit, cancellationToken);
        }
        catch (ModelException e)
        {
            stderr.WriteLine($"no core: {e.Message}");
            return null;
        }
    }

    /// <summary>--cp-sat, shared with bench.</summary>
    internal static Option<string?> CpSatOption() => new("--cp-sat")
    {
        Description = "Extra CP-SAT parameters for the search, name:value pairs separated by spaces (for example \"interleave_search:true linearization_level:2\"); they win over Scheduler's own. Each must be a field of CP-SAT's SatParameters with a value of its type.",
    };

    private static double? Positive(ArgumentResult result, string name, string expected)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var token = result.Tokens[^1].Value;
        if (double.TryParse(token, NumberStyles.Float, Invariant, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name}: expected {expected}, got '{token}'");
        return null;
    }

    private static Acceptance AcceptanceOf(ArgumentResult result)
    {
        var token = result.Tokens.Count == 0 ? "late" : result.Tokens[^1].Value;
        switch (token)
        {
            case "late":
                return Acceptance.LateAcceptance;
            case "annealing":
                return Acceptance.SimulatedAnnealing;
            default:
                result.AddError($"--acceptance: expected late or annealing, got '{token}'");
                return Acceptance.LateAcceptance;
        }
    }

    private static long? Moves(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var token = result.Tokens[^1].Value;
        if (long.TryParse(token, NumberStyles.None, Invariant, out var value) && value > 0)
        {
            return value;
        }

        result.AddError($"--moves: expected a positive whole number, got '{token}'");
        return null;
    }

    private static SolveStrategy Strategy(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return SolveStrategy.Auto;
        }

        var token = result.Tokens[^1].Value;
        if (Enum.TryParse<SolveStrategy>(token, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(token, out _))
        {
            return value;
        }

        result.AddError($"--strategy: expected monolithic, neighbourhood, weekly, hybrid or auto, got '{token}'");
        return SolveStrategy.Auto;
    }

    /// <summary>An integer option in min..max, or the option's error naming it.</summary>
    internal static int Count(ArgumentResult result, string name, int min, int max, int fallback)
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }

        var token = result.Tokens[^1].Value;
        if (int.TryParse(token, NumberStyles.Integer, Invariant, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{name}: expected {min}..{max}, got '{token}'");
        return fallback;
    }

    private static SolveResult SolveWithCtrlC(
        CompiledProblem problem, SolverOptions options, ProgressLine progress, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            if (stop.IsCancellationRequested)
            {
                return; // a second Ctrl+C ends the process as usual
            }

            e.Cancel = true;
            progress.Note("stopping: keeping the best schedule so far (Ctrl+C again to abort)");
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The solve has just ended.
            }
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            return ScheduleSolver.Solve(problem, options, progress, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            progress.Finish();
            stderr.Flush();
        }
    }

    private static string Limits(SolverOptions options)
    {
        var parts = new List<string>();
        if (options.TimeLimit is { } limit)
        {
            parts.Add(string.Create(Invariant, $"time limit {limit.TotalSeconds:0.###} s"));
        }

        if (options.DeterministicTimeLimit is { } deterministic)
        {
            parts.Add(string.Create(Invariant, $"deterministic time limit {deterministic:0.###}"));
        }

        parts.Add(string.Create(Invariant, $"{options.Workers} worker{(options.Workers == 1 ? "" : "s")}, seed {options.Seed}"));
        parts.Add(options.Strategy switch
        {
            SolveStrategy.Weekly => string.Create(Invariant, $"weekly, lookahead {options.LookaheadWeeks}"),
            SolveStrategy.Monolithic => "monolithic",
            SolveStrategy.Neighbourhood => "neighbourhood",
            SolveStrategy.Hybrid => string.Create(Invariant, $"hybrid, {(options.Acceptance == Acceptance.SimulatedAnnealing ? "simulated annealing" : "late acceptance")}{(options.Tabu > 0 ? $", tabu {options.Tabu:N0}" : "")}{(options.Perturb > 0 ? $", kicked after {options.Perturb:N0} moves without a new best" : "")}{(options.MaxMoves is { } n ? $", {n:N0} moves" : "")}"),
            _ => "strategy auto",
        });
        if (!string.IsNullOrWhiteSpace(options.CpSatParameters))
        {
            parts.Add($"CP-SAT parameters '{options.CpSatParameters.Trim()}' (they win over the above)");
        }

        return string.Join(", ", parts);
    }

    /// <summary>The status as a coordinator reads it: what was found and why the search stopped.</summary>
    internal static string StatusText(SolveResult result) => result.Status switch
    {
        SolveStatus.Optimal => "optimal",
        SolveStatus.Feasible when result.Cancelled => "feasible (cancelled; best so far)",
        SolveStatus.Feasible when result.Strategy == SolveStrategy.Weekly => "feasible (week by week: each week the best found given the weeks before it; no bound on the whole)",
        SolveStatus.Feasible => "feasible (limit reached; best so far, not proven optimal)",
        SolveStatus.Infeasible => "infeasible (no schedule meets every hard rule)",
        _ when result.Cancelled => "no schedule (cancelled before one was found)",
        _ => "no schedule (limit reached before one was found)",
    };

    /// <summary>The status as JSON names it: optimal, feasible, infeasible or unknown.</summary>
    internal static string StatusName(SolveStatus status) => status switch
    {
        SolveStatus.Optimal => "optimal",
        SolveStatus.Feasible => "feasible",
        SolveStatus.Infeasible => "infeasible",
        _ => "unknown",
    };

    private static void WriteText(
        TextWriter o, CompiledProblem problem, SolveResult result, SolverOptions options, (string Path, FileFormat Format)? written, int top)
    {
        var s = result.Statistics;
        ReportOutput.WriteProblemLine(o, problem);
        o.WriteLine($"Status    {StatusText(result)}");
        if (result.Explanation is { } explanation)
        {
            o.WriteLine($"Reason    {explanation}");
        }

        o.WriteLine($"Strategy  {result.Strategy switch
        {
            SolveStrategy.Weekly => string.Create(Invariant, $"weekly, lookahead {options.LookaheadWeeks}"),
            SolveStrategy.Neighbourhood => string.Create(Invariant, $"neighbourhood, {result.Statistics.Neighbourhoods:N0} neighbourhoods re-solved"),
            SolveStrategy.Hybrid => "hybrid (local search; then, where the model is small and has rostering limits or forbidden successions, the neighbourhood strategy)",
            _ => "monolithic",
        }}");
        foreach (var note in result.Notes)
        {
            o.WriteLine($"Note      {note}");
        }

        if (result.Objective is { } objective)
        {
            o.WriteLine(string.Create(Invariant, $"Objective {objective:N0}"));
            var width = result.ObjectiveTerms.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
            foreach (var (name, value) in result.ObjectiveTerms.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                o.WriteLine(string.Create(Invariant, $"  {ReportOutput.CamelCase(name).PadRight(width)}  {value,12:N0}"));
            }

            o.WriteLine($"Bound     {Number(result.BestBound)}");
            o.WriteLine($"Gap       {(result.Gap is { } gap ? Percent(gap) : "none")}");
        }

        if (result.Strategy == SolveStrategy.Hybrid)
        {
            o.WriteLine($"Time      {Seconds(s.WallTime)} in all: first schedule {Seconds(s.HintTime)}, search {Seconds(s.SearchTime)}"
                + (s.TimeToBest is { } best ? $"; the local search's best after {Seconds(best)}" : ""));
        }
        else
        {
            o.WriteLine(string.Create(Invariant, $"Model     {s.AssignmentVariables:N0} assignment variables, {s.Variables:N0} variables, {s.Constraints:N0} constraints"));
            o.WriteLine($"Time      {Seconds(s.WallTime)} in all: build {Seconds(s.BuildTime)}, hint {Seconds(s.HintTime)}, search {Seconds(s.SearchTime)}; "
                + (s.TimeToFirst is not { } first || s.TimeToBest is not { } best ? "no schedule found"
                    : result.Strategy == SolveStrategy.Weekly ? $"the complete schedule after {Seconds(first)}"
                    : $"first schedule after {Seconds(first)} of search, best after {Seconds(best)}"));
        }
        if (s.HintKept is { } kept)
        {
            o.WriteLine(string.Create(Invariant, $"Hint      the schedule kept {kept * 100:0.#} % of the hinted assignment values"));
        }

        o.WriteLine(string.Create(Invariant, $"Search    {s.Solutions} improving solution{(s.Solutions == 1 ? "" : "s")}, {s.Workers} worker{(s.Workers == 1 ? "" : "s")}, seed {s.Seed}"));
        o.WriteLine($"Repeat    {Reproducibility(s, options)}");
        if (result.Schedule is not { } schedule || written is not { } file)
        {
            o.WriteLine("Schedule  none written");
            return;
        }

        o.WriteLine($"Schedule  {schedule.AssignmentCount} assignments written to {file.Path} ({file.Format})");
        if (result.Report is { } report)
        {
            o.WriteLine();
            ReportOutput.WriteText(o, report, top);
        }
    }

    private static string Reproducibility(SolveStatistics statistics, SolverOptions options)
    {
        if (statistics.Reproducible)
        {
            return options.Strategy == SolveStrategy.Hybrid
                ? "reproducible: a move limit and no wall-clock limit give this schedule on any machine"
                : "reproducible: one worker, a deterministic time limit and no wall-clock limit give this schedule on any machine";
        }

        if (options.Strategy == SolveStrategy.Hybrid)
        {
            return "not reproducible (a wall-clock time limit): use --moves without --time-limit";
        }

        var why = new List<string>();
        if (options.Workers != 1)
        {
            why.Add(string.Create(Invariant, $"{options.Workers} workers"));
        }

        if (options.TimeLimit is not null)
        {
            why.Add("a wall-clock time limit");
        }

        if (options.DeterministicTimeLimit is null)
        {
            why.Add("no deterministic time limit");
        }

        return $"not reproducible ({string.Join(", ", why)}): use --workers 1 and --deterministic-time without --time-limit";
    }

    private static void WriteJson(TextWriter o, CompiledProblem problem, SolveResult result, string? written, InfeasibilityCore? core) =>
        ReportOutput.WriteJsonObject(o, w =>
        {
            var s = result.Statistics;
            w.WriteString("problem", problem.Source.Name);
            w.WriteString("status", StatusName(result.Status));
            w.WriteBoolean("cancelled", result.Cancelled);
            w.WriteString("statusText", StatusText(result));
            w.WriteString("strategy", result.Strategy.ToString().ToLowerInvariant());
            w.WriteStartArray("notes");
            foreach (var note in result.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            WriteNullable(w, "explanation", result.Explanation);
            if (core is not null)
            {
                ExplainCommand.WriteJson(w, problem, core);
            }

            WriteNullable(w, "schedule", written);
            if (result.Schedule is { } schedule)
            {
                w.WriteNumber("assignments", schedule.AssignmentCount);
            }
            else
            {
                w.WriteNull("assignments");
            }

            if (result.Objective is { } objective)
            {
                w.WriteNumber("objective", objective);
            }
            else
            {
                w.WriteNull("objective");
            }

            w.WriteStartObject("terms");
            foreach (var (name, value) in result.ObjectiveTerms.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(ReportOutput.CamelCase(name), value);
            }

            w.WriteEndObject();
            WriteNumber(w, "bound", result.Objective is null ? null : result.BestBound);
            WriteNumber(w, "gap", result.Gap);
            w.WriteStartObject("statistics");
            w.WriteNumber("assignmentVariables", s.AssignmentVariables);
            w.WriteNumber("variables", s.Variables);
            w.WriteNumber("constraints", s.Constraints);
            WriteNumber(w, "wallSeconds", s.WallTime.TotalSeconds);
            WriteNumber(w, "buildSeconds", s.BuildTime.TotalSeconds);
            WriteNumber(w, "hintSeconds", s.HintTime.TotalSeconds);
            WriteNumber(w, "searchSeconds", s.SearchTime.TotalSeconds);
            WriteNumber(w, "timeToFirstSeconds", s.TimeToFirst?.TotalSeconds);
            WriteNumber(w, "timeToBestSeconds", s.TimeToBest?.TotalSeconds);
            WriteNumber(w, "hintKept", s.HintKept);
            w.WriteNumber("solutions", s.Solutions);
            w.WriteNumber("neighbourhoods", s.Neighbourhoods);
            w.WriteNumber("workers", s.Workers);
            w.WriteNumber("seed", s.Seed);
            w.WriteBoolean("reproducible", s.Reproducible);
            w.WriteEndObject();
            if (result.Report is { } report)
            {
                w.WriteStartObject("report");
                ReportOutput.WriteJsonSummary(w, report);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("report");
            }
        });

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Percent(double value) =>
        double.IsFinite(value) ? string.Create(Invariant, $"{value * 100:0.##} %") : "none";

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("#,0.##", Invariant) : "none";

    internal static string Seconds(TimeSpan time) => string.Create(Invariant, $"{time.TotalSeconds:0.###} s");

    /// <summary>
    /// The live progress line on stderr: each improving solution with objective, bound, gap, elapsed time and count.
    /// On a terminal one line is rewritten with '\r'; otherwise each improvement gets its own line, so logs stay readable.
    /// </summary>
    internal sealed class ProgressLine(TextWriter stderr, bool overwrite) : IProgress<SolveProgress>
    {
        private readonly Lock _lock = new();
        private int _width;

        public void Report(SolveProgress value)
        {
            var line = value.Committed
                ? string.Create(Invariant, $"weeks 1-{value.Week} of {value.Weeks} committed: objective {value.Objective:N0} so far (fairness aside), elapsed {Seconds(value.Elapsed)}")
                : string.Create(Invariant,
                    $"{(value.Weeks > 0 ? $"week {value.Week}/{value.Weeks} " : "")}solution {value.Solutions}: objective {value.Objective:N0}, bound {Number(value.BestBound)}, gap {Percent(value.Gap)}, elapsed {Seconds(value.Elapsed)}{(value.Neighbourhoods > 0 ? $", {value.Neighbourhoods:N0} neighbourhoods" : "")}");
            lock (_lock)
            {
                if (overwrite)
                {
                    stderr.Write('\r' + line.PadRight(_width));
                    _width = line.Length;
                }
                else
                {
                    stderr.WriteLine(line);
                }

                stderr.Flush();
            }
        }

        /// <summary>A message on its own line (ends the rewritten line first).</summary>
        public void Note(string message)
        {
            lock (_lock)
            {
                EndLine();
                stderr.WriteLine(message);
                stderr.Flush();
            }
        }

        /// <summary>Ends the rewritten line, if any, so later output starts on a fresh line.</summary>
        public void Finish()
        {
            lock (_lock)
            {
                EndLine();
            }
        }

        private void EndLine()
        {
            if (_width > 0)
            {
                stderr.WriteLine();
                _width = 0;
            }
        }
    }
}
