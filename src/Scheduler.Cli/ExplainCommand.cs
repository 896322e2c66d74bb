using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler explain PROBLEM [--schedule S] [--json] [--time-limit S]`: why a problem has no schedule (capacity
/// checks, then a core from CP-SAT) and, given a schedule, why each of its short shifts is short.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>The core search's default limit, in seconds.</summary>
    public const double DefaultTimeLimit = 30;

    public static Command Create(TextWriter stdout, CancellationToken cancellationToken)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string?>("--schedule")
        {
            Description = "A schedule of the problem: also explain each of its short shifts (as validate --why).",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var timeLimit = new Option<double>("--time-limit")
        {
            Description = "Wall-clock limit of the core search in seconds (default 30).",
            DefaultValueFactory = _ => DefaultTimeLimit,
        };
        var command = new Command(
            "explain",
            "Explain why a problem has no schedule: capacity checks (people and faculty per shift and per time, fixed duty, hours per window), then the smallest set of rules, shift minimums and absences that cannot all hold (a CP-SAT core, each item needed). Exit code 0 a schedule may exist, 1 none can, 2 bad input.")
        {
            problemPath, schedulePath, json, timeLimit,
        };

        command.SetAction(parse =>
        {
            var seconds = parse.GetValue(timeLimit);
            if (!(seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2))
            {
                throw new Core.Model.ModelException("bad option: --time-limit must be a positive number of seconds");
            }

            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = parse.GetValue(schedulePath) is { } path ? CompiledSchedule.Compile(problem, ScheduleFile.Read(path, problem.Source)) : null;
            var clock = Stopwatch.StartNew();
            var capacity = CapacityChecks.Run(problem);
            var capacityTime = clock.Elapsed;
            var core = InfeasibilityCores.Find(problem, TimeSpan.FromSeconds(seconds), cancellationToken);
            var shortfalls = schedule is null ? null : ShortfallReasons.Explain(schedule);
            if (parse.GetValue(json))
            {
                ReportOutput.WriteJsonObject(stdout, w =>
                {
                    w.WriteString("problem", problem.Source.Name);
                    w.WriteBoolean("feasible", !Infeasible(capacity, core));
                    WriteJson(w, problem, capacity, capacityTime);
                    WriteJson(w, problem, core);
                    if (shortfalls is not null)
                    {
                        ShortfallOutput.WriteJson(w, problem, shortfalls);
                    }
                });
            }
            else
            {
                ReportOutput.WriteProblemLine(stdout, problem);
                stdout.WriteLine();
                WriteText(stdout, capacity, capacityTime);
                WriteText(stdout, core);
                if (shortfalls is not null)
                {
                    stdout.WriteLine();
                    ShortfallOutput.WriteText(stdout, problem, shortfalls);
                }
            }

            return Infeasible(capacity, core) ? SchedulerCli.Violations : SchedulerCli.Ok;
        });
        return command;
    }

    private static bool Infeasible(CapacityReport capacity, InfeasibilityCore core) => !capacity.Feasible || core.Status == CoreStatus.Infeasible;

    /// <summary>Findings of one kind printed in text; JSON lists up to <see cref="CapacityChecks.MaxPerKind"/>.</summary>
    private const int TextPerKind = 5;

    /// <summary>The capacity checks' findings, hard ones first, at most five of each kind.</summary>
    public static void WriteText(TextWriter o, CapacityReport capacity, TimeSpan elapsed)
    {
        var total = capacity.Findings.Count + capacity.Omitted;
        var hard = capacity.Findings.Count(f => f.Hard);
        o.WriteLine(total == 0
            ? $"Capacity  no finding: every shift, time, person and window has the people and hours it needs ({ReportOutput.Milliseconds(elapsed)})"
            : $"Capacity  {ReportOutput.Plural(total, "finding")}; {hard} leave no schedule, the others leave shifts short where coverage is soft ({ReportOutput.Milliseconds(elapsed)})");
        var hidden = capacity.Omitted;
        foreach (var kind in capacity.Findings.GroupBy(f => (f.Hard, f.Kind)).OrderBy(g => g.Key.Hard ? 0 : 1))
        {
            foreach (var f in kind.Take(TextPerKind))
            {
                o.WriteLine($"  - {(f.Hard ? "no schedule" : "short")}: {f.Message}");
            }

            hidden += Math.Max(0, kind.Count() - TextPerKind);
        }

        if (hidden > 0)
        {
            o.WriteLine($"  - and {hidden} more like these (--json lists up to {CapacityChecks.MaxPerKind} of each kind)");
        }
    }

    /// <summary>The core: what CP-SAT found, and each group that cannot hold with the others.</summary>
    public static void WriteText(TextWriter o, InfeasibilityCore core)
    {
        var took = $"{ReportOutput.Plural(core.Solves, "CP-SAT solve")}, {ReportOutput.Milliseconds(core.Elapsed)}";
        switch (core.Status)
        {
            case CoreStatus.Feasible:
                o.WriteLine(core.Solves == 0
                    ? $"Core      none: the greedy schedule meets every hard rule ({ReportOutput.Milliseconds(core.Elapsed)})"
                    : $"Core      none: a schedule meets every hard rule ({took})");
                break;
            case CoreStatus.Unknown:
                o.WriteLine($"Core      unknown: the time limit ran out before CP-SAT could tell whether a schedule exists ({took})");
                break;
            default:
                var one = core.Items.Count == 1;
                o.WriteLine((one ? "Core      no schedule meets this one; " : $"Core      no schedule meets these {core.Items.Count} together; ")
                    + (!core.Minimal ? "the time limit cut the check that each is needed short"
                        : one ? "without it a schedule exists" : "each is needed (without any one of them a schedule exists)")
                    + $" ({took}):");
                foreach (var item in core.Items)
                {
                    o.WriteLine($"  - {item.Message}");
                }

                break;
        }
    }

    private static void WriteJson(Utf8JsonWriter w, CompiledProblem problem, CapacityReport capacity, TimeSpan elapsed)
    {
        w.WriteStartObject("capacity");
        w.WriteBoolean("feasible", capacity.Feasible);
        w.WriteNumber("elapsedMs", Math.Round(elapsed.TotalMilliseconds, 3));
        w.WriteNumber("omitted", capacity.Omitted);
        w.WriteStartArray("findings");
        foreach (var f in capacity.Findings)
        {
            w.WriteStartObject();
            w.WriteString("kind", ReportOutput.CamelCase(f.Kind.ToString()));
            w.WriteBoolean("hard", f.Hard);
            w.WriteString("message", f.Message);
            w.WriteNumber("needed", f.Needed);
            w.WriteNumber("available", f.Available);
            w.WriteStartArray("shifts");
            foreach (var s in f.Shifts)
            {
                w.WriteStringValue(problem.ShiftId(s));
            }

            w.WriteEndArray();
            if (f.Person >= 0)
            {
                w.WriteString("person", problem.PersonId(f.Person));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The <c>core</c> object: status, minimal, solves, elapsed and the items with their groups.</summary>
    public static void WriteJson(Utf8JsonWriter w, CompiledProblem problem, InfeasibilityCore core)
    {
        w.WriteStartObject("core");
        w.WriteString("status", ReportOutput.CamelCase(core.Status.ToString()));
        w.WriteBoolean("minimal", core.Minimal);
        w.WriteNumber("solves", core.Solves);
        w.WriteNumber("elapsedMs", Math.Round(core.Elapsed.TotalMilliseconds, 3));
        w.WriteStartArray("items");
        foreach (var item in core.Items)
        {
            w.WriteStartObject();
            w.WriteString("rule", ReportOutput.JsonName(item.Group.Rule));
            if (item.Group.Person >= 0)
            {
                w.WriteString("person", problem.PersonId(item.Group.Person));
            }

            if (item.Group.Shift >= 0)
            {
                w.WriteString("shift", problem.ShiftId(item.Group.Shift));
            }

            if (item.Group.Activity >= 0)
            {
                w.WriteString("activity", problem.Source.Activities[item.Group.Activity].Id);
            }

            if (item.Group.Absence >= 0)
            {
                w.WriteString("absentFrom", Core.Checking.ViolationText.Local(problem, problem.AbsenceStarts(item.Group.Person)[item.Group.Absence]));
                w.WriteString("absentTo", Core.Checking.ViolationText.Local(problem, problem.AbsenceEnds(item.Group.Person)[item.Group.Absence]));
            }

            w.WriteString("message", item.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
