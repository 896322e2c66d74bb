using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>Writes and reads a <see cref="Schedule"/>, positional or named, like <see cref="ProblemCodec"/>.</summary>
internal static class ScheduleCodec
{
    public static void Write(ref MessagePackWriter w, Schedule schedule, bool named)
    {
        var f = Schema.Schedule.Fields;
        w.BeginRecord(named, schedule.ProblemHash is null ? f.PositionalMinimum : f.Count);
        w.Key(named, f, Schema.Schedule.ProblemName);
        w.Write(schedule.ProblemName);
        w.Key(named, f, Schema.Schedule.Assignments);
        w.WriteArray(schedule.Assignments, named, WriteAssignment);
        if (schedule.ProblemHash is { } hash)
        {
            w.Key(named, f, Schema.Schedule.ProblemHash);
            w.Write(hash);
        }
    }

    /// <summary>Writes one assignment (also of the checkpoint's <c>committed</c> and <c>hint</c>).</summary>
    internal static void WriteAssignment(ref MessagePackWriter w, Assignment a, bool named)
    {
        var f = Schema.Assignment.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Assignment.Person);
        w.Write(a.PersonId);
        w.Key(named, f, Schema.Assignment.Shift);
        w.Write(a.ShiftId);
    }

    public static Schedule Read(ref MsgDecoder d)
    {
        var problemName = "";
        string? problemHash = null;
        Assignment[] assignments = [];
        var record = d.BeginRecord(Schema.Schedule.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Schedule.ProblemName: problemName = d.ReadString(); break;
                case Schema.Schedule.Assignments: assignments = ReadAssignments(ref d); break;
                case Schema.Schedule.ProblemHash: problemHash = d.TryReadNil() ? null : d.ReadString(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Schedule(problemName, assignments) { ProblemHash = problemHash };
    }

    /// <summary>Reads a list of at most <see cref="FormatLimits.MaxAssignments"/> assignments (also the checkpoint's <c>committed</c> and <c>hint</c>).</summary>
    internal static Assignment[] ReadAssignments(ref MsgDecoder d) => d.ReadArray(FormatLimits.MaxAssignments, ReadAssignment);

    private static Assignment ReadAssignment(ref MsgDecoder d)
    {
        string person = "", shift = "";
        var record = d.BeginRecord(Schema.Assignment.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Assignment.Person: person = d.ReadString(); break;
                case Schema.Assignment.Shift: shift = d.ReadString(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Assignment(person, shift);
    }

    /// <summary>What a schedule must satisfy on its own (references are checked against a problem elsewhere).</summary>
    public static IReadOnlyList<ModelError> Validate(Schedule schedule)
    {
        var errors = new List<ModelError>();
        if (schedule.ProblemHash is { } hash && !ContentHash.IsHash(hash))
        {
            errors.Add(new("problemHash", $"expected 32 lowercase hex digits, got '{hash}'"));
        }

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
}
