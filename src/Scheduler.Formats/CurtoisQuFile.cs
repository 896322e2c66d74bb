using System.Globalization;
using System.Text;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Reads an instance of Curtois and Qu's shift scheduling benchmark (schedulingbenchmarks.org, "Nurse Rostering
/// Benchmark Instances"; the text files <c>Instance1.txt</c> ... ) into a <see cref="Problem"/>.
/// </summary>
/// <remarks>
/// <para>
/// The format: <c>#</c> starts a comment line, a blank line ends a section, fields are comma-separated and lists
/// inside a field <c>|</c>-separated, days count from 0, and every instance starts on a Monday. The sections are
/// SECTION_HORIZON (required), SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS,
/// SECTION_SHIFT_OFF_REQUESTS and SECTION_COVER, each at most once, in any order.
/// </para>
/// <para>
/// The mapping. The problem is named after the file (without its extension), in <c>Etc/UTC</c>, starting on Monday
/// 2024-01-01, for SECTION_HORIZON's days, with no history. Each shift type becomes an <see cref="Activity"/> (id
/// and name the shift id, <see cref="ActivityKinds.Duty"/>), and each day and type a <see cref="Shift"/> with the
/// id <see cref="ShiftId"/> gives (<c>D-0</c>, <c>D-1</c>, ...: the type, a hyphen, the day; the day is digits only,
/// so the last hyphen splits the id back), starting at the day's midnight and lasting the type's length. Because
/// every shift of a day starts at that day's midnight and lasts at most a day, a person's shifts of one day
/// overlap each other and no other day's: the model's double-booking rule is the benchmark's "at most one shift a
/// day". A cover line sets its shift's minimum and maximum to the requirement with the cover weights as its
/// <see cref="CoverPenalty"/>; a shift without one needs 0 to all employees, at no price. Anyone may work any
/// shift, unsupervised.
/// </para>
/// <para>
/// Each employee becomes faculty (PGY 0): the ACGME duty-hour rules bind residents only, so the program's
/// ACGME rules leave these people alone and only the instance's own limits bind them. Their limits become
/// <see cref="Person.Roster"/>: the most shifts of each type listed (0 included), the fewest and most total
/// minutes, the most and fewest consecutive shifts (working days in a row; a minimum of 0 means none), the fewest
/// consecutive days off (0: none) and the most weekends worked. Each day off is a leave <see cref="Absence"/> of
/// that whole day; on-requests are <see cref="RequestKind.Want"/> and off-requests <see cref="RequestKind.Avoid"/>
/// requests for the shift, at their weight; the shifts that may not follow a type on the next day are the
/// program's <see cref="ProgramRules.ForbiddenSuccessions"/>. The objective weights are the defaults.
/// </para>
/// <para>
/// Every file is untrusted: a malformed one is refused with a <see cref="ModelException"/> whose message names the
/// file, the line and what was expected (<c>Instance1.txt:17: SECTION_STAFF: expected 8 comma-separated fields
/// (...), got 5</c>), and the result passes <see cref="ProblemValidator"/>. Besides <see cref="FormatLimits"/>, a
/// shift lasts 1..1440 minutes, a horizon 1..<see cref="ProblemValidator.MaxDays"/> days, and an instance has at
/// most <see cref="MaxEmployees"/> employees and <see cref="MaxShifts"/> shifts.
/// </para>
/// </remarks>
public static class CurtoisQuFile
{
    /// <summary>
    /// Most employees an instance may have: a shift without a cover line may hold them all, and a shift's maximum
    /// is at most 1000 (<see cref="ProblemValidator"/>).
    /// </summary>
    public const int MaxEmployees = 1000;

    /// <summary>
    /// Most shifts (days times shift types) an instance may make. A few lines can ask for millions of them, so this
    /// bound is far below <see cref="FormatLimits.MaxItems"/>; Instances 1 to 12 make at most 280.
    /// </summary>
    public const int MaxShifts = 1_000_000;

    /// <summary>The time zone of every imported problem.</summary>
    public const string TimeZone = "Etc/UTC";

    /// <summary>The first day of every imported problem: a Monday, as the benchmark's instances start on one.</summary>
    public static DateOnly StartDate { get; } = new(2024, 1, 1);

    private const string Horizon = "SECTION_HORIZON";
    private const string Shifts = "SECTION_SHIFTS";
    private const string Staff = "SECTION_STAFF";
    private const string DaysOff = "SECTION_DAYS_OFF";
    private const string OnRequests = "SECTION_SHIFT_ON_REQUESTS";
    private const string OffRequests = "SECTION_SHIFT_OFF_REQUESTS";
    private const string Cover = "SECTION_COVER";
    private static readonly string[] SectionNames = [Horizon, Shifts, Staff, DaysOff, OnRequests, OffRequests, Cover];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes <see cref="ShiftId"/> adds to a shift type: '-' and a day of the longest horizon.</summary>
    private const int ShiftIdSuffixBytes = 8;

    /// <summary>The id of the shift of type <paramref name="shiftType"/> on day <paramref name="day"/>: <c>D-3</c>.</summary>
    public static string ShiftId(string shiftType, int day) => string.Create(CultureInfo.InvariantCulture, $"{shiftType}-{day}");

    /// <summary>
    /// Whether a file's content is a Curtois-Qu instance: its first line that is neither blank nor a comment
    /// (after an optional UTF-8 byte-order mark) is <c>SECTION_HORIZON</c>. A prefix of the file is enough.
    /// </summary>
    public static bool Detect(ReadOnlySpan<byte> content)
    {
        var rest = content.StartsWith(FileHeader.Utf8Bom) ? content[FileHeader.Utf8Bom.Length..] : content;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = (end < 0 ? rest : rest[..end]).Trim(" \t\r"u8);
            if (!line.IsEmpty && line[0] != (byte)'#')
            {
                return line.SequenceEqual("SECTION_HORIZON"u8);
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }

        return false;
    }

    /// <summary>Reads an instance file; the problem is named after the file.</summary>
    /// <exception cref="ModelException">The file cannot be read, or is not a valid instance.</exception>
    public static Problem Read(string path)
    {
        byte[] content;
        try
        {
            content = FileCodec.ReadAllBytes(path);
        }
        catch (ModelException e) when (e.InnerException is null)
        {
            // "file too large" (an unreadable file's message already names it).
            throw new ModelException(Path.GetFileName(path), e.Message);
        }

        return Read(content, Path.GetFileName(path));
    }

    /// <summary>Reads an instance from a file's content (UTF-8); <paramref name="name"/> is the file's name, as in <see cref="Parse(TextReader, string)"/>.</summary>
    /// <exception cref="ModelException">The content is not a valid instance.</exception>
    public static Problem Read(ReadOnlySpan<byte> content, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw new ModelException(name, $"file too large: {content.Length} bytes, the limit is {FormatLimits.MaxFileBytes}");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelException(name, $"not UTF-8 text: {e.Message}");
        }

        return Parse(new StringReader(text), name);
    }

    /// <summary>
    /// Reads an instance from text. <paramref name="name"/> is the file's name (<c>Instance1.txt</c>): error messages
    /// start with it, and the problem is named after it without its extension (<c>Instance1</c>).
    /// </summary>
    /// <exception cref="ModelException">The text is not a valid instance, or the reader fails.</exception>
    public static Problem Parse(TextReader reader, string name) => Parse(reader, name, FormatLimits.MaxFileBytes);

    /// <summary><see cref="Parse(TextReader, string)"/> with a smaller size limit, for tests.</summary>
    internal static Problem Parse(TextReader reader, string name, long maxChars)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Dictionary<string, Section> sections;
        try
        {
            sections = Split(reader, name, maxChars);
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException or ObjectDisposedException)
        {
            throw new ModelException($"{name}: cannot read: {e.Message}", e);
        }

        var problem = new Builder(name, sections).Build();
        var errors = ProblemValidator.Validate(problem);
        if (errors.Count > 0)
        {
            // The checks above should leave the validator nothing to find; if it does, still say which file.
            throw new ModelException(errors.Select(e => new ModelError(name, e.ToString())).ToList());
        }

        return problem;
    }

    private sealed record Line(int Number, string Text);

    private sealed record Section(int Header, List<Line> Lines);

    /// <summary>Cuts the text into sections of data lines, dropping comments and blank lines.</summary>
    private static Dictionary<string, Section> Split(TextReader reader, string name, long maxChars)
    {
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        Section? current = null;
        long chars = 0;
        var number = 0;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            chars += raw.Length + 1;
            if (chars > maxChars)
            {
                throw new ModelException(name, $"file too large: more than {maxChars} characters");
            }

            var text = (number == 1 ? raw.TrimStart('\uFEFF') : raw).Trim();
            if (text.Length == 0)
            {
                current = null;
                continue;
            }

            if (text[0] == '#')
            {
                continue;
            }

            if (text.StartsWith("SECTION_", StringComparison.Ordinal))
            {
                if (Array.IndexOf(SectionNames, text) < 0)
                {
                    throw new ModelException($"{name}:{number}", $"unknown section '{Clip(text)}' (expected one of {string.Join(", ", SectionNames)})");
                }

                if (sections.TryGetValue(text, out var seen))
                {
                    throw new ModelException($"{name}:{number}", $"{text} appears twice (also line {seen.Header})");
                }

                current = new Section(number, []);
                sections.Add(text, current);
                continue;
            }

            if (current is null)
            {
                throw new ModelException($"{name}:{number}", $"expected a section header (SECTION_...), a comment or a blank line, got '{Clip(text)}'");
            }

            current.Lines.Add(new Line(number, text));
        }

        return sections;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "...";

    /// <summary>Turns the sections into a problem, each in the order its references need.</summary>
    private sealed class Builder(string name, Dictionary<string, Section> sections)
    {
        private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);
        private readonly List<int> _lengths = [];
        private readonly Dictionary<string, int> _employees = new(StringComparer.Ordinal);
        private int _days;

        public Problem Build()
        {
            _days = ReadHorizon();
            var (activities, successions) = ReadShifts();
            var people = ReadStaff();
            var shifts = BuildShifts(ReadCover(), people.Count);
            var requests = new List<Request>();
            ReadRequests(OnRequests, RequestKind.Want, requests);
            ReadRequests(OffRequests, RequestKind.Avoid, requests);
            var stem = Path.GetFileNameWithoutExtension(name);
            return new Problem
            {
                Name = stem.Length > 0 ? stem : name,
                TimeZone = TimeZone,
                StartDate = StartDate,
                HorizonDays = _days,
                Rules = ProgramRules.Acgme with { ForbiddenSuccessions = successions },
                Objective = ObjectiveWeights.Default,
                People = people,
                Activities = activities,
                Shifts = shifts,
                Absences = ReadDaysOff(),
                Requests = requests,
            };
        }

        private List<Line> Lines(string section) => sections.TryGetValue(section, out var s) ? s.Lines : [];

        private int ReadHorizon()
        {
            if (!sections.TryGetValue(Horizon, out var section))
            {
                throw new ModelException(name, $"missing {Horizon} (the number of days)");
            }

            if (section.Lines.Count == 0)
            {
                throw Error(section.Header, Horizon, "expected the number of days on the next line");
            }

            if (section.Lines.Count > 1)
            {
                throw Error(section.Lines[1].Number, Horizon, "expected one line, the number of days");
            }

            var line = section.Lines[0];
            return Number(line, Horizon, "days", line.Text, 1, ProblemValidator.MaxDays);
        }

        private (List<Activity> Activities, List<Succession> Successions) ReadShifts()
        {
            var activities = new List<Activity>();
            var lines = Lines(Shifts);
            var forbidden = new List<(Line Line, string Type, string List)>();
            foreach (var line in lines)
            {
                var f = Fields(line, Shifts, 3, "id, length in minutes, shifts that cannot follow it");
                // A shift type names the shifts made of it, "TYPE-DAY": room for the day in the id's limit.
                var id = Id(line, Shifts, "shift id", f[0], FormatLimits.MaxStringBytes - ShiftIdSuffixBytes);
                if (id.AsSpan().IndexOfAny('|', '=') >= 0)
                {
                    throw Error(line.Number, Shifts, $"shift id: expected no '|' or '=' in an id, got '{Clip(id)}'");
                }

                if (_types.Count == FormatLimits.MaxActivities)
                {
                    throw Error(line.Number, Shifts, $"more than {FormatLimits.MaxActivities} shift types");
                }

                if (!_types.TryAdd(id, _types.Count))
                {
                    throw Error(line.Number, Shifts, $"duplicate shift id '{id}' (also line {lines[_types[id]].Number})");
                }

                _lengths.Add(Number(line, Shifts, "length in minutes", f[1], 1, 1440));
                activities.Add(new Activity(id, id, ActivityKinds.Duty));
                forbidden.Add((line, id, f[2]));
            }

            if ((long)_types.Count * _days > MaxShifts)
            {
                throw Error(sections[Shifts].Header, Shifts, $"{_types.Count} shift types over {_days} days make more than {MaxShifts} shifts");
            }

            // After every id is known: a list may name a shift defined further down.
            var successions = new List<Succession>();
            foreach (var (line, from, list) in forbidden)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var to in Items(list))
                {
                    Type(line, Shifts, "shifts that cannot follow", to);
                    if (!seen.Add(to))
                    {
                        throw Error(line.Number, Shifts, $"shifts that cannot follow: '{to}' is listed twice");
                    }

                    successions.Add(new Succession(from, to));
                }
            }

            return (activities, successions);
        }

        private List<Person> ReadStaff()
        {
            var people = new List<Person>();
            var lines = Lines(Staff);
            foreach (var line in lines)
            {
                var f = Fields(line, Staff, 8, "id, max shifts, max minutes, min minutes, max consecutive, min consecutive, min days off, max weekends");
                var id = Id(line, Staff, "employee id", f[0]);
                if (_employees.Count == MaxEmployees)
                {
                    throw Error(line.Number, Staff, $"more than {MaxEmployees} employees");
                }

                if (!_employees.TryAdd(id, _employees.Count))
                {
                    throw Error(line.Number, Staff, $"duplicate employee id '{id}' (also line {lines[_employees[id]].Number})");
                }

                var maxShifts = new List<ActivityLimit>();
                foreach (var item in Items(f[1]))
                {
                    var equals = item.IndexOf('=', StringComparison.Ordinal);
                    if (equals < 0 || item.IndexOf('=', equals + 1) >= 0)
                    {
                        throw Error(line.Number, Staff, $"max shifts: expected SHIFT=MAX items separated by '|', got '{Clip(item)}'");
                    }

                    var type = item[..equals].Trim();
                    Type(line, Staff, "max shifts", type);
                    if (maxShifts.Exists(limit => limit.ActivityId == type))
                    {
                        throw Error(line.Number, Staff, $"max shifts: shift '{type}' is listed twice");
                    }

                    maxShifts.Add(new ActivityLimit(type, Number(line, Staff, $"max shifts of '{type}'", item[(equals + 1)..].Trim(), 0, int.MaxValue)));
                }

                var maxMinutes = Number(line, Staff, "max minutes", f[2], 0, int.MaxValue);
                var minMinutes = Number(line, Staff, "min minutes", f[3], 0, int.MaxValue);
                var maxConsecutive = Number(line, Staff, "max consecutive", f[4], 1, int.MaxValue);
                var minConsecutive = Number(line, Staff, "min consecutive", f[5], 0, int.MaxValue);
                var minDaysOff = Number(line, Staff, "min days off", f[6], 0, int.MaxValue);
                var maxWeekends = Number(line, Staff, "max weekends", f[7], 0, int.MaxValue);
                if (minMinutes > maxMinutes)
                {
                    throw Error(line.Number, Staff, $"min minutes ({minMinutes}) is more than max minutes ({maxMinutes})");
                }

                if (minConsecutive > maxConsecutive)
                {
                    throw Error(line.Number, Staff, $"min consecutive ({minConsecutive}) is more than max consecutive ({maxConsecutive})");
                }

                var roster = new RosterLimits
                {
                    MaxShifts = maxShifts,
                    MinTotalMinutes = minMinutes,
                    MaxTotalMinutes = maxMinutes,
                    MinConsecutiveDays = minConsecutive > 0 ? minConsecutive : null,
                    MaxConsecutiveDays = maxConsecutive,
                    MinConsecutiveDaysOff = minDaysOff > 0 ? minDaysOff : null,
                    MaxWeekends = maxWeekends,
                };
                people.Add(new Person(id, id, Role.Faculty, 0, [], null, roster));
            }

            return people;
        }

        private List<Absence> ReadDaysOff()
        {
            var absences = new List<Absence>();
            var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var days = new HashSet<int>();
            foreach (var line in Lines(DaysOff))
            {
                var f = line.Text.Split(',');
                var employee = Employee(line, DaysOff, f[0].Trim());
                if (!lineOf.TryAdd(employee, line.Number))
                {
                    throw Error(line.Number, DaysOff, $"employee '{employee}' is listed twice (also line {lineOf[employee]})");
                }

                // "A" and "A," both list no days.
                var count = f.Length == 2 && f[1].Trim().Length == 0 ? 1 : f.Length;
                days.Clear();
                for (var k = 1; k < count; k++)
                {
                    var day = Day(line, DaysOff, f[k].Trim());
                    if (!days.Add(day))
                    {
                        throw Error(line.Number, DaysOff, $"day {day} is listed twice");
                    }

                    if (absences.Count == FormatLimits.MaxItems)
                    {
                        throw Error(line.Number, DaysOff, $"more than {FormatLimits.MaxItems} days off");
                    }

                    absences.Add(new Absence(employee, AbsenceKind.Leave, day * 1440, (day + 1) * 1440));
                }
            }

            return absences;
        }

        private void ReadRequests(string section, RequestKind kind, List<Request> requests)
        {
            foreach (var line in Lines(section))
            {
                var f = Fields(line, section, 4, "employee, day, shift, weight");
                var employee = Employee(line, section, f[0]);
                var day = Day(line, section, f[1]);
                var type = Type(line, section, "shift", f[2]);
                var weight = Number(line, section, "weight", f[3], 0, 1_000_000);
                if (requests.Count == FormatLimits.MaxItems)
                {
                    throw Error(line.Number, section, $"more than {FormatLimits.MaxItems} requests");
                }

                requests.Add(new Request(employee, kind, ShiftId(type, day), null, weight));
            }
        }

        /// <summary>Cover lines by day * types + type; the line of each, for naming a duplicate.</summary>
        private (int Requirement, int Under, int Over, int Line)?[] ReadCover()
        {
            var cover = new (int Requirement, int Under, int Over, int Line)?[_days * _types.Count];
            foreach (var line in Lines(Cover))
            {
                var f = Fields(line, Cover, 5, "day, shift, requirement, weight for under-cover, weight for over-cover");
                var day = Day(line, Cover, f[0]);
                var type = Type(line, Cover, "shift", f[1]);
                var requirement = Number(line, Cover, "requirement", f[2], 0, MaxEmployees);
                var under = Number(line, Cover, "weight for under-cover", f[3], 0, 1_000_000);
                var over = Number(line, Cover, "weight for over-cover", f[4], 0, 1_000_000);
                ref var slot = ref cover[(day * _types.Count) + _types[type]];
                if (slot is { } seen)
                {
                    throw Error(line.Number, Cover, $"day {day}, shift '{type}' is covered twice (also line {seen.Line})");
                }

                slot = (requirement, under, over, line.Number);
            }

            return cover;
        }

        private List<Shift> BuildShifts((int Requirement, int Under, int Over, int Line)?[] cover, int employees)
        {
            var types = new string[_types.Count];
            foreach (var (id, index) in _types)
            {
                types[index] = id;
            }

            var shifts = new List<Shift>(cover.Length);
            for (var day = 0; day < _days; day++)
            {
                for (var t = 0; t < types.Length; t++)
                {
                    var requirement = cover[(day * types.Length) + t] is { } c
                        ? new Requirement(c.Requirement, c.Requirement, Eligibility.Anyone, false, new CoverPenalty(c.Under, c.Over))
                        : new Requirement(0, employees, Eligibility.Anyone, false);
                    var start = day * 1440;
                    shifts.Add(new Shift(ShiftId(types[t], day), types[t], start, start + _lengths[t], requirement));
                }
            }

            return shifts;
        }

        private string[] Fields(Line line, string section, int expected, string what)
        {
            var fields = line.Text.Split(',');
            if (fields.Length != expected)
            {
                throw Error(line.Number, section, $"expected {expected} comma-separated fields ({what}), got {fields.Length}");
            }

            for (var k = 0; k < fields.Length; k++)
            {
                fields[k] = fields[k].Trim();
            }

            return fields;
        }

        /// <summary>The items of a '|'-separated list; an empty field is an empty list.</summary>
        private static string[] Items(string field) =>
            field.Length == 0 ? [] : field.Split('|', StringSplitOptions.TrimEntries);

        private string Id(Line line, string section, string what, string text, int maxBytes = FormatLimits.MaxStringBytes)
        {
            if (text.Length == 0)
            {
                throw Error(line.Number, section, $"{what}: expected an id, got nothing");
            }

            if (Encoding.UTF8.GetByteCount(text) > maxBytes)
            {
                throw Error(line.Number, section, $"{what}: longer than {maxBytes} bytes");
            }

            return text;
        }

        private string Type(Line line, string section, string what, string text) =>
            _types.ContainsKey(text) ? text : throw Error(line.Number, section, $"{what}: unknown shift '{Clip(text)}'{(sections.ContainsKey(Shifts) ? "" : $" (there is no {Shifts})")}");

        private string Employee(Line line, string section, string text) =>
            _employees.ContainsKey(text) ? text : throw Error(line.Number, section, $"unknown employee '{Clip(text)}'{(sections.ContainsKey(Staff) ? "" : $" (there is no {Staff})")}");

        private int Day(Line line, string section, string text) =>
            Number(line, section, "day", text, 0, _days - 1);

        private int Number(Line line, string section, string what, string text, int min, int max)
        {
            var range = max == int.MaxValue ? $"{min} or more" : $"{min}..{max}";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value >= min && value <= max
                    ? value
                    : throw Error(line.Number, section, $"{what}: expected {range}, got {value}");
            }

            // Digits that overflow an int are out of range, not malformed.
            var digits = text.AsSpan().TrimStart("+-");
            var why = !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9') ? range : "a whole number";
            throw Error(line.Number, section, $"{what}: expected {why}, got '{Clip(text)}'");
        }

        private ModelException Error(int line, string section, string message) => new($"{name}:{line}", $"{section}: {message}");
    }
}
