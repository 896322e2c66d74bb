using System.Text;
using FsCheck.Xunit;
using Scheduler.Formats.Export;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Time;
using Scheduler.Formats;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

/// <summary>
/// `scheduler export` in HTML, CSV and iCalendar, on a three-day program in America/New_York built around a
/// daylight-saving change, with names that need quoting, escaping and guarding.
/// </summary>
public sealed class ExportTests : IDisposable
{
    private const string Zone = "America/New_York";
    private const string CommaName = "Ana \"Hammer\" Pérez, MD";
    private const string FormulaName = "=HYPERLINK(\"http://evil.example\",\"x\")";
    private const string ScriptName = "<script>alert('x')</script>";
    private const string NightName = "Night float; ICU, east – Überwachung";

    private static readonly DateOnly Spring = new(2026, 3, 7);  // clocks spring forward Sunday 2026-03-08 02:00
    private static readonly DateOnly Fall = new(2026, 10, 31);  // clocks fall back Sunday 2026-11-01 02:00

    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>
    /// Three local days from <paramref name="start"/> (a Saturday): r1 works a night across the change, r2 and f1 a
    /// ward day, r3 a 30 h duty (a continuous-duty violation), a clinic nobody works (a coverage violation), and
    /// in the fall f1 a late shift that ends in the repeated hour's second occurrence.
    /// </summary>
    private (string Problem, string Schedule) Write(DateOnly start)
    {
        var calendar = ProgramCalendar.Create(Zone, start);
        int At(int day, int hour, int minute = 0) => calendar.ToMinutes(start.AddDays(day), new TimeOnly(hour, minute));
        var anyone = new Requirement(0, 5, Eligibility.Anyone, Supervised: false);
        var shifts = new List<Shift>
        {
            new("n0", "night", At(0, 19), At(1, 7), anyone),
            new("w1", "ward", At(1, 8), At(1, 17), anyone),
            new("long", "ward", At(1, 6), At(1, 6) + 30 * 60, anyone),
            new("c2", "clinic", At(2, 8), At(2, 12), new Requirement(2, 4, Eligibility.Anyone, Supervised: false)),
        };
        var assignments = new List<Assignment> { new("r1", "n0"), new("r2", "w1"), new("f1", "w1"), new("r3", "long") };
        if (start == Fall)
        {
            // 01:30 happens twice on 2026-11-01: ToMinutes gives the first (EDT), an hour later is the second (EST).
            shifts.Add(new Shift("late", "ward", At(0, 20), At(1, 1, 30) + 60, anyone));
            assignments.Add(new Assignment("f1", "late"));
        }

        var problem = new Problem
        {
            Name = "dst-test",
            TimeZone = Zone,
            StartDate = start,
            HorizonDays = 3,
            People =
            [
                new Person("r1", CommaName, Role.Resident, 1, []),
                new Person("r2", FormulaName, Role.Resident, 2, []),
                new Person("r3", ScriptName, Role.Resident, 3, []),
                new Person("f1", "Dr. Chen", Role.Faculty, 0, []),
            ],
            Activities =
            [
                new Activity("night", NightName, ActivityKinds.Duty | ActivityKinds.Night),
                new Activity("ward", "Ward", ActivityKinds.Duty),
                new Activity("clinic", "Clinic", ActivityKinds.Duty | ActivityKinds.Clinic),
            ],
            Shifts = shifts,
        };
        var tag = start.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture);
        var problemPath = PathOf($"dst-{tag}.json");
        var schedulePath = PathOf($"dst-{tag}.schedule.msgpack");
        ProblemFile.Write(problem, problemPath);
        ScheduleFile.Write(new Schedule(problem.Name, assignments), schedulePath);
        return (problemPath, schedulePath);
    }

    private (int Code, string Out, string Err) Export(DateOnly start, string format, params string[] extra)
    {
        var (problem, schedule) = Write(start);
        return Run(["export", problem, "--schedule", schedule, "--format", format, .. extra]);
    }

    // ---- CSV ----

    [Fact]
    public void Csv_RowPerAssignment_LocalTimesAndElapsedHoursAcrossTheChange()
    {
        var (code, output, err) = Export(Spring, "csv");
        Assert.True(code == 0, err);
        var rows = ParseCsv(output);
        Assert.Equal(CsvExport.Columns.ToList(), rows[0]);
        Assert.Equal(1 + 4, rows.Count);

        // Ordered by person (file order), then start.
        Assert.Equal(new[] { "r1", "r2", "r3", "f1" }, rows.Skip(1).Select(r => r[0]));

        // The night 19:00 Saturday to 07:00 Sunday lasts 11 h: the spring-forward hour does not exist.
        var night = Column(rows, rows.Single(r => r[4] == "n0"));
        Assert.Equal("2026-03-07", night["start_date"]);
        Assert.Equal("19:00", night["start_time"]);
        Assert.Equal("2026-03-08", night["end_date"]);
        Assert.Equal("07:00", night["end_time"]);
        Assert.Equal("11", night["hours"]);
        Assert.Equal("duty night", night["flags"]);
        Assert.Equal("resident", night["role"]);
        Assert.Equal("1", night["pgy"]);
        Assert.Equal(NightName, night["activity_name"]);

        var faculty = Column(rows, rows.Single(r => r[0] == "f1"));
        Assert.Equal("faculty", faculty["role"]);
        Assert.Equal("", faculty["pgy"]);
        Assert.Equal("30", Column(rows, rows.Single(r => r[4] == "long"))["hours"]);
    }

    [Fact]
    public void Csv_FallBack_NightIsThirteenHours()
    {
        var (code, output, err) = Export(Fall, "csv");
        Assert.True(code == 0, err);
        var rows = ParseCsv(output);
        var night = Column(rows, rows.Single(r => r[4] == "n0"));
        Assert.Equal(("19:00", "07:00", "13"), (night["start_time"], night["end_time"], night["hours"]));
    }

    [Fact]
    public void Csv_NamesWithCommaQuoteAndFormula_RoundTripQuotedAndGuarded()
    {
        var (_, output, _) = Export(Spring, "csv");
        Assert.Contains("\"Ana \"\"Hammer\"\" Pérez, MD\"", output, StringComparison.Ordinal);
        var rows = ParseCsv(output);
        Assert.Equal(CommaName, rows.Single(r => r[0] == "r1")[1]);

        // A formula is neutralised with a leading single quote (and still quoted, for its commas and quotes).
        Assert.Equal("'" + FormulaName, rows.Single(r => r[0] == "r2")[1]);
        Assert.Equal(ScriptName, rows.Single(r => r[0] == "r3")[1]);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    public void CsvField_QuotesAndGuards(string value, string expected) => Assert.Equal(expected, CsvExport.Field(value));

    [Property(MaxTest = 200)]
    public void CsvField_AnyText_ParsesBackToItselfBehindTheGuard(int seed)
    {
        var value = Tricky(seed);
        var parsed = ParseCsv(CsvExport.Field(value) + "," + CsvExport.Field(value) + "\r\n");
        var guarded = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        Assert.Equal(new[] { guarded, guarded }, Assert.Single(parsed));
    }

    // ---- iCalendar ----

    [Fact]
    public void Ics_EveryLineAtMost75OctetsWithCrlf()
    {
        var (code, output, err) = Export(Spring, "ics");
        Assert.True(code == 0, err);
        AssertFolded(output);
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", output, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", output, StringComparison.Ordinal);
        var lines = Unfold(output);
        Assert.Contains("CALSCALE:GREGORIAN", lines);
        Assert.Contains("X-WR-CALNAME:dst-test", lines);
        Assert.Equal(4, lines.Count(l => l == "BEGIN:VEVENT"));

        // Long lines (names with multi-byte characters) were folded, and unfold to the whole text.
        Assert.Contains(output.Split("\r\n"), l => l.StartsWith(' '));
        Assert.Contains(@"SUMMARY:Ana ""Hammer"" Pérez\, MD: Night float\; ICU\, east – Überwachung", lines);
    }

    [Theory]
    [InlineData(2026, 3, 7, "20260308T070000", "-0500", "-0400")]
    [InlineData(2026, 10, 31, "20261101T070000", "-0400", "-0500")]
    public void Ics_NightAcrossTheChange_LocalTimesWithTzidOfAVTimezoneWithBothOffsets(int year, int month, int day, string end, string before, string after)
    {
        var start = new DateOnly(year, month, day);
        var (code, output, err) = Export(start, "ics", "--person", "r1");
        Assert.True(code == 0, err);
        var lines = Unfold(output);
        var night = Event(lines, "r1/n0@");
        Assert.Contains($"DTSTART;TZID={Zone}:{year:0000}{month:00}{day:00}T190000", night);
        Assert.Contains($"DTEND;TZID={Zone}:{end}", night);

        // The TZID names the one VTIMEZONE, which holds both offsets and the change between them.
        var zone = Block(lines, "VTIMEZONE");
        Assert.Contains($"TZID:{Zone}", zone);
        Assert.Contains($"TZOFFSETFROM:{before}", zone);
        Assert.Contains($"TZOFFSETTO:{after}", zone);
        var change = zone.IndexOf($"TZOFFSETTO:{after}");
        Assert.Equal($"TZOFFSETFROM:{before}", zone[change - 1]);
        Assert.Equal($"DTSTART:{year:0000}{(month == 3 ? "0308" : "1101")}T020000", zone[change - 2]);
        Assert.Equal(month == 3 ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD", zone[change - 3]);
        Assert.Single(lines, l => l == "BEGIN:VTIMEZONE");
    }

    [Fact]
    public void Ics_EndInTheRepeatedHoursSecondOccurrence_IsWrittenInUtc()
    {
        var (code, output, err) = Export(Fall, "ics", "--person", "f1");
        Assert.True(code == 0, err);
        var late = Event(Unfold(output), "f1/late@");
        Assert.Contains($"DTSTART;TZID={Zone}:20261031T200000", late);
        Assert.Contains("DTEND:20261101T063000Z", late);  // 01:30 EST, not 01:30 EDT
    }

    [Fact]
    public void Ics_Person_OnlyTheirEventsAndSummaryEscaped()
    {
        var (code, output, err) = Export(Spring, "ics", "--person", "r1");
        Assert.True(code == 0, err);
        var lines = Unfold(output);
        Assert.Single(lines, l => l == "BEGIN:VEVENT");
        var night = Event(lines, "r1/n0@");
        Assert.Contains(@"SUMMARY:Night float\; ICU\, east – Überwachung", night);
        Assert.Contains(@"CATEGORIES:Night float\; ICU\, east – Überwachung", night);
        Assert.Contains(night, l => l.StartsWith("DESCRIPTION:Shift: n0\\n", StringComparison.Ordinal) && l.Contains(@"Flags: duty\, night", StringComparison.Ordinal));
        Assert.Contains(@"X-WR-CALNAME:dst-test: Ana ""Hammer"" Pérez\, MD", lines);
        Assert.Contains("DTSTAMP:20260307T050000Z", night);
    }

    [Fact]
    public void Ics_SameScheduleTwice_SameBytes()
    {
        var first = Export(Spring, "ics").Out;
        Assert.Equal(first, Export(Spring, "ics").Out);
    }

    [Property(MaxTest = 200)]
    public void IcsLine_AnyText_FoldsWithin75OctetsAndUnfoldsToTheEscapedText(int seed)
    {
        var value = Tricky(seed);
        var o = new StringWriter();
        IcsExport.Line(o, "SUMMARY:" + IcsExport.Text(value));
        AssertFolded(o.ToString());
        var line = Assert.Single(Unfold(o.ToString()));
        var expected = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        Assert.Equal(expected, Unescape(line["SUMMARY:".Length..]));
    }

    // ---- HTML ----

    [Fact]
    public void Html_RowPerPersonColumnPerDay_NamesEscaped()
    {
        var (code, output, err) = Export(Spring, "html");
        Assert.True(code == 0, err);
        Assert.StartsWith("<!DOCTYPE html>", output, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", output, StringComparison.OrdinalIgnoreCase);
        foreach (var fetch in new[] { "<link", "src=", "url(", "@import" })
        {
            Assert.DoesNotContain(fetch, output, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", output, StringComparison.Ordinal);
        Assert.Contains("Ana &quot;Hammer&quot; Pérez, MD", output, StringComparison.Ordinal);

        var head = Between(output, "<thead>", "</thead>");
        Assert.Equal(1 + 3, Count(head, "</th>"));
        Assert.Contains("Sat<br>Mar 7", head, StringComparison.Ordinal);
        Assert.Contains("Mon<br>Mar 9", head, StringComparison.Ordinal);
        Assert.Equal(2, Count(head, "class=\"we\""));

        var body = Between(output, "<tbody>", "</tbody>");
        Assert.Equal(4, Count(body, "<tr><th class=\"who\">"));
        Assert.Contains("PGY-1 residents (1)", body, StringComparison.Ordinal);
        Assert.Contains("Faculty (1)", body, StringComparison.Ordinal);
        Assert.True(body.IndexOf("<small>r3</small>", StringComparison.Ordinal) < body.IndexOf("<small>f1</small>", StringComparison.Ordinal));

        // Shift labels with local times; the legend names each activity.
        Assert.Contains("Night float; ICU, east – Überwachung 19:00–07:00+1", body, StringComparison.Ordinal);
        Assert.Contains("Ward 08:00–17:00", body, StringComparison.Ordinal);
        Assert.Contains("class=\"legend\"", output, StringComparison.Ordinal);
        Assert.Contains("dst-test", output, StringComparison.Ordinal);
        Assert.Contains("NOT COMPLIANT", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_ThirtyHourDuty_OutlinesTheDaysOfThePeriodWithTheSentence()
    {
        var (problemPath, schedulePath) = Write(Spring);
        var problem = CompiledProblem.Compile(ProblemFile.Read(problemPath));
        var report = ComplianceChecker.Check(CompiledSchedule.Compile(problem, ScheduleFile.Read(schedulePath)));
        var violation = Assert.Single(report.Violations, v => v.Rule == RuleId.ContinuousDuty);
        var sentence = HtmlEscape(report.Describe(violation));
        Assert.Contains("continuously", sentence, StringComparison.Ordinal);

        var (code, output, err) = Run("export", problemPath, "--schedule", schedulePath, "--format", "html");
        Assert.True(code == 0, err);
        var row = output.Split('\n').Single(l => l.Contains("<small>r3</small>", StringComparison.Ordinal));
        var cells = row.Split("<td")[1..];
        Assert.Equal(3, cells.Length);
        Assert.DoesNotContain("v\"", cells[0], StringComparison.Ordinal);         // Saturday: before the period
        Assert.StartsWith(" class=\"we v\" title=\"" + sentence, cells[1], StringComparison.Ordinal);  // Sunday 06:00 ...
        Assert.StartsWith(" class=\"v\" title=\"" + sentence, cells[2], StringComparison.Ordinal);     // ... to Monday 12:00
        Assert.Contains("&#9888; 1", row, StringComparison.Ordinal);

        // The clinic nobody works is a shift violation, listed in the footer under its day.
        var foot = Between(output, "<tfoot>", "</tfoot>");
        Assert.Contains("c2 (2026-03-09 08:00) has 0 people, needs at least 2", foot, StringComparison.Ordinal);
        Assert.Contains("<tr><td>continuous duty (24 + 4 h)</td><td class=\"fail\">FAIL</td><td class=\"n\">1</td>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_Person_OnlyTheirRow()
    {
        var (code, output, err) = Export(Spring, "html", "--person", "r2");
        Assert.True(code == 0, err);
        var body = Between(output, "<tbody>", "</tbody>");
        Assert.Equal(1, Count(body, "<tr><th class=\"who\">"));
        Assert.Contains("<small>r2</small>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", body, StringComparison.Ordinal);

        // r2 works no clinic: the coverage shortfall of c2 is not theirs to see in the footer.
        Assert.DoesNotContain("<tfoot>", output, StringComparison.Ordinal);
    }

    // ---- files and bad input ----

    [Theory]
    [InlineData("html")]
    [InlineData("csv")]
    [InlineData("ics")]
    public void Export_Out_WritesTheSameBytesAsStdoutAtomically(string format)
    {
        var tiny = TestData.Problem("tiny.msgpack");
        var schedule = TestData.Problem("tiny.schedule.msgpack");
        var (code, printed, err) = Run("export", tiny, "--schedule", schedule, "--format", format);
        Assert.True(code == 0, err);
        var path = PathOf("tiny." + format);
        var (written, message, _) = Run("export", tiny, "--schedule", schedule, "--format", format, "--out", path);
        Assert.Equal(0, written);
        Assert.StartsWith($"wrote {path}: ", message, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(printed), File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir, "tiny*"));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));

        if (format == "csv")
        {
            var compiled = CompiledProblem.Compile(ProblemFile.Read(tiny));
            Assert.Equal(1 + CompiledSchedule.Compile(compiled, ScheduleFile.Read(schedule)).AssignmentCount, ParseCsv(printed).Count);
        }
    }

    [Fact]
    public void Export_UnknownPerson_ExitsTwoNamingIt()
    {
        var (code, output, err) = Export(Spring, "ics", "--person", "nobody-42");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: --person: unknown person 'nobody-42'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_UnknownFormat_ExitsTwoListingTheFormats()
    {
        var (code, _, err) = Export(Spring, "pdf");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --format: unknown format 'pdf'", err, StringComparison.Ordinal);
        Assert.Contains("html, csv, ics", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ScheduleOfAnotherProblem_ExitsTwoWithTheModelError()
    {
        var (problem, _) = Write(Spring);
        var schedule = PathOf("other.json");
        ScheduleFile.Write(new Schedule("other", [new Assignment("res-001", "2026-07-02/ward-1/day")]), schedule);
        var (code, _, err) = Run("export", problem, "--schedule", schedule, "--format", "csv");
        Assert.Equal(2, code);
        Assert.StartsWith("error: assignments[0].person: unknown person 'res-001'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_MissingOptionsOrFiles_ExitTwo()
    {
        var (problem, schedule) = Write(Spring);
        Assert.Equal(2, Run("export", problem, "--schedule", schedule).Code);
        Assert.Equal(2, Run("export", problem, "--format", "csv").Code);
        Assert.Equal(2, Run("export", PathOf("missing.json"), "--schedule", schedule, "--format", "csv").Code);
        Assert.Equal(2, Run("export", problem, "--schedule", schedule, "--format", "csv", "--out", PathOf("no-such-dir/x.csv")).Code);
        Assert.Equal(0, Run("export", "--help").Code);
    }

    // ---- helpers ----

    /// <summary>A strict RFC 4180 reader: CRLF row ends, quoted fields with doubled quotes; a bare CR or LF outside quotes fails.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    Assert.True(field.Length == 0 && !wasQuoted, $"quote inside an unquoted field at {i}");
                    quoted = wasQuoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"bare CR at {i}");
                    row.Add(field.ToString());
                    rows.Add(row);
                    row = [];
                    field.Clear();
                    wasQuoted = false;
                    i++;
                    break;
                case '\n':
                    Assert.Fail($"bare LF at {i}");
                    break;
                default:
                    Assert.False(wasQuoted, $"text after a closing quote at {i}");
                    field.Append(c);
                    break;
            }
        }

        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "the last row has no CRLF");
        return rows;
    }

    private static Dictionary<string, string> Column(List<List<string>> rows, List<string> row) =>
        rows[0].Zip(row).ToDictionary(x => x.First, x => x.Second);

    private static void AssertFolded(string ics)
    {
        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        foreach (var line in ics[..^2].Split("\r\n"))
        {
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\n', line);
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}");
        }
    }

    private static List<string> Unfold(string ics) =>
        [.. ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n").Where(l => l.Length > 0)];

    private static List<string> Block(List<string> lines, string name)
    {
        var start = lines.IndexOf("BEGIN:" + name);
        var end = lines.IndexOf("END:" + name, start);
        return lines[start..(end + 1)];
    }

    private static List<string> Event(List<string> lines, string uidPart)
    {
        for (var start = lines.IndexOf("BEGIN:VEVENT"); start >= 0; start = lines.IndexOf("BEGIN:VEVENT", start + 1))
        {
            var block = lines[start..(lines.IndexOf("END:VEVENT", start) + 1)];
            if (block.Any(l => l.StartsWith("UID:", StringComparison.Ordinal) && l.Contains(uidPart, StringComparison.Ordinal)))
            {
                return block;
            }
        }

        throw new Xunit.Sdk.XunitException($"no event with UID containing {uidPart}");
    }

    private static string Unescape(string text)
    {
        var b = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                b.Append(text[i]);
                continue;
            }

            var next = text[++i];
            b.Append(next is 'n' or 'N' ? '\n' : next);
        }

        return b.ToString();
    }

    private static string HtmlEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {from}");
        return text[start..text.IndexOf(to, start, StringComparison.Ordinal)];
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    // Random text from pieces that need quoting, escaping, guarding or several UTF-8 octets (no other controls).
    private static string Tricky(int seed)
    {
        string[] pieces = ["a", "Z", " ", ",", "\"", ";", ":", "\\", "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", "'", "é", "€", "中", "😀", "\\n"];
        var random = new Random(seed);
        var b = new StringBuilder();
        for (var n = random.Next(0, 90); n > 0; n--)
        {
            b.Append(pieces[random.Next(pieces.Length)]);
        }

        return b.ToString();
    }
}
