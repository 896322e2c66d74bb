using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats.Export;

namespace Scheduler.Formats;

/// <summary>The forms a schedule is exported in.</summary>
public enum ExportFormat
{
    /// <summary>A self-contained HTML page: people by local days, violations highlighted.</summary>
    Html,

    /// <summary>RFC 4180 CSV, one row per assignment.</summary>
    Csv,

    /// <summary>RFC 5545 iCalendar, one event per assignment.</summary>
    Ics,
}

/// <summary>
/// Exports a schedule in forms people use: an HTML page to read (violations outlined), a CSV spreadsheet, an
/// iCalendar to subscribe to. The same schedule gives the same bytes. Every format is described in the README's
/// <c>export</c> command.
/// </summary>
public static class ScheduleExport
{
    /// <summary>Every format's name as <see cref="TryParseFormat"/> reads it, in <see cref="ExportFormat"/> order.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["html", "csv", "ics"];

    /// <summary>The format a name spells (<c>html</c>, <c>csv</c>, <c>ics</c>; any case).</summary>
    public static bool TryParseFormat(string? name, out ExportFormat format)
    {
        for (var i = 0; i < FormatNames.Count; i++)
        {
            if (string.Equals(name, FormatNames[i], StringComparison.OrdinalIgnoreCase))
            {
                format = (ExportFormat)i;
                return true;
            }
        }

        format = default;
        return false;
    }

    /// <summary>
    /// Writes the export of <paramref name="schedule"/> to <paramref name="output"/>: everyone's assignments, or only
    /// those of the person <paramref name="personId"/> names. Returns the number of assignments written.
    /// </summary>
    /// <exception cref="ModelException"><paramref name="personId"/> names nobody in the problem (field <c>person</c>).</exception>
    public static int Write(CompiledSchedule schedule, ExportFormat format, TextWriter output, string? personId = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(output);
        var source = Source(schedule, personId);
        switch (format)
        {
            case ExportFormat.Html:
                HtmlExport.Write(source, ComplianceChecker.Check(schedule), output);
                break;
            case ExportFormat.Csv:
                CsvExport.Write(source, output);
                break;
            case ExportFormat.Ics:
                IcsExport.Write(source, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not an export format");
        }

        return source.Items.Count;
    }

    /// <summary>
    /// Writes the export to a file atomically (temporary file, then rename): nothing is left half-written. Returns
    /// the number of assignments written.
    /// </summary>
    /// <exception cref="ModelException"><paramref name="personId"/> names nobody in the problem; nothing is written.</exception>
    public static int Write(CompiledSchedule schedule, ExportFormat format, string path, string? personId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = new StringWriter();
        var count = Write(schedule, format, text, personId);
        AtomicFile.Write(path, text.ToString());
        return count;
    }

    /// <summary>
    /// Writes the HTML page of <paramref name="changed"/> with the changes of <paramref name="diff"/> (from a
    /// published schedule to it) marked, atomically: each changed person-day highlighted, added shifts outlined,
    /// removed ones struck through, and the churn in the summary.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="diff"/> is of another problem.</exception>
    public static void WriteDiff(ScheduleDiff diff, CompiledSchedule changed, string path)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!ReferenceEquals(diff.Problem, changed.Problem))
        {
            throw new ArgumentException("the difference is of another problem", nameof(diff));
        }

        var text = new StringWriter();
        HtmlExport.Write(new ExportSource(changed, null), ComplianceChecker.Check(changed), text, diff);
        AtomicFile.Write(path, text.ToString());
    }

    private static ExportSource Source(CompiledSchedule schedule, string? personId)
    {
        if (personId is null)
        {
            return new ExportSource(schedule, null);
        }

        if (!schedule.Problem.TryGetPerson(personId, out var person))
        {
            throw new ModelException("person", $"unknown person '{personId}'");
        }

        return new ExportSource(schedule, person);
    }
}
