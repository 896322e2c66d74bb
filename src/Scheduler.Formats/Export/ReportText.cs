using System.Globalization;
using Scheduler.Core.Checking;

namespace Scheduler.Formats.Export;

/// <summary>The report's verdict and counts in words, the same in the HTML export and the command line's report.</summary>
internal static class ReportText
{
    /// <summary>
    /// The hard rules' side: "ACGME COMPLIANT: no hard rule broken", or "NOT COMPLIANT: N violations of M hard
    /// rules". Soft rules do not count here (<see cref="SoftSummary"/>).
    /// </summary>
    public static string Verdict(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.IsCompliant)
        {
            return "ACGME COMPLIANT: no hard rule broken";
        }

        var broken = Enum.GetValues<RuleId>().Count(r => report.Violations.Any(v => v.Rule == r && !report.IsSoft(v)));
        return $"NOT COMPLIANT: {Plural(report.HardCount, "violation")} of {Plural(broken, "hard rule")}";
    }

    /// <summary>
    /// The soft rules' side: "no soft rule broken", or per soft rule its violations, coverage as shifts short and
    /// over with the people missing or extra ("coverage: 3 shifts short by 4 people").
    /// </summary>
    public static string SoftSummary(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.SoftCount == 0)
        {
            return "no soft rule broken";
        }

        var parts = new List<string>();
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            var soft = report.Violations.Where(v => v.Rule == rule && report.IsSoft(v)).ToList();
            if (soft.Count == 0)
            {
                continue;
            }

            if (rule == RuleId.Coverage)
            {
                var under = soft.Where(v => v.Measured < v.Limit).ToList();
                var over = soft.Where(v => v.Measured > v.Limit).ToList();
                var sides = new List<string>();
                if (under.Count > 0)
                {
                    sides.Add($"{Plural(under.Count, "shift")} short by {Plural(under.Sum(v => v.Limit - v.Measured), "person", "people")}");
                }

                if (over.Count > 0)
                {
                    sides.Add($"{Plural(over.Count, "shift")} over by {Plural(over.Sum(v => v.Measured - v.Limit), "person", "people")}");
                }

                parts.Add($"coverage: {string.Join(", ", sides)}");
            }
            else
            {
                parts.Add($"{ViolationText.RuleName(rule)}: {Plural(soft.Count, "violation")}");
            }
        }

        return string.Join("; ", parts);
    }

    /// <summary>"1 violation", "3 violations": a count and its noun, pluralised with an s.</summary>
    public static string Plural(int count, string noun) => Plural(count, noun, noun + "s");

    /// <summary>A count and its noun, singular for 1 and the given plural otherwise ("2 people").</summary>
    public static string Plural(int count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural)}");
}
