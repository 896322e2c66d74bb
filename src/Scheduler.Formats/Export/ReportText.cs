using System.Globalization;
using Scheduler.Core.Checking;

namespace Scheduler.Formats.Export;

/// <summary>The report's verdict and counts in words, the same in the HTML export and the command line's report.</summary>
internal static class ReportText
{
    /// <summary>"COMPLIANT", or "NOT COMPLIANT: N violations of M rules" (noting when every broken rule is soft).</summary>
    public static string Verdict(ComplianceReport report)
    {
        if (report.IsCompliant)
        {
            return "COMPLIANT";
        }

        var broken = Enum.GetValues<RuleId>().Count(r => report.Count(r) > 0);
        return $"NOT COMPLIANT: {Plural(report.Violations.Count, "violation")} of {Plural(broken, "rule")}"
            + (report.HardCount == 0 ? " (all of soft rules, which the problem's objective lets the solver break at a cost)" : "");
    }

    /// <summary>"1 violation", "3 violations": a count and its noun, pluralised with an s.</summary>
    public static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
