using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// The change file of <c>scheduler resolve</c> (problems/README.md, "Change file"): JSON, or its MessagePack twin
/// (the header <c>SCHD</c> 'D' version, then the same fields as a map). Read and checked against the problem, and
/// applied to it. Every error names its field (<c>absences[2].person</c>).
/// </summary>
public static class ChangeFile
{
    /// <summary>The <c>format</c> a change file declares.</summary>
    public const string Format = FileHeader.ChangeFormat;

    /// <summary>Reads a change file (JSON or MessagePack, detected from its content) and checks it against <paramref name="problem"/>.</summary>
    /// <exception cref="ModelException">Unreadable, malformed, or naming what the problem lacks; the path names the field.</exception>
    public static ChangeRequest Read(string path, CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Read(FileCodec.ReadAllBytes(path), problem);
    }

    /// <summary>Reads a change file's bytes (JSON or MessagePack, detected) and checks them against <paramref name="problem"/>.</summary>
    /// <exception cref="ModelException">Malformed, or naming what the problem lacks; the path names the field.</exception>
    public static ChangeRequest Read(ReadOnlySpan<byte> content, CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Json(content), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new ModelException($"not a change file: {e.Message}");
        }

        using (document)
        {
            return Read(document.RootElement, problem);
        }
    }

    /// <summary>A change file's content in <paramref name="format"/>, losslessly (what <c>scheduler convert</c> writes).</summary>
    /// <exception cref="ModelException">Not a change file.</exception>
    public static byte[] Convert(ReadOnlySpan<byte> content, FileFormat format)
    {
        var json = Json(content);
        if (format == FileFormat.Json)
        {
            return json;
        }

        var body = JsonTranscoder.FromJson(json, FileKind.Change);
        var bytes = new byte[FileHeader.Length + body.Length];
        FileHeader.Write(bytes, FileKind.Change);
        body.CopyTo(bytes.AsSpan(FileHeader.Length));
        return bytes;
    }

    // The JSON form of either form's content.
    private static byte[] Json(ReadOnlySpan<byte> content)
    {
        if (content.Length > FormatLimits.MaxFileBytes)
        {
            throw new ModelException($"file too large: {content.Length} bytes, the limit is {FormatLimits.MaxFileBytes}");
        }

        if (FileFormats.Detect(content) != FileFormat.MessagePack)
        {
            return content.ToArray();
        }

        FileHeader.Check(content, FileKind.Change);
        try
        {
            return JsonTranscoder.ToJson(content[FileHeader.Length..].ToArray(), FileKind.Change);
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or EndOfStreamException or InvalidOperationException
            or ArgumentException or OverflowException or System.Text.DecoderFallbackException)
        {
            throw new ModelException($"corrupt change file: {e.Message}", e);
        }
    }

    private static ChangeRequest Read(JsonElement root, CompiledProblem problem)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelException("", "expected a JSON object");
        }

        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            throw new ModelException("format", $"expected \"{Format}\"");
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 1)
        {
            throw new ModelException("version", "expected 1");
        }

        var errors = new List<ModelError>();
        var change = new ChangeRequest
        {
            Absences = Items(root, "absences", errors, (e, at) => new Absence(
                Person(problem, e, at, errors), Kind(e, at, errors), Minute(problem, Date(e, "from", at, errors)), Minute(problem, Date(e, "to", at, errors)))),
            Leaving = Items(root, "leaving", errors, (e, at) => new Leaving(Person(problem, e, at, errors), Date(e, "date", at, errors))),
            Arriving = Items(root, "arriving", errors, (e, at) => new Arrival(NewPerson(e, at, errors), Date(e, "date", at, errors))),
            Coverage = Items(root, "coverage", errors, (e, at) => new CoverageChange(
                Shift(problem, e, at, errors), Count(e, "minPeople", at, errors), Count(e, "maxPeople", at, errors))),
            Pinned = Items(root, "pinned", errors, (e, at) => new Assignment(Person(problem, e, at, errors), Shift(problem, e, at, errors))),
            FrozenUntil = root.TryGetProperty("frozenUntil", out _) ? Date(root, "frozenUntil", "", errors) : null,
        };
        var start = problem.Source.StartDate;
        var end = start.AddDays(problem.HorizonDays);
        void InHorizon(DateOnly date, string at, DateOnly last)
        {
            if (date != default && (date < start || date > last))
            {
                errors.Add(new(at, $"expected a date from {start:yyyy-MM-dd} to {last:yyyy-MM-dd} (the horizon), got {date:yyyy-MM-dd}"));
            }
        }

        InHorizon(change.FrozenUntil ?? default, "frozenUntil", end);
        for (var i = 0; i < change.Leaving.Count; i++)
        {
            InHorizon(change.Leaving[i].Date, $"leaving[{i}].date", end.AddDays(-1));
        }

        for (var i = 0; i < change.Arriving.Count; i++)
        {
            InHorizon(change.Arriving[i].Date, $"arriving[{i}].date", end.AddDays(-1));
        }

        for (var i = 0; i < change.Absences.Count; i++)
        {
            if (change.Absences[i].End <= change.Absences[i].Start)
            {
                errors.Add(new($"absences[{i}].to", "expected a date after from"));
            }
        }

        for (var i = 0; i < change.Coverage.Count; i++)
        {
            if (change.Coverage[i].MaxPeople < change.Coverage[i].MinPeople)
            {
                errors.Add(new($"coverage[{i}].maxPeople", "expected at least minPeople"));
            }
        }

        CheckArrivals(problem, change.Arriving, errors);
        return errors.Count > 0 ? throw new ModelException(errors) : change;
    }

    // A newcomer's id must be new, and the problem with them in it valid; the validator's errors about them are
    // named by the change file's path.
    private static void CheckArrivals(CompiledProblem problem, IReadOnlyList<Arrival> arriving, List<ModelError> errors)
    {
        var known = problem.Source.People.SelectMany(p => p.Qualifications)
            .Concat(problem.Source.Shifts.SelectMany(s => s.Requirement.Eligibility.Qualifications)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < arriving.Count; i++)
        {
            var person = arriving[i].Person;
            if (person.Id.Length > 0 && (problem.TryGetPerson(person.Id, out _) || arriving.Take(i).Any(a => a.Person.Id == person.Id)))
            {
                errors.Add(new($"arriving[{i}].person.id", $"'{person.Id}' is already a person of the problem"));
            }

            foreach (var q in person.Qualifications.Where(q => !known.Contains(q)))
            {
                errors.Add(new($"arriving[{i}].person.qualifications", $"unknown qualification '{q}' (no person or shift of the problem has it)"));
            }
        }

        if (arriving.Count == 0 || errors.Count > 0)
        {
            return;
        }

        var first = problem.Source.People.Count;
        foreach (var error in ProblemValidator.Validate(problem.Source with { People = [.. problem.Source.People, .. arriving.Select(a => a.Person)] }))
        {
            var at = error.Path.StartsWith("people[", StringComparison.Ordinal) && int.TryParse(
                error.Path.AsSpan(7, error.Path.IndexOf(']', StringComparison.Ordinal) - 7), CultureInfo.InvariantCulture, out var index) && index >= first
                ? $"arriving[{index - first}].person{error.Path[(error.Path.IndexOf(']', StringComparison.Ordinal) + 1)..]}"
                : error.Path;
            errors.Add(new(at, error.Message));
        }
    }

    private static List<T> Items<T>(JsonElement root, string name, List<ModelError> errors, Func<JsonElement, string, T> read)
    {
        var items = new List<T>();
        if (!root.TryGetProperty(name, out var array))
        {
            return items;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(name, "expected an array"));
            return items;
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{name}[{i++}]");
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(at, "expected an object"));
                continue;
            }

            items.Add(read(element, at));
        }

        return items;
    }

    private static string Text(JsonElement e, string key, string at, List<ModelError> errors)
    {
        if (e.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        errors.Add(new(Path(at, key), "expected a string"));
        return "";
    }

    private static string Person(CompiledProblem problem, JsonElement e, string at, List<ModelError> errors)
    {
        var id = Text(e, "person", at, errors);
        if (id.Length > 0 && !problem.TryGetPerson(id, out _))
        {
            errors.Add(new(Path(at, "person"), $"unknown person '{id}'"));
        }

        return id;
    }

    // A newcomer: a person record as in the problem file's named form (problems/README.md, "people").
    private static Person NewPerson(JsonElement e, string at, List<ModelError> errors)
    {
        var path = Path(at, "person");
        if (!e.TryGetProperty("person", out var record) || record.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "expected a person record (an object)"));
            return new Person("", "", Role.Resident, 1, []);
        }

        try
        {
            return FileCodec.DecodeBody(JsonTranscoder.FromJson(record), ProblemCodec.ReadPerson, _ => []);
        }
        catch (ModelException x)
        {
            errors.AddRange(x.Errors.Select(r => new ModelError(r.Path.Length == 0 ? path : path + (r.Path.StartsWith('[') ? "" : ".") + r.Path, r.Message)));
            return new Person("", "", Role.Resident, 1, []);
        }
    }

    private static string Shift(CompiledProblem problem, JsonElement e, string at, List<ModelError> errors)
    {
        var id = Text(e, "shift", at, errors);
        if (id.Length > 0 && !problem.TryGetShift(id, out _))
        {
            errors.Add(new(Path(at, "shift"), $"unknown shift '{id}'"));
        }

        return id;
    }

    private static AbsenceKind Kind(JsonElement e, string at, List<ModelError> errors)
    {
        if (!e.TryGetProperty("kind", out _))
        {
            return AbsenceKind.Leave;
        }

        var name = Text(e, "kind", at, errors);
        if (Enum.TryParse<AbsenceKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
        {
            return kind;
        }

        errors.Add(new(Path(at, "kind"), $"expected {string.Join(", ", Enum.GetNames<AbsenceKind>().Select(n => n.ToLowerInvariant()))}, got '{name}'"));
        return AbsenceKind.Leave;
    }

    private static DateOnly Date(JsonElement e, string key, string at, List<ModelError> errors)
    {
        var text = Text(e, key, at, errors);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (text.Length > 0)
        {
            errors.Add(new(Path(at, key), $"expected a date yyyy-MM-dd, got '{text}'"));
        }

        return default;
    }

    private static int Count(JsonElement e, string key, string at, List<ModelError> errors)
    {
        if (e.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= 10_000)
        {
            return n;
        }

        errors.Add(new(Path(at, key), "expected a whole number 0..10000"));
        return 0;
    }

    // The local midnight of a date, in minutes from the problem's start, clamped to the span.
    private static int Minute(CompiledProblem problem, DateOnly date)
    {
        var day = Math.Clamp(date.DayNumber - problem.Source.StartDate.DayNumber, -problem.HistoryDays, problem.HorizonDays);
        return problem.DayStarts[day + problem.HistoryDays];
    }

    private static string Path(string at, string key) => at.Length == 0 ? key : at + "." + key;
}
