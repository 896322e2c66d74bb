using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>Writes and reads a <see cref="Schedule"/>, positional or named, like <see cref="ProblemCodec"/>.</summary>
internal static class ScheduleCodec
{
    public static void Write(ref MessagePackWriter w, Schedule schedule, bool named)
    {
        var f = Schema.Schedule;
        ProblemCodec.Begin(ref w, named, f);
        ProblemCodec.Key(ref w, named, f, 0);
        w.Write(schedule.ProblemName);
        ProblemCodec.Key(ref w, named, f, 1);
        WriteAssignments(ref w, schedule.Assignments, named);
    }

    /// <summary>Writes a list of assignments (also the checkpoint's <c>committed</c> and <c>hint</c>).</summary>
    internal static void WriteAssignments(ref MessagePackWriter w, IReadOnlyList<Assignment> assignments, bool named)
    {
        var af = Schema.Assignment;
        w.WriteArrayHeader(assignments.Count);
        foreach (var a in assignments)
        {
            ProblemCodec.Begin(ref w, named, af);
            ProblemCodec.Key(ref w, named, af, 0);
            w.Write(a.PersonId);
            ProblemCodec.Key(ref w, named, af, 1);
            w.Write(a.ShiftId);
        }
    }

    public static Schedule Read(ref MsgDecoder d)
    {
        var problemName = "";
        Assignment[] assignments = [];
        var record = d.BeginRecord(Schema.Schedule);
        while (d.NextField(ref record, out var field))
        {
            if (field == 0)
            {
                problemName = d.ReadString();
            }
            else
            {
                assignments = ReadAssignments(ref d);
            }
        }

        d.EndRecord(record);
        return new Schedule(problemName, assignments);
    }

    /// <summary>What a schedule must satisfy on its own (references are checked against a problem elsewhere).</summary>
    public static IReadOnlyList<ModelError> Validate(Schedule schedule)
    {
        var errors = new List<ModelError>();
        var seen = new Dictionary<Assignment, int>(schedule.Assignments.Count);
        for (var i = 0; i < schedule.Assignments.Count; i++)
        {
            var a = schedule.Assignments[i];
            if (string.IsNullOrEmpty(a.PersonId))
            {
                errors.Add(new($"assignments[{i}].person", "must not be empty"));
            }

            if (string.IsNullOrEmpty(a.ShiftId))
            {
                errors.Add(new($"assignments[{i}].shift", "must not be empty"));
            }

            if (!seen.TryAdd(a, i))
            {
                errors.Add(new($"assignments[{i}]", $"duplicate of assignments[{seen[a]}]"));
            }
        }

        if (schedule.ProblemName is null)
        {
            errors.Add(new("problemName", "must not be null"));
        }

        return errors;
    }

    /// <summary>Reads a list of at most <see cref="FormatLimits.MaxAssignments"/> assignments.</summary>
    internal static Assignment[] ReadAssignments(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxAssignments);
        var assignments = new Assignment[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            string person = "", shift = "";
            var record = d.BeginRecord(Schema.Assignment);
            while (d.NextField(ref record, out var field))
            {
                if (field == 0)
                {
                    person = d.ReadString();
                }
                else
                {
                    shift = d.ReadString();
                }
            }

            d.EndRecord(record);
            assignments[i] = new Assignment(person, shift);
        }

        d.EndArray();
        return assignments;
    }
}
