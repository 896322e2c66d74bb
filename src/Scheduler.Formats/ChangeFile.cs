using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// The change file of <c>scheduler resolve</c>, JSON (problems/README.md, "Change file"): read and checked against the
/// problem, and applied to it. Every error names its field (<c>absences[2].person</c>).
/// </summary>
public static class ChangeFile
{
    /// <summary>The <c>format</c> a change file declares.</summary>
    public const string Format = "scheduler-change";

    /// <summary>Reads a change file and checks its ids and dates against <paramref name="problem"/>.</summary>
    /// <exception cref="ModelException">Unreadable, malformed, or naming what the problem lacks; the path names the field.</exception>
    public static ChangeRequest Read(string path, CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"cannot read {path}: {e.Message}");
        }

        return Read(bytes, problem);
    }

    /// <summary>Reads a change file's bytes (JSON) and checks them against <paramref name="problem"/>.</summary>
    /// <exception cref="ModelException">Malformed, or naming what the problem lacks; the path names the field.</exception>
    public static ChangeRequest Read(ReadOnlySpan<byte> json, CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new ModelException($"not a change file: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
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
                Coverage = Items(root, "coverage", errors, (e, at) => new CoverageChange(
                    Shift(problem, e, at, errors), Count(e, "minPeople", at, errors), Count(e, "maxPeople", at, errors))),
                Pinned = Items(root, "pinned", errors, (e, at) => new Assignment(Person(problem, e, at, errors), Shift(problem, e, at, errors))),
                FrozenUntil = root.TryGetProperty("frozenUntil", out var frozen) ? Date(root, "frozenUntil", "", errors) : null,
            };
            var start = problem.Source.StartDate;
            var end = start.AddDays(problem.HorizonDays);
            if (change.FrozenUntil is { } until && (until < start || until > end))
            {
                errors.Add(new("frozenUntil", $"expected a date from {start:yyyy-MM-dd} to {end:yyyy-MM-dd} (the horizon), got {until:yyyy-MM-dd}"));
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

            return errors.Count > 0 ? throw new ModelException(errors) : change;
        }
    }

    /// <summary>The problem with the change's absences, leavers and coverage applied.</summary>
    public static Problem Apply(Problem problem, ChangeRequest change)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(change);
        var calendar = Core.Time.ProgramCalendar.Create(problem.TimeZone, problem.StartDate);
        var horizonEnd = calendar.DayStart(problem.HorizonDays);
        var leaving = change.Leaving.Select(l => new Absence(l.PersonId, AbsenceKind.Leave, calendar.DayStart(l.Date.DayNumber - problem.StartDate.DayNumber), horizonEnd));
        var coverage = change.Coverage.ToDictionary(c => c.ShiftId);
        return problem with
        {
            Absences = [.. problem.Absences, .. change.Absences, .. leaving],
            Shifts = [.. problem.Shifts.Select(s => coverage.TryGetValue(s.Id, out var c) ? s with { Requirement = s.Requirement with { MinPeople = c.MinPeople, MaxPeople = c.MaxPeople } } : s)],
        };
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
