using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats.Export;

namespace Scheduler.Cli;

/// <summary>The compliance report as text and JSON, shared by `validate` and `solve`.</summary>
internal static class ReportOutput
{
    /// <summary>"Problem   NAME: R residents, F faculty, S shifts, D days from DATE (ZONE)".</summary>
    public static void WriteProblemLine(TextWriter o, CompiledProblem problem)
    {
        var source = problem.Source;
        var residents = source.People.Count(x => x.Role == Role.Resident);
        o.WriteLine($"Problem   {source.Name}: {residents} residents, {source.People.Count - residents} faculty, {problem.ShiftCount} shifts, "
            + $"{problem.HorizonDays} days from {source.StartDate:yyyy-MM-dd} ({source.TimeZone}){(problem.HistoryDays > 0 ? $", {problem.HistoryDays} days of history" : "")}");
    }

    /// <summary>
    /// The rule table (pass or fail, count; soft rules marked with their weight), the worst offenders, the verdict
    /// of the hard rules, the soft rules' line, and when given the preference terms (requests, fairness).
    /// </summary>
    public static void WriteText(TextWriter o, ComplianceReport report, int top, SoftTerms? terms = null)
    {
        var objective = report.Problem.Source.Objective;
        var pricedCover = report.Problem.Source.Shifts.Any(x => x.Requirement.Penalty is not null);
        o.WriteLine($"{"Rule",-60} {"Result",-6} {"Violations",10}");
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            var count = report.Count(rule);
            var soft = objective.SoftWeight(rule) is { } weight ? $"  (soft, weight {weight})"
                : rule == RuleId.Coverage && pricedCover ? "  (soft where a shift has its own prices)" : "";
            o.WriteLine($"{ViolationText.RuleName(rule),-60} {(count == 0 ? "pass" : "FAIL"),-6} {count,10}{soft}");
        }

        if (report.Violations.Count > 0 && top > 0)
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
        o.WriteLine($"Verdict   {Verdict(report)}");
        o.WriteLine($"Soft      {ReportText.SoftSummary(report)}");
        if (terms is not null)
        {
            if (terms.Requests > 0)
            {
                o.WriteLine($"Requests  {terms.UnmetRequests} of {terms.Requests} not honoured (cost {terms.RequestCost})");
            }

            var spreads = string.Join(", ", SoftTerms.FairnessNames.Select((name, kind) => $"{name} {terms.Spreads[kind]}"));
            o.WriteLine($"Fairness  largest spread within a PGY year: {spreads} (cost {terms.FairnessCosts.Sum()})");
        }
    }

    /// <summary>The hard rules' verdict, as the HTML export says it ("ACGME COMPLIANT: no hard rule broken" or "NOT COMPLIANT: ...").</summary>
    public static string Verdict(ComplianceReport report) => ReportText.Verdict(report);

    /// <summary>"1 violation", "3 violations": a count and its noun, pluralised with an s.</summary>
    public static string Plural(int count, string noun) => ReportText.Plural(count, noun);

    /// <summary>A count and its noun, with the plural given ("2 eligible people").</summary>
    public static string Plural(int count, string singular, string plural) => ReportText.Plural(count, singular, plural);

    /// <summary>
    /// The report's summary fields: compliant (no hard rule broken), verdict, violationCount, hardViolationCount,
    /// softViolationCount, soft (the soft rules' line) and the rules array.
    /// </summary>
    public static void WriteJsonSummary(Utf8JsonWriter w, ComplianceReport report)
    {
        var objective = report.Problem.Source.Objective;
        w.WriteBoolean("compliant", report.IsCompliant);
        w.WriteString("verdict", Verdict(report));
        w.WriteNumber("violationCount", report.Violations.Count);
        w.WriteNumber("hardViolationCount", report.HardCount);
        w.WriteNumber("softViolationCount", report.SoftCount);
        w.WriteString("soft", ReportText.SoftSummary(report));
        w.WriteStartArray("rules");
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            w.WriteStartObject();
            w.WriteString("rule", JsonName(rule));
            w.WriteBoolean("pass", report.Count(rule) == 0);
            w.WriteNumber("violations", report.Count(rule));
            if (objective.SoftWeight(rule) is { } weight)
            {
                w.WriteNumber("softWeight", weight);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The preference terms: requests (count, unmet, cost) and fairness (largest spread and cost per kind).</summary>
    public static void WriteJsonTerms(Utf8JsonWriter w, SoftTerms terms)
    {
        w.WriteStartObject("requests");
        w.WriteNumber("count", terms.Requests);
        w.WriteNumber("unmet", terms.UnmetRequests);
        w.WriteNumber("cost", terms.RequestCost);
        w.WriteEndObject();
        w.WriteStartArray("fairness");
        for (var kind = 0; kind < SoftTerms.FairnessNames.Count; kind++)
        {
            w.WriteStartObject();
            w.WriteString("kind", SoftTerms.FairnessNames[kind]);
            w.WriteNumber("largestSpread", terms.Spreads[kind]);
            w.WriteNumber("cost", terms.FairnessCosts[kind]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Every violation: rule, person or shift, local window, minutes, measured value, limit and sentence.</summary>
    public static void WriteJsonViolations(Utf8JsonWriter w, ComplianceReport report)
    {
        var p = report.Problem;
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
    }

    /// <summary>Writes one indented JSON object built by <paramref name="body"/> (which writes the properties) and a newline.</summary>
    public static void WriteJsonObject(TextWriter o, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The rule's name in JSON: camelCase of the enum name.</summary>
    public static string JsonName(RuleId rule) => CamelCase(rule.ToString());

    /// <summary>camelCase of a PascalCase name.</summary>
    public static string CamelCase(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Milliseconds with up to three decimals, invariant culture.</summary>
    public static string Milliseconds(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:0.###} ms");
}
