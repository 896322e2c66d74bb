using System.Globalization;
using System.Text;
using Scheduler.Core.Model;

namespace Scheduler.Formats.Export;

/// <summary>
/// The schedule as RFC 4180 CSV: a header row, then one row per assignment ordered by person (file order) then
/// start, CRLF line ends, UTF-8 without a byte-order mark. Local dates and times are in the program's zone;
/// hours are elapsed (a night across a daylight-saving change is an hour shorter or longer).
/// </summary>
/// <remarks>
/// Fields holding a comma, a double quote, CR or LF are quoted, with quotes doubled. A field starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading single quote, so a spreadsheet does not
/// run a name from the problem file as a formula (CSV injection).
/// </remarks>
internal static class CsvExport
{
    /// <summary>The header row's column names.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "person_id", "person_name", "role", "pgy", "shift_id", "activity_id", "activity_name",
        "start_date", "start_time", "end_date", "end_time", "hours", "flags",
    ];

    /// <summary>Writes the header and every assignment of <paramref name="source"/>.</summary>
    public static void Write(ExportSource source, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(o);
        WriteRow(o, Columns);
        var row = new string[Columns.Count];
        foreach (var item in source.Items)
        {
            var person = source.PersonOf(item.Person);
            var activity = source.ActivityOf(item.Shift);
            row[0] = person.Id;
            row[1] = person.Name;
            row[2] = ExportSource.RoleName(person.Role);
            row[3] = person.Role == Role.Resident ? person.Pgy.ToString(CultureInfo.InvariantCulture) : "";
            row[4] = source.Problem.ShiftId(item.Shift);
            row[5] = activity.Id;
            row[6] = activity.Name;
            row[7] = ExportSource.Date(item.LocalStart);
            row[8] = ExportSource.Time(item.LocalStart);
            row[9] = ExportSource.Date(item.LocalEnd);
            row[10] = ExportSource.Time(item.LocalEnd);
            row[11] = ExportSource.Hours(item.Minutes);
            row[12] = ExportSource.KindFileNames(activity.Kinds);
            WriteRow(o, row);
        }
    }

    /// <summary>One field as written: injection-guarded, then quoted when it must be.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2);
        quoted.Append('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                quoted.Append('"');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    private static void WriteRow(TextWriter o, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                o.Write(',');
            }

            o.Write(Field(fields[i]));
        }

        o.Write("\r\n");
    }
}
