using System.Globalization;
using System.Text;
using NodaTime;
using Scheduler.Core.Model;

namespace Scheduler.Formats.Export;

/// <summary>
/// The schedule as an RFC 5545 iCalendar: one VCALENDAR with a VTIMEZONE for the program's IANA zone and one
/// VEVENT per assignment, start and end as local times with the zone's TZID. Deterministic: the same schedule
/// gives the same bytes (DTSTAMP is the problem start in UTC, not the time of the export).
/// </summary>
/// <remarks>
/// The VTIMEZONE lists the offset in force at the problem start and every change between then and the last
/// event's end (found by scanning the zone's offsets), one STANDARD or DAYLIGHT component each, without
/// recurrence rules: it describes exactly the span the events use. A zone that is UTC throughout gets no
/// VTIMEZONE and its times are written in UTC. A local time that happens twice (the hour a fall-back change
/// repeats) means its first occurrence in iCalendar; an event boundary in the second occurrence is therefore
/// written in UTC instead. UIDs are <c>PERSON/SHIFT@PROBLEM.scheduler</c> with each id percent-encoded, so they
/// stay the same when a schedule is re-exported and a subscribed calendar updates its events in place. Text is
/// escaped (backslash, semicolon, comma, newline) and lines are folded at 75 octets without splitting a UTF-8
/// character or an escape.
/// </remarks>
internal static class IcsExport
{
    /// <summary>The PRODID of every calendar written.</summary>
    public const string ProductId = "-//Scheduler//Scheduler export//EN";

    /// <summary>Longest content line, in octets, before it is folded (CRLF not counted).</summary>
    public const int MaxLineOctets = 75;

    /// <summary>Writes the calendar of <paramref name="source"/>'s assignments.</summary>
    public static void Write(ExportSource source, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(o);
        var problem = source.Problem;
        var calendar = problem.Calendar;
        var zone = calendar.Zone;
        var tzid = problem.Source.TimeZone;
        var lastMinute = problem.DayStarts[problem.DayCount];
        foreach (var item in source.Items)
        {
            lastMinute = Math.Max(lastMinute, item.End);
        }

        var transitions = Transitions(zone, calendar.ToUtcInstant(0), calendar.ToUtcInstant(lastMinute));
        var utcOnly = zone.MinOffset == NodaTime.Offset.Zero && zone.MaxOffset == NodaTime.Offset.Zero;

        Line(o, "BEGIN:VCALENDAR");
        Line(o, "VERSION:2.0");
        Line(o, "PRODID:" + ProductId);
        Line(o, "CALSCALE:GREGORIAN");
        Line(o, "METHOD:PUBLISH");
        Line(o, "X-WR-CALNAME:" + Text(source.Title));
        if (!utcOnly)
        {
            Line(o, "X-WR-TIMEZONE:" + Text(tzid));
            WriteTimeZone(o, zone, tzid, calendar.ToUtcInstant(0), transitions);
        }

        var stamp = UtcStamp(calendar.ToUtcInstant(0));
        var uidDomain = Uri.EscapeDataString(problem.Source.Name) + ".scheduler";
        foreach (var item in source.Items)
        {
            var person = source.PersonOf(item.Person);
            var activity = source.ActivityOf(item.Shift);
            var shiftId = problem.ShiftId(item.Shift);
            var activityName = ExportSource.DisplayName(activity);
            var summary = source.Person is null ? $"{source.DisplayName(item.Person)}: {activityName}" : activityName;
            var description = new StringBuilder()
                .Append("Shift: ").Append(shiftId).Append('\n')
                .Append("Activity: ").Append(activityName).Append(" (").Append(activity.Id).Append(")\n")
                .Append("Person: ").Append(source.DisplayName(item.Person)).Append(" (").Append(person.Id).Append(")\n")
                .Append("Hours: ").Append(ExportSource.Hours(item.Minutes));
            var kinds = ExportSource.KindText(activity.Kinds);
            if (kinds.Length > 0)
            {
                description.Append('\n').Append("Flags: ").Append(kinds);
            }

            Line(o, "BEGIN:VEVENT");
            Line(o, "UID:" + Text($"{Uri.EscapeDataString(person.Id)}/{Uri.EscapeDataString(shiftId)}@{uidDomain}"));
            Line(o, "DTSTAMP:" + stamp);
            Line(o, DateProperty("DTSTART", item.Start, item.LocalStart, source, tzid, utcOnly));
            Line(o, DateProperty("DTEND", item.End, item.LocalEnd, source, tzid, utcOnly));
            Line(o, "SUMMARY:" + Text(summary));
            Line(o, "DESCRIPTION:" + Text(description.ToString()));
            Line(o, "CATEGORIES:" + Text(activityName));

            // Home call and other activities that are not duty leave the person free unless called in.
            Line(o, (activity.Kinds & ActivityKinds.Duty) != 0 ? "TRANSP:OPAQUE" : "TRANSP:TRANSPARENT");
            Line(o, "END:VEVENT");
        }

        Line(o, "END:VCALENDAR");
    }

    /// <summary>RFC 5545 TEXT escaping: backslash, semicolon and comma escaped, newlines as <c>\n</c>, other controls as spaces.</summary>
    public static string Text(string? value)
    {
        var b = new StringBuilder((value?.Length ?? 0) + 8);
        var s = value ?? "";
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '\\':
                    b.Append(@"\\");
                    break;
                case ';':
                    b.Append(@"\;");
                    break;
                case ',':
                    b.Append(@"\,");
                    break;
                case '\r':
                    if (i + 1 < s.Length && s[i + 1] == '\n')
                    {
                        break;
                    }

                    b.Append(@"\n");
                    break;
                case '\n':
                    b.Append(@"\n");
                    break;
                default:
                    b.Append(c != '\t' && char.IsControl(c) ? ' ' : c);
                    break;
            }
        }

        return b.ToString();
    }

    /// <summary>
    /// Writes one content line folded at <see cref="MaxLineOctets"/> octets (CRLF, then a space that counts toward
    /// the next line's 75), never inside a UTF-8 character or a backslash escape, and ends it with CRLF.
    /// </summary>
    public static void Line(TextWriter o, string line)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(line);
        var octets = 0;
        var i = 0;
        while (i < line.Length)
        {
            int chars;
            int size;
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] < 0x80)
            {
                (chars, size) = (2, 2);
            }
            else
            {
                Rune.DecodeFromUtf16(line.AsSpan(i), out var rune, out chars);
                size = rune.Utf8SequenceLength;
            }

            if (octets + size > MaxLineOctets)
            {
                o.Write("\r\n ");
                octets = 1;
            }

            o.Write(line.AsSpan(i, chars));
            octets += size;
            i += chars;
        }

        o.Write("\r\n");
    }

    /// <summary>
    /// Every change of the zone's UTC offset in (<paramref name="fromUtc"/>, <paramref name="toUtc"/>]: the first
    /// UTC instant of the new offset, the offset before, the offset after, and whether the new offset is daylight
    /// saving time. Read from the zone's intervals in the bundled time zone database.
    /// </summary>
    private static List<(DateTime Utc, TimeSpan From, TimeSpan To, bool Daylight)> Transitions(DateTimeZone zone, DateTime fromUtc, DateTime toUtc)
    {
        var found = new List<(DateTime, TimeSpan, TimeSpan, bool)>();
        var from = Instant.FromDateTimeUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc));
        var to = Instant.FromDateTimeUtc(DateTime.SpecifyKind(toUtc, DateTimeKind.Utc));
        var offset = zone.GetUtcOffset(from);
        foreach (var interval in zone.GetZoneIntervals(from, to + Duration.Epsilon))
        {
            // Intervals also change where only the zone's abbreviation does: those are not transitions here.
            if (interval.HasStart && interval.Start > from && interval.WallOffset != offset)
            {
                found.Add((interval.Start.ToDateTimeUtc(), offset.ToTimeSpan(), interval.WallOffset.ToTimeSpan(), interval.Savings != NodaTime.Offset.Zero));
                offset = interval.WallOffset;
            }
        }

        return found;
    }

    private static void WriteTimeZone(TextWriter o, DateTimeZone zone, string tzid, DateTime startUtc, List<(DateTime Utc, TimeSpan From, TimeSpan To, bool Daylight)> transitions)
    {
        Line(o, "BEGIN:VTIMEZONE");
        Line(o, "TZID:" + Text(tzid));

        // The offset in force at the problem start, then each change: DTSTART is the local time before the change.
        var initial = zone.GetZoneInterval(Instant.FromDateTimeUtc(startUtc));
        var offset = initial.WallOffset.ToTimeSpan();
        Observance(o, initial.Savings != NodaTime.Offset.Zero, startUtc + offset, offset, offset);
        foreach (var (utc, from, to, daylight) in transitions)
        {
            Observance(o, daylight, utc + from, from, to);
        }

        Line(o, "END:VTIMEZONE");
    }

    private static void Observance(TextWriter o, bool daylight, DateTime localStart, TimeSpan from, TimeSpan to)
    {
        var kind = daylight ? "DAYLIGHT" : "STANDARD";
        Line(o, "BEGIN:" + kind);
        Line(o, "DTSTART:" + localStart.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
        Line(o, "TZOFFSETFROM:" + Offset(from));
        Line(o, "TZOFFSETTO:" + Offset(to));
        Line(o, "END:" + kind);
    }

    private static string DateProperty(string name, int minute, DateTime local, ExportSource source, string tzid, bool utcOnly)
    {
        var calendar = source.Problem.Calendar;
        if (utcOnly || calendar.ToMinutes(local) != minute)
        {
            // UTC zone, or the second occurrence of a repeated local hour: iCalendar would read the local time as the first.
            return $"{name}:{UtcStamp(calendar.ToUtcInstant(minute))}";
        }

        return $"{name};TZID={Parameter(tzid)}:{local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}";
    }

    private static string UtcStamp(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    // A TZID parameter value is quoted when it holds ':', ';' or ',' (IANA ids do not; a double quote cannot be kept).
    private static string Parameter(string value) =>
        value.AsSpan().IndexOfAny(":;,") >= 0 ? "\"" + value.Replace("\"", "", StringComparison.Ordinal) + "\"" : value;

    private static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        var text = string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)abs.TotalHours:00}{abs.Minutes:00}");
        return abs.Seconds != 0 ? string.Create(CultureInfo.InvariantCulture, $"{text}{abs.Seconds:00}") : text;
    }
}
