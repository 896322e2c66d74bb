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
        var f = Schema.Checkpoint.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Checkpoint.ProblemHash);
        w.Write(checkpoint.ProblemHash);
        w.Key(named, f, Schema.Checkpoint.Settings);
        w.Write(checkpoint.Settings);
        w.Key(named, f, Schema.Checkpoint.CommittedDays);
        w.Write(checkpoint.CommittedDays);
        w.Key(named, f, Schema.Checkpoint.Windows);
        w.Write(checkpoint.Windows);
        w.Key(named, f, Schema.Checkpoint.Committed);
        w.WriteArray(checkpoint.Committed, named, ScheduleCodec.WriteAssignment);
        w.Key(named, f, Schema.Checkpoint.Hint);
        w.WriteArray(checkpoint.Hint, named, ScheduleCodec.WriteAssignment);
        w.Key(named, f, Schema.Checkpoint.Counters);
        w.WriteArray(checkpoint.Counters, named, WriteCarriedCounts);
        w.Key(named, f, Schema.Checkpoint.Objective);
        w.Write(checkpoint.Objective);
        w.Key(named, f, Schema.Checkpoint.Log);
        w.WriteStrings(checkpoint.Log);
        w.Key(named, f, Schema.Checkpoint.Terms);
        w.WriteArray(checkpoint.Terms, named, WriteObjectiveTerm);
    }

    private static void WriteCarriedCounts(ref MessagePackWriter w, CarriedCounts c, bool named)
    {
        var f = Schema.CarriedCounts.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.CarriedCounts.Person);
        w.Write(c.PersonId);
        w.Key(named, f, Schema.CarriedCounts.Calls);
        w.Write(c.Calls);
        w.Key(named, f, Schema.CarriedCounts.Nights);
        w.Write(c.Nights);
        w.Key(named, f, Schema.CarriedCounts.WeekendShifts);
        w.Write(c.WeekendShifts);
    }

    private static void WriteObjectiveTerm(ref MessagePackWriter w, ObjectiveTerm t, bool named)
    {
        var f = Schema.ObjectiveTerm.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.ObjectiveTerm.Name);
        w.Write(t.Name);
        w.Key(named, f, Schema.ObjectiveTerm.Value);
        w.Write(t.Value);
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
        var record = d.BeginRecord(Schema.Checkpoint.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Checkpoint.ProblemHash: problemHash = d.ReadString(); break;
                case Schema.Checkpoint.Settings: settings = d.ReadString(); break;
                case Schema.Checkpoint.CommittedDays: committedDays = d.ReadInt32(); break;
                case Schema.Checkpoint.Windows: windows = d.ReadInt32(); break;
                case Schema.Checkpoint.Committed: committed = ScheduleCodec.ReadAssignments(ref d); break;
                case Schema.Checkpoint.Hint: hint = ScheduleCodec.ReadAssignments(ref d); break;
                case Schema.Checkpoint.Counters: counters = d.ReadArray(FormatLimits.MaxPeople, ReadCarriedCounts); break;
                case Schema.Checkpoint.Objective: objective = d.ReadInt64(); break;
                case Schema.Checkpoint.Log: log = d.ReadStrings(FormatLimits.MaxItems); break;
                case Schema.Checkpoint.Terms: terms = d.ReadArray(FormatLimits.MaxItems, ReadObjectiveTerm); break;
                default: throw MsgDecoder.NoReader(record, field);
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

    private static CarriedCounts ReadCarriedCounts(ref MsgDecoder d)
    {
        var person = "";
        int calls = 0, nights = 0, weekendShifts = 0;
        var record = d.BeginRecord(Schema.CarriedCounts.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.CarriedCounts.Person: person = d.ReadString(); break;
                case Schema.CarriedCounts.Calls: calls = d.ReadInt32(); break;
                case Schema.CarriedCounts.Nights: nights = d.ReadInt32(); break;
                case Schema.CarriedCounts.WeekendShifts: weekendShifts = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new CarriedCounts(person, calls, nights, weekendShifts);
    }

    private static ObjectiveTerm ReadObjectiveTerm(ref MsgDecoder d)
    {
        var name = "";
        long value = 0;
        var record = d.BeginRecord(Schema.ObjectiveTerm.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.ObjectiveTerm.Name: name = d.ReadString(); break;
                case Schema.ObjectiveTerm.Value: value = d.ReadInt64(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new ObjectiveTerm(name, value);
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
}
