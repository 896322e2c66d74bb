using System.Globalization;
using System.Text;
using Scheduler.Core.Checking;
using Scheduler.Core.Model;

namespace Scheduler.Formats.Export;

/// <summary>
/// The schedule as one self-contained HTML page (inline CSS, no script, nothing fetched): a summary (problem,
/// dates, people, assignments, verdict, violations per rule), a legend of activity colours, and a grid of people
/// (residents by PGY year, then faculty) by local days, each cell listing the shifts that start that day.
/// </summary>
/// <remarks>
/// Violations come from <see cref="ComplianceChecker"/> and read as <see cref="ComplianceReport.Describe"/> says
/// them. A per-person violation outlines in red every cell of that person whose day overlaps its window, with
/// the sentence as the cell's tooltip, and counts in a warning badge by the person's name; shift violations
/// (coverage, supervision) are listed under the day their shift starts in the grid's footer. With one person
/// shown, the footer keeps only the shifts that person works, and the rule table adds that person's counts.
/// Every string from the files (ids, names) is HTML-escaped. Activity colours come from the activity's index in
/// the problem (golden-angle hues), so an activity keeps its colour from one export to the next.
/// </remarks>
internal static class HtmlExport
{
    private const string Style = """
        body{font:13px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px;color:#222}
        h1{font-size:20px;margin:0 0 8px}
        h2{font-size:15px;margin:16px 0 6px}
        table{border-collapse:collapse}
        .summary th,.summary td,.rules th,.rules td{padding:2px 12px 2px 0;text-align:left;vertical-align:top}
        .rules td.n{text-align:right}
        .pass{color:#107010}
        .fail{color:#c00000;font-weight:600}
        .soft{color:#666}
        .legend .s{display:inline-block;margin:0 6px 4px 0}
        .scroll{overflow:auto;max-height:85vh;border:1px solid #bbb}
        .grid th,.grid td{border:1px solid #d0d0d0;padding:2px;vertical-align:top;min-width:86px}
        .grid thead th{position:sticky;top:0;background:#f3f3f3;z-index:2;font-weight:600;text-align:center}
        .grid .who{position:sticky;left:0;background:#fff;text-align:left;min-width:160px;z-index:1}
        .grid thead th.who{z-index:3;background:#f3f3f3}
        .grid .we{background:#eceff6}
        .grid thead th.we{background:#e0e5f0}
        .grid tr.group th{background:#e4e4e4;text-align:left;font-weight:600}
        .grid small{color:#666}
        .grid td.v{outline:2px solid #d00000;outline-offset:-2px}
        .warn{color:#c00000;font-weight:600;cursor:help}
        .s{display:block;margin:1px 0;padding:1px 4px;border-left:4px solid #888;border-radius:2px;white-space:nowrap;font-size:11px}
        .issue{font-size:11px;color:#900;margin:1px 0;min-width:160px}
        .grid td.chg{background:#fff3c4}
        .s.add{outline:2px solid #107010;outline-offset:-1px}
        .s.del{text-decoration:line-through;opacity:.55}
        @media print{.scroll{overflow:visible;max-height:none;border:0}.grid thead th,.grid .who{position:static}}
        """;

    /// <summary>
    /// Writes the page for <paramref name="source"/>, with the violations of <paramref name="report"/>; with
    /// <paramref name="diff"/> (from a published schedule to <paramref name="source"/>'s), each changed person-day
    /// is marked, its added shifts outlined and its removed shifts shown struck through.
    /// </summary>
    public static void Write(ExportSource source, ComplianceReport report, TextWriter o, ScheduleDiff? diff = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(o);
        var problem = source.Problem;
        var days = problem.HorizonDays;
        var history = problem.HistoryDays;

        // Shifts by (person, day); shifts worked by the people shown.
        var cells = new Dictionary<(int Person, int Day), List<ExportItem>>();
        var shownShifts = new HashSet<int>();
        foreach (var item in source.Items)
        {
            var key = (item.Person, problem.ShiftDay[item.Shift] - history);
            if (!cells.TryGetValue(key, out var list))
            {
                cells[key] = list = [];
            }

            list.Add(item);
            shownShifts.Add(item.Shift);
        }

        // Violations: per person by (person, day) of their window, per shift by its start day.
        var shown = new bool[problem.PersonCount];
        foreach (var p in source.People)
        {
            shown[p] = true;
        }

        var cellNotes = new Dictionary<(int Person, int Day), List<string>>();
        var personNotes = new Dictionary<int, List<string>>();
        var dayNotes = new List<string>?[days];
        var shownCounts = new int[Violation.RuleCount];
        foreach (var v in report.Violations)
        {
            if (v.Person >= 0)
            {
                if (!shown[v.Person])
                {
                    continue;
                }

                var text = report.Describe(v);
                shownCounts[(int)v.Rule]++;
                Add(personNotes, v.Person, text);
                var (first, last) = DaysOf(problem, v.From, v.To);
                for (var d = first; d <= last; d++)
                {
                    Add(cellNotes, (v.Person, d), text);
                }
            }
            else if (v.Shift >= 0 && (source.Person is null || shownShifts.Contains(v.Shift)))
            {
                shownCounts[(int)v.Rule]++;
                var day = Math.Clamp(problem.ShiftDay[v.Shift] - history, 0, days - 1);
                (dayNotes[day] ??= []).Add(report.Describe(v));
            }
        }

        o.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        o.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        o.Write($"<title>{E(source.Title)}: schedule</title>\n<style>\n{Style}\n");
        var activities = source.Items.Select(i => problem.ShiftActivity[i.Shift]).Distinct().Order().ToList();
        foreach (var a in activities)
        {
            var hue = (a * 137.508 % 360).ToString("0.#", CultureInfo.InvariantCulture);
            o.Write($".a{a}{{background:hsl({hue},70%,89%);border-left-color:hsl({hue},60%,38%)}}\n");
        }

        o.Write("</style>\n</head>\n<body>\n");
        WriteSummary(o, source, report, shownCounts, diff);
        WriteLegend(o, source, activities);
        var changes = diff?.Changes.ToDictionary(c => (c.Person, c.Day));
        WriteGrid(o, source, cells, cellNotes, personNotes, dayNotes, changes);
        o.Write("</body>\n</html>\n");
    }

    /// <summary>Escaping for text and double-quoted attribute values.</summary>
    public static string E(string? value) => Escape(value);

    /// <summary>
    /// XML escaping for text and double-quoted attribute values (&amp;, &lt;, &gt;, &quot;, &#39;); characters XML 1.0
    /// does not allow (most control characters, lone surrogates) become U+FFFD. Also valid HTML.
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var b = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                b.Append(c).Append(value[++i]);
                continue;
            }

            b.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => c.ToString(),
                _ when c < ' ' || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ => c.ToString(),
            });
        }

        return b.ToString();
    }

    private static void WriteSummary(TextWriter o, ExportSource source, ComplianceReport report, int[] shownCounts, ScheduleDiff? diff)
    {
        var problem = source.Problem;
        var p = problem.Source;
        var ic = CultureInfo.InvariantCulture;
        var residents = p.People.Where(x => x.Role == Role.Resident).ToList();
        var byPgy = string.Join(", ", residents.GroupBy(x => x.Pgy).OrderBy(g => g.Key).Select(g => string.Create(ic, $"PGY-{g.Key}: {g.Count()}")));
        var last = p.StartDate.AddDays(problem.HorizonDays - 1);

        o.Write($"<h1>{E(source.Title)}</h1>\n<table class=\"summary\">\n");
        o.Write($"<tr><th>Problem</th><td>{E(p.Name)}</td></tr>\n");
        o.Write(string.Create(ic, $"<tr><th>Dates</th><td>{p.StartDate:ddd yyyy-MM-dd} to {last:ddd yyyy-MM-dd}: {ReportText.Plural(problem.HorizonDays, "day")} ({E(p.TimeZone)})</td></tr>\n"));
        o.Write(string.Create(ic, $"<tr><th>People</th><td>{ReportText.Plural(residents.Count, "resident")}{(byPgy.Length > 0 ? $" ({byPgy})" : "")}, {p.People.Count - residents.Count} faculty</td></tr>\n"));
        o.Write(string.Create(ic, $"<tr><th>Assignments</th><td>{source.Schedule.AssignmentCount}</td></tr>\n"));
        if (source.Person is { } only)
        {
            o.Write(string.Create(ic, $"<tr><th>Shown</th><td>{E(source.DisplayName(only))} ({E(problem.PersonId(only))}): {ReportText.Plural(source.Items.Count, "assignment")}</td></tr>\n"));
        }

        o.Write($"<tr><th>Verdict</th><td class=\"{(report.IsCompliant ? "pass" : "fail")}\">{E(ReportText.Verdict(report))}</td></tr>\n");
        o.Write($"<tr><th>Soft rules</th><td>{E(ReportText.SoftSummary(report))}</td></tr>\n");
        if (diff is not null)
        {
            o.Write(string.Create(ic,
                $"<tr><th>Changes</th><td>{ReportText.Plural(diff.Changes.Count, "person-day")} of {diff.WorkedDays} changed from the published schedule (churn {diff.Churn:P1}): {diff.RemovedCount} removed (struck through), {diff.AddedCount} added (outlined)</td></tr>\n"));
        }

        o.Write("</table>\n");

        o.Write("<h2>Rules</h2>\n<table class=\"rules\">\n<tr><th>Rule</th><th>Result</th><th>Violations</th>");
        if (source.Person is { } person)
        {
            o.Write($"<th>{E(source.DisplayName(person))}</th>");
        }

        o.Write("<th></th></tr>\n");
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            var count = report.Count(rule);
            var soft = p.Objective.SoftWeight(rule) is { } weight ? string.Create(ic, $"soft, weight {weight}") : "";
            o.Write(string.Create(ic, $"<tr><td>{E(ViolationText.RuleName(rule))}</td><td class=\"{(count == 0 ? "pass\">pass" : "fail\">FAIL")}</td><td class=\"n\">{count}</td>"));
            if (source.Person is not null)
            {
                o.Write(string.Create(ic, $"<td class=\"n\">{shownCounts[(int)rule]}</td>"));
            }

            o.Write($"<td class=\"soft\">{soft}</td></tr>\n");
        }

        o.Write("</table>\n");
    }

    private static void WriteLegend(TextWriter o, ExportSource source, List<int> activities)
    {
        if (activities.Count == 0)
        {
            o.Write("<p>No assignments.</p>\n");
            return;
        }

        o.Write("<h2>Activities</h2>\n<p class=\"legend\">");
        foreach (var a in activities)
        {
            var activity = source.Problem.Source.Activities[a];
            var kinds = ExportSource.KindText(activity.Kinds);
            o.Write($"<span class=\"s a{a.ToString(CultureInfo.InvariantCulture)}\" title=\"{E(activity.Id)}{(kinds.Length > 0 ? ": " + kinds : "")}\">{E(ExportSource.DisplayName(activity))}</span>");
        }

        o.Write("</p>\n");
    }

    private static void WriteGrid(
        TextWriter o,
        ExportSource source,
        Dictionary<(int Person, int Day), List<ExportItem>> cells,
        Dictionary<(int Person, int Day), List<string>> cellNotes,
        Dictionary<int, List<string>> personNotes,
        List<string>?[] dayNotes,
        Dictionary<(int Person, int Day), DayChange>? changes)
    {
        var problem = source.Problem;
        var ic = CultureInfo.InvariantCulture;
        var days = problem.HorizonDays;
        var start = problem.Source.StartDate;
        var weekend = new bool[days];
        o.Write("<h2>Schedule</h2>\n<div class=\"scroll\">\n<table class=\"grid\">\n<thead>\n<tr><th class=\"who\">Person</th>");
        for (var d = 0; d < days; d++)
        {
            var date = start.AddDays(d);
            weekend[d] = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            o.Write(string.Create(ic, $"<th{(weekend[d] ? " class=\"we\"" : "")} title=\"{date:dddd yyyy-MM-dd}\">{date:ddd}<br>{date:MMM d}</th>"));
        }

        o.Write("</tr>\n</thead>\n<tbody>\n");
        var groups = source.People
            .GroupBy(p => problem.Roles[p] == Role.Faculty ? int.MaxValue : problem.Pgy[p])
            .OrderBy(g => g.Key);
        foreach (var group in groups)
        {
            var label = group.Key == int.MaxValue ? "Faculty" : string.Create(ic, $"PGY-{group.Key} residents");
            o.Write(string.Create(ic, $"<tr class=\"group\"><th colspan=\"{days + 1}\">{label} ({group.Count()})</th></tr>\n"));
            foreach (var p in group)
            {
                o.Write($"<tr><th class=\"who\">{E(source.DisplayName(p))}<br><small>{E(problem.PersonId(p))}</small>");
                if (personNotes.TryGetValue(p, out var notes))
                {
                    o.Write(string.Create(ic, $" <span class=\"warn\" title=\"{Joined(notes)}\">&#9888; {notes.Count}</span>"));
                }

                o.Write("</th>");
                for (var d = 0; d < days; d++)
                {
                    var change = changes?.GetValueOrDefault((p, d));
                    var classes = (weekend[d] ? "we " : "") + (cellNotes.ContainsKey((p, d)) ? "v " : "") + (change is not null ? "chg" : "");
                    var title = cellNotes.TryGetValue((p, d), out var cellText) ? Joined(cellText) : null;
                    o.Write("<td");
                    if (classes.Length > 0)
                    {
                        o.Write($" class=\"{classes.TrimEnd()}\"");
                    }

                    if (title is not null)
                    {
                        o.Write($" title=\"{title}\"");
                    }

                    o.Write('>');
                    if (cells.TryGetValue((p, d), out var items))
                    {
                        foreach (var item in items)
                        {
                            WriteShift(o, source, item, title, change is not null && change.Added.Contains(item.Shift) ? "add" : null);
                        }
                    }

                    foreach (var removed in change?.Removed ?? [])
                    {
                        var calendar = problem.Calendar;
                        var (from, to) = (problem.ShiftStart[removed], problem.ShiftEnd[removed]);
                        WriteShift(o, source, new ExportItem(p, removed, from, to, calendar.ToLocal(from), calendar.ToLocal(to)), "removed", "del");
                    }

                    o.Write("</td>");
                }

                o.Write("</tr>\n");
            }
        }

        o.Write("</tbody>\n");
        if (dayNotes.Any(n => n is not null))
        {
            o.Write("<tfoot>\n<tr><th class=\"who\">Shift issues<br><small>coverage, supervision</small></th>");
            for (var d = 0; d < days; d++)
            {
                o.Write(weekend[d] ? "<td class=\"we\">" : "<td>");
                foreach (var note in dayNotes[d] ?? [])
                {
                    o.Write($"<div class=\"issue\">{E(note)}</div>");
                }

                o.Write("</td>");
            }

            o.Write("</tr>\n</tfoot>\n");
        }

        o.Write("</table>\n</div>\n");
    }

    // "Clinic 08:00–12:00", "+1" when it ends on a later local date; the tooltip names the shift (and the cell's violations).
    private static void WriteShift(TextWriter o, ExportSource source, ExportItem item, string? violations, string? mark = null)
    {
        var activity = source.ActivityOf(item.Shift);
        var index = source.Problem.ShiftActivity[item.Shift];
        var later = (item.LocalEnd.Date - item.LocalStart.Date).Days;
        var label = string.Create(CultureInfo.InvariantCulture,
            $"{ExportSource.DisplayName(activity)} {ExportSource.Time(item.LocalStart)}\u2013{ExportSource.Time(item.LocalEnd)}{(later > 0 ? $"+{later}" : "")}");
        var title = E(source.Problem.ShiftId(item.Shift)) + string.Create(CultureInfo.InvariantCulture, $" ({ExportSource.Hours(item.Minutes)} h)")
            + (violations is null ? "" : "&#10;" + violations);
        o.Write(string.Create(CultureInfo.InvariantCulture, $"<span class=\"s a{index}{(mark is null ? "" : " " + mark)}\" title=\"{title}\">{E(label)}</span>"));
    }

    // Escaped sentences, one per tooltip line.
    private static string Joined(List<string> notes) => string.Join("&#10;", notes.Select(E));

    // Horizon days (0-based) whose local day overlaps [from, to) (a point when from == to); empty (first > last) when none.
    private static (int First, int Last) DaysOf(Core.Compiled.CompiledProblem problem, int from, int to)
    {
        var history = problem.HistoryDays;
        var starts = problem.DayStarts;
        var end = Math.Max(to, from + 1);
        if (end <= starts[history] || from >= starts[problem.DayCount])
        {
            return (0, -1);
        }

        var first = Math.Max(problem.DayOf(from), history) - history;
        var last = problem.DayOf(end - 1) - history;
        return (first, Math.Min(last, problem.HorizonDays - 1));
    }

    private static void Add<TKey>(Dictionary<TKey, List<string>> notes, TKey key, string text)
        where TKey : notnull
    {
        if (!notes.TryGetValue(key, out var list))
        {
            notes[key] = list = [];
        }

        list.Add(text);
    }
}
