using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;

namespace Scheduler.Cli;

/// <summary>`scheduler validate PROBLEM --schedule SCHEDULE [--json]`: the compliance report.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout)
    {
        var problemPath = new Argument<string>("problem") { Description = "Problem file (.msgpack or .json)." };
        var schedulePath = new Option<string>("--schedule") { Description = "Schedule file to check.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var top = new Option<int>("--top") { Description = "Worst offenders to list per rule.", DefaultValueFactory = _ => 5 };
        var command = new Command("validate", "Check a schedule against every rule; exit code 0 compliant, 1 violations, 2 bad input.")
        {
            problemPath, schedulePath, json, top,
        };

        command.SetAction(parse =>
        {
            var problem = CompiledProblem.Compile(ProblemFile.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!));
            var watch = Stopwatch.StartNew();
            var report = ComplianceChecker.Check(schedule);
            watch.Stop();
            if (parse.GetValue(json))
            {
                WriteJson(stdout, report, schedule);
            }
            else
            {
                WriteText(stdout, report, schedule, Math.Max(0, parse.GetValue(top)), watch.Elapsed);
            }

            return report.IsCompliant ? SchedulerCli.Ok : SchedulerCli.Violations;
        });
        return command;
    }

    private static void WriteText(TextWriter o, ComplianceReport report, CompiledSchedule schedule, int top, TimeSpan elapsed)
    {
        var p = report.Problem;
        var source = p.Source;
        var residents = source.People.Count(x => x.Role == Role.Resident);
        o.WriteLine($"Problem   {source.Name}: {residents} residents, {source.People.Count - residents} faculty, {p.ShiftCount} shifts, "
            + $"{p.HorizonDays} days from {source.StartDate:yyyy-MM-dd} ({source.TimeZone}){(p.HistoryDays > 0 ? $", {p.HistoryDays} days of history" : "")}");
        o.WriteLine($"Schedule  {schedule.AssignmentCount} assignments");
        o.WriteLine();
        o.WriteLine($"{"Rule",-60} {"Result",-6} {"Violations",10}");
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            var count = report.Count(rule);
            o.WriteLine($"{ViolationText.RuleName(rule),-60} {(count == 0 ? "pass" : "FAIL"),-6} {count,10}");
        }

        if (!report.IsCompliant && top > 0)
        {
            o.WriteLine();
            o.WriteLine("Worst offenders");
            foreach (var rule in Enum.GetValues<RuleId>())
            {
                var worst = report.Violations.Where(v => v.Rule == rule)
                    .OrderByDescending(v => Math.Abs((long)v.Measured - v.Limit)).ThenBy(v => v.From).Take(top).ToList();
                if (worst.Count == 0)
                {
                    continue;
                }

                o.WriteLine($"  {ViolationText.RuleName(rule)}:");
                foreach (var v in worst)
                {
                    o.WriteLine($"    - {report.Describe(v)}");
                }
            }
        }

        o.WriteLine();
        o.WriteLine(report.IsCompliant
            ? "Verdict   COMPLIANT"
            : $"Verdict   NOT COMPLIANT: {report.Violations.Count} violations of {Enum.GetValues<RuleId>().Count(r => report.Count(r) > 0)} rules");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Checked in {elapsed.TotalMilliseconds:0.###} ms"));
    }

    private static void WriteJson(TextWriter o, ComplianceReport report, CompiledSchedule schedule)
    {
        var p = report.Problem;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("problem", p.Source.Name);
            w.WriteNumber("assignments", schedule.AssignmentCount);
            w.WriteBoolean("compliant", report.IsCompliant);
            w.WriteNumber("violationCount", report.Violations.Count);
            w.WriteStartArray("rules");
            foreach (var rule in Enum.GetValues<RuleId>())
            {
                w.WriteStartObject();
                w.WriteString("rule", JsonName(rule));
                w.WriteBoolean("pass", report.Count(rule) == 0);
                w.WriteNumber("violations", report.Count(rule));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("violations");
            foreach (var v in report.Violations)
            {
                w.WriteStartObject();
                w.WriteString("rule", JsonName(v.Rule));
                if (v.Person >= 0)
                {
                    w.WriteString("person", p.PersonId(v.Person));
                }

                if (v.Shift >= 0)
                {
                    w.WriteString("shift", p.ShiftId(v.Shift));
                }

                w.WriteString("from", ViolationText.Local(p, v.From));
                w.WriteString("to", ViolationText.Local(p, v.To));
                w.WriteNumber("fromMinute", v.From);
                w.WriteNumber("toMinute", v.To);
                w.WriteNumber("measured", v.Measured);
                w.WriteNumber("limit", v.Limit);
                w.WriteString("message", report.Describe(v));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string JsonName(RuleId rule)
    {
        var name = rule.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
