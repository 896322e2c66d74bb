using System.Text;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>Writes and reads the body of a <see cref="Checkpoint"/>, positional (or named, read only), like <see cref="ScheduleCodec"/>.</summary>
internal static class CheckpointCodec
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(ref MessagePackWriter w, Checkpoint checkpoint, bool named)
    {
        var f = Schema.Checkpoint;
        var cf = Schema.CarriedCounts;
        ProblemCodec.Begin(ref w, named, f);
        ProblemCodec.Key(ref w, named, f, 0);
        w.Write(checkpoint.ProblemHash);
        ProblemCodec.Key(ref w, named, f, 1);
        w.Write(checkpoint.Settings);
        ProblemCodec.Key(ref w, named, f, 2);
        w.Write(checkpoint.CommittedDays);
        ProblemCodec.Key(ref w, named, f, 3);
        w.Write(checkpoint.Windows);
        ProblemCodec.Key(ref w, named, f, 4);
        ScheduleCodec.WriteAssignments(ref w, checkpoint.Committed, named);
        ProblemCodec.Key(ref w, named, f, 5);
        ScheduleCodec.WriteAssignments(ref w, checkpoint.Hint, named);
        ProblemCodec.Key(ref w, named, f, 6);
        w.WriteArrayHeader(checkpoint.Counters.Count);
        foreach (var c in checkpoint.Counters)
        {
            ProblemCodec.Begin(ref w, named, cf);
            ProblemCodec.Key(ref w, named, cf, 0);
            w.Write(c.PersonId);
            ProblemCodec.Key(ref w, named, cf, 1);
            w.Write(c.Calls);
            ProblemCodec.Key(ref w, named, cf, 2);
            w.Write(c.Nights);
            ProblemCodec.Key(ref w, named, cf, 3);
            w.Write(c.WeekendShifts);
        }

        ProblemCodec.Key(ref w, named, f, 7);
        w.Write(checkpoint.Objective);
        ProblemCodec.Key(ref w, named, f, 8);
        w.WriteArrayHeader(checkpoint.Log.Count);
        foreach (var line in checkpoint.Log)
        {
            w.Write(line);
        }

        var tf = Schema.ObjectiveTerm;
        ProblemCodec.Key(ref w, named, f, 9);
        w.WriteArrayHeader(checkpoint.Terms.Count);
        foreach (var t in checkpoint.Terms)
        {
            ProblemCodec.Begin(ref w, named, tf);
            ProblemCodec.Key(ref w, named, tf, 0);
            w.Write(t.Name);
            ProblemCodec.Key(ref w, named, tf, 1);
            w.Write(t.Value);
        }
    }

    public static Checkpoint Read(ref MsgDecoder d)
    {
        string problemHash = "", settings = "";
        int committedDays = 0, windows = 0;
        long objective = 0;
        Assignment[] committed = [], hint = [];
        CarriedCounts[] counters = [];
        string[] log = [];
        ObjectiveTerm[] terms = [];
        var record = d.BeginRecord(Schema.Checkpoint);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0:
                    problemHash = d.ReadString();
                    break;
                case 1:
                    settings = d.ReadString();
                    break;
                case 2:
                    committedDays = d.ReadInt32();
                    break;
                case 3:
                    windows = d.ReadInt32();
                    break;
                case 4:
                    committed = ScheduleCodec.ReadAssignments(ref d);
                    break;
                case 5:
                    hint = ScheduleCodec.ReadAssignments(ref d);
                    break;
                case 6:
                    counters = ReadCounters(ref d);
                    break;
                case 7:
                    objective = d.ReadInt64();
                    break;
                case 8:
                    log = ReadLog(ref d);
                    break;
                default:
                    terms = ReadTerms(ref d);
                    break;
            }
        }

        d.EndRecord(record);
        return new Checkpoint
        {
            ProblemHash = problemHash,
            Settings = settings,
            CommittedDays = committedDays,
            Windows = windows,
            Committed = committed,
            Hint = hint,
            Counters = counters,
            Objective = objective,
            Log = log,
            Terms = terms,
        };
    }

    private static ObjectiveTerm[] ReadTerms(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxItems);
        var terms = new ObjectiveTerm[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var name = "";
            long value = 0;
            var record = d.BeginRecord(Schema.ObjectiveTerm);
            while (d.NextField(ref record, out var field))
            {
                if (field == 0)
                {
                    name = d.ReadString();
                }
                else
                {
                    value = d.ReadInt64();
                }
            }

            d.EndRecord(record);
            terms[i] = new ObjectiveTerm(name, value);
        }

        d.EndArray();
        return terms;
    }

    /// <summary>
    /// What a checkpoint must satisfy on its own: non-empty ids, no duplicates, counts at least 0, and what a reader
    /// enforces (string and list limits), so that nothing is written that would not read back.
    /// </summary>
    public static IReadOnlyList<ModelError> Validate(Checkpoint checkpoint)
    {
        var errors = new List<ModelError>();
        if (string.IsNullOrEmpty(checkpoint.ProblemHash))
        {
            errors.Add(new("problemHash", "must not be empty"));
        }
        else
        {
            CheckString(errors, "problemHash", checkpoint.ProblemHash);
        }

        if (checkpoint.Settings is null)
        {
            errors.Add(new("settings", "must not be null"));
        }
        else
        {
            CheckString(errors, "settings", checkpoint.Settings);
        }

        if (checkpoint.CommittedDays < 0)
        {
            errors.Add(new("committedDays", $"expected 0 or more, got {checkpoint.CommittedDays}"));
        }

        if (checkpoint.Windows < 0)
        {
            errors.Add(new("windows", $"expected 0 or more, got {checkpoint.Windows}"));
        }

        CheckAssignments(errors, "committed", checkpoint.Committed);
        CheckAssignments(errors, "hint", checkpoint.Hint);
        CheckCounters(errors, checkpoint.Counters);
        if (CheckCount(errors, "log", checkpoint.Log, FormatLimits.MaxItems))
        {
            for (var i = 0; i < checkpoint.Log.Count; i++)
            {
                if (checkpoint.Log[i] is null)
                {
                    errors.Add(new($"log[{i}]", "must not be null"));
                }
                else
                {
                    CheckString(errors, $"log[{i}]", checkpoint.Log[i]);
                }
            }
        }

        if (CheckCount(errors, "terms", checkpoint.Terms, FormatLimits.MaxItems))
        {
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < checkpoint.Terms.Count; i++)
            {
                var name = checkpoint.Terms[i].Name;
                CheckId(errors, $"terms[{i}].name", name);
                if (name is not null && !names.TryAdd(name, i))
                {
                    errors.Add(new($"terms[{i}].name", $"'{name}' is also terms[{names[name]}]"));
                }
            }
        }

        return errors;
    }

    private static void CheckAssignments(List<ModelError> errors, string field, IReadOnlyList<Assignment> assignments)
    {
        if (!CheckCount(errors, field, assignments, FormatLimits.MaxAssignments))
        {
            return;
        }

        var seen = new Dictionary<Assignment, int>(assignments.Count);
        for (var i = 0; i < assignments.Count; i++)
        {
            var a = assignments[i];
            CheckId(errors, $"{field}[{i}].person", a.PersonId);
            CheckId(errors, $"{field}[{i}].shift", a.ShiftId);
            if (a.PersonId is not null && a.ShiftId is not null && !seen.TryAdd(a, i))
            {
                errors.Add(new($"{field}[{i}]", $"duplicate of {field}[{seen[a]}]"));
            }
        }
    }

    private static void CheckCounters(List<ModelError> errors, IReadOnlyList<CarriedCounts> counters)
    {
        if (!CheckCount(errors, "counters", counters, FormatLimits.MaxPeople))
        {
            return;
        }

        var seen = new Dictionary<string, int>(counters.Count, StringComparer.Ordinal);
        for (var i = 0; i < counters.Count; i++)
        {
            var c = counters[i];
            CheckId(errors, $"counters[{i}].person", c.PersonId);
            if (c.PersonId is not null && !seen.TryAdd(c.PersonId, i))
            {
                errors.Add(new($"counters[{i}].person", $"'{c.PersonId}' is also counters[{seen[c.PersonId]}]"));
            }

            CheckCount(errors, $"counters[{i}].calls", c.Calls);
            CheckCount(errors, $"counters[{i}].nights", c.Nights);
            CheckCount(errors, $"counters[{i}].weekendShifts", c.WeekendShifts);
        }
    }

    private static void CheckCount(List<ModelError> errors, string path, int value)
    {
        if (value < 0)
        {
            errors.Add(new(path, $"expected 0 or more, got {value}"));
        }
    }

    /// <summary>False (with an error) when the list is null or longer than a reader accepts.</summary>
    private static bool CheckCount<T>(List<ModelError> errors, string path, IReadOnlyList<T> list, int max)
    {
        if (list is null)
        {
            errors.Add(new(path, "must not be null"));
            return false;
        }

        if (list.Count > max)
        {
            errors.Add(new(path, $"expected at most {max} elements, got {list.Count}"));
            return false;
        }

        return true;
    }

    private static void CheckId(List<ModelError> errors, string path, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            errors.Add(new(path, "must not be empty"));
        }
        else
        {
            CheckString(errors, path, id);
        }
    }

    /// <summary>A string a reader accepts: valid Unicode (no lone surrogate) of at most the UTF-8 string limit.</summary>
    private static void CheckString(List<ModelError> errors, string path, string value)
    {
        // UTF-8 takes at most 3 bytes per UTF-16 code unit: short strings need only the surrogate check.
        if (value.Length * 3 <= FormatLimits.MaxStringBytes && !value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return;
        }

        int bytes;
        try
        {
            bytes = Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            errors.Add(new(path, "not valid Unicode (a lone surrogate)"));
            return;
        }

        if (bytes > FormatLimits.MaxStringBytes)
        {
            errors.Add(new(path, $"expected a string of at most {FormatLimits.MaxStringBytes} bytes, got {bytes}"));
        }
    }

    private static CarriedCounts[] ReadCounters(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxPeople);
        var counters = new CarriedCounts[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var person = "";
            int calls = 0, nights = 0, weekendShifts = 0;
            var record = d.BeginRecord(Schema.CarriedCounts);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0:
                        person = d.ReadString();
                        break;
                    case 1:
                        calls = d.ReadInt32();
                        break;
                    case 2:
                        nights = d.ReadInt32();
                        break;
                    default:
                        weekendShifts = d.ReadInt32();
                        break;
                }
            }

            d.EndRecord(record);
            counters[i] = new CarriedCounts(person, calls, nights, weekendShifts);
        }

        d.EndArray();
        return counters;
    }

    private static string[] ReadLog(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxItems);
        var log = new string[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            log[i] = d.ReadString();
        }

        d.EndArray();
        return log;
    }
}
