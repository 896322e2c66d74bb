using System.Globalization;
using MessagePack;
using Scheduler.Core.Checking;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Writes a <see cref="Problem"/> as MessagePack, positional (arrays: the compact binary form) or named (maps with
/// camelCase keys: the form JSON is transcoded from), and reads either form back.
/// </summary>
internal static class ProblemCodec
{
    public static void Write(ref MessagePackWriter w, Problem p, bool named)
    {
        var f = Schema.Problem;

        // The objective is left out while it holds the defaults: such a file reads in builds older than the field.
        // (A null objective fails validation; unvalidated encoding, for hashing, treats it as the default.)
        var objective = p.Objective is { } o && o != ObjectiveWeights.Default ? o : null;
        Begin(ref w, named, objective is null ? f.PositionalMinimum : f.Count);
        Key(ref w, named, f, 0);
        w.Write(p.Name);
        Key(ref w, named, f, 1);
        w.Write(p.TimeZone);
        Key(ref w, named, f, 2);
        w.Write(p.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Key(ref w, named, f, 3);
        w.Write(p.HorizonDays);
        Key(ref w, named, f, 4);
        w.Write(p.HistoryDays);
        Key(ref w, named, f, 5);
        WriteRules(ref w, p.Rules, named);
        if (named && objective is not null)
        {
            // Named fields may come in any order: next to the rules, a person editing the JSON finds it.
            Key(ref w, named, f, Schema.ProblemObjective);
            WriteObjective(ref w, objective, named);
        }

        Key(ref w, named, f, 6);
        w.WriteArrayHeader(p.People.Count);
        foreach (var person in p.People)
        {
            WritePerson(ref w, person, named);
        }

        Key(ref w, named, f, 7);
        w.WriteArrayHeader(p.Activities.Count);
        foreach (var a in p.Activities)
        {
            var af = Schema.Activity;
            Begin(ref w, named, af);
            Key(ref w, named, af, 0);
            w.Write(a.Id);
            Key(ref w, named, af, 1);
            w.Write(a.Name);
            Key(ref w, named, af, 2);
            WriteKinds(ref w, a.Kinds, named);
        }

        Key(ref w, named, f, 8);
        w.WriteArrayHeader(p.Shifts.Count);
        foreach (var s in p.Shifts)
        {
            WriteShift(ref w, s, named);
        }

        Key(ref w, named, f, 9);
        w.WriteArrayHeader(p.Absences.Count);
        foreach (var a in p.Absences)
        {
            var af = Schema.Absence;
            Begin(ref w, named, af);
            Key(ref w, named, af, 0);
            w.Write(a.PersonId);
            Key(ref w, named, af, 1);
            WriteEnum(ref w, (int)a.Kind, Schema.AbsenceKinds, named);
            Key(ref w, named, af, 2);
            w.Write(a.Start);
            Key(ref w, named, af, 3);
            w.Write(a.End);
        }

        Key(ref w, named, f, 10);
        w.WriteArrayHeader(p.Requests.Count);
        foreach (var r in p.Requests)
        {
            var rf = Schema.Request;
            Begin(ref w, named, rf);
            Key(ref w, named, rf, 0);
            w.Write(r.PersonId);
            Key(ref w, named, rf, 1);
            WriteEnum(ref w, (int)r.Kind, Schema.RequestKinds, named);
            Key(ref w, named, rf, 2);
            w.Write(r.ShiftId);
            Key(ref w, named, rf, 3);
            WriteNullable(ref w, r.Day);
            Key(ref w, named, rf, 4);
            w.Write(r.Weight);
        }

        Key(ref w, named, f, 11);
        w.WriteArrayHeader(p.History.Count);
        foreach (var h in p.History)
        {
            var hf = Schema.History;
            Begin(ref w, named, hf);
            Key(ref w, named, hf, 0);
            w.Write(h.PersonId);
            Key(ref w, named, hf, 1);
            w.Write(h.ActivityId);
            Key(ref w, named, hf, 2);
            w.Write(h.Start);
            Key(ref w, named, hf, 3);
            w.Write(h.End);
        }

        if (!named && objective is not null)
        {
            WriteObjective(ref w, objective, named);
        }
    }

    public static Problem Read(ref MsgDecoder d)
    {
        string name = "", timeZone = "";
        var startDate = default(DateOnly);
        int horizonDays = 0, historyDays = 0;
        var rules = ProgramRules.Acgme;
        var objective = ObjectiveWeights.Default;
        IReadOnlyList<Person> people = [];
        IReadOnlyList<Activity> activities = [];
        IReadOnlyList<Shift> shifts = [];
        IReadOnlyList<Absence> absences = [];
        IReadOnlyList<Request> requests = [];
        IReadOnlyList<HistoryEntry> history = [];

        var record = d.BeginRecord(Schema.Problem);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0: name = d.ReadString(); break;
                case 1: timeZone = d.ReadString(); break;
                case 2: startDate = d.ReadDate(); break;
                case 3: horizonDays = d.ReadInt32(); break;
                case 4: historyDays = d.ReadInt32(); break;
                case 5: rules = ReadRules(ref d); break;
                case 6: people = ReadPeople(ref d); break;
                case 7: activities = ReadActivities(ref d); break;
                case 8: shifts = ReadShifts(ref d); break;
                case 9: absences = ReadAbsences(ref d); break;
                case 10: requests = ReadRequests(ref d); break;
                case 11: history = ReadHistory(ref d); break;
                default: objective = ReadObjective(ref d); break;
            }
        }

        d.EndRecord(record);
        return new Problem
        {
            Name = name,
            TimeZone = timeZone,
            StartDate = startDate,
            HorizonDays = horizonDays,
            HistoryDays = historyDays,
            Rules = rules,
            Objective = objective,
            People = people,
            Activities = activities,
            Shifts = shifts,
            Absences = absences,
            Requests = requests,
            History = history,
        };
    }

    internal static void Begin(ref MessagePackWriter w, bool named, FieldSet fields) => Begin(ref w, named, fields.Count);

    /// <summary>
    /// Starts a record of <paramref name="count"/> fields: fewer than its whole field set when fields appended to it
    /// later hold their defaults and are left out, so that the bytes are what a build older than them writes.
    /// </summary>
    internal static void Begin(ref MessagePackWriter w, bool named, int count)
    {
        if (named)
        {
            w.WriteMapHeader(count);
        }
        else
        {
            w.WriteArrayHeader(count);
        }
    }

    internal static void Key(ref MessagePackWriter w, bool named, FieldSet fields, int index)
    {
        if (named)
        {
            w.WriteString(fields.Utf8(index));
        }
    }

    private static void WriteNullable(ref MessagePackWriter w, int? value)
    {
        if (value is { } v)
        {
            w.Write(v);
        }
        else
        {
            w.WriteNil();
        }
    }

    private static void WriteEnum(ref MessagePackWriter w, int value, string[] names, bool named)
    {
        if (named)
        {
            w.Write(names[value]);
        }
        else
        {
            w.Write(value);
        }
    }

    private static void WriteStrings(ref MessagePackWriter w, IReadOnlyList<string> values)
    {
        w.WriteArrayHeader(values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    }

    private static void WriteKinds(ref MessagePackWriter w, ActivityKinds kinds, bool named)
    {
        if (!named)
        {
            w.Write((int)kinds);
            return;
        }

        var bits = (int)kinds;
        w.WriteArrayHeader(System.Numerics.BitOperations.PopCount((uint)bits));
        for (var i = 0; i < 32; i++)
        {
            if ((bits & (1 << i)) != 0)
            {
                // Only valid problems are written, so every bit has a name.
                w.Write(Schema.ActivityKinds[i]);
            }
        }
    }

    private static void WriteRules(ref MessagePackWriter w, ProgramRules r, bool named)
    {
        var f = Schema.Rules;
        var successions = r.ForbiddenSuccessions;
        Begin(ref w, named, successions.Count == 0 ? f.PositionalMinimum : f.Count);
        Key(ref w, named, f, 0);
        w.Write(r.WindowDays);
        Key(ref w, named, f, 1);
        w.Write(r.MaxDutyMinutesPerWindow);
        Key(ref w, named, f, 2);
        w.Write(r.MinFreeDaysPerWindow);
        Key(ref w, named, f, 3);
        w.Write(r.ContinuityGapMinutes);
        Key(ref w, named, f, 4);
        w.Write(r.MaxContinuousDutyMinutes);
        Key(ref w, named, f, 5);
        w.Write(r.MaxDutyPeriodMinutes);
        Key(ref w, named, f, 6);
        w.Write(r.MinRestMinutes);
        Key(ref w, named, f, 7);
        w.Write(r.MinRestAfterCallMinutes);
        Key(ref w, named, f, 8);
        w.Write(r.LongCallPeriodMinutes);
        Key(ref w, named, f, 9);
        w.Write(r.MaxCallsPerWindow);
        Key(ref w, named, f, 10);
        w.Write(r.MaxConsecutiveNights);
        Key(ref w, named, f, 11);
        w.Write(r.Pgy1PerFaculty);
        Key(ref w, named, f, 12);
        w.Write(r.SeniorPerFaculty);
        Key(ref w, named, f, 13);
        WriteNullable(ref w, r.Pgy1MaxDutyPeriodMinutes);
        Key(ref w, named, f, 14);
        WriteNullable(ref w, r.FacultyMinClinicSessionsPerWeek);
        Key(ref w, named, f, 15);
        WriteNullable(ref w, r.FacultyMaxClinicSessionsPerWeek);
        if (successions.Count == 0)
        {
            return;
        }

        Key(ref w, named, f, 16);
        w.WriteArrayHeader(successions.Count);
        foreach (var succession in successions)
        {
            var sf = Schema.Succession;
            Begin(ref w, named, sf);
            Key(ref w, named, sf, 0);
            w.Write(succession.FromActivityId);
            Key(ref w, named, sf, 1);
            w.Write(succession.ToActivityId);
        }
    }

    private static void WriteObjective(ref MessagePackWriter w, ObjectiveWeights o, bool named)
    {
        var f = Schema.Objective;
        Begin(ref w, named, f);
        Key(ref w, named, f, 0);
        w.Write(o.Requests);
        Key(ref w, named, f, 1);
        w.Write(o.CallFairness);
        Key(ref w, named, f, 2);
        w.Write(o.NightFairness);
        Key(ref w, named, f, 3);
        w.Write(o.WeekendFairness);
        Key(ref w, named, f, 4);
        w.Write(o.Continuity);
        Key(ref w, named, f, 5);
        w.WriteArrayHeader(o.SoftRules.Count);
        foreach (var soft in o.SoftRules)
        {
            var sf = Schema.SoftRule;
            Begin(ref w, named, sf);
            Key(ref w, named, sf, 0);

            // Only valid problems are written, so every rule has a name.
            WriteEnum(ref w, (int)soft.Rule, Schema.RuleNames, named);
            Key(ref w, named, sf, 1);
            w.Write(soft.Weight);
        }
    }

    private static void WritePerson(ref MessagePackWriter w, Person p, bool named)
    {
        var f = Schema.Person;
        Begin(ref w, named, p.Roster is null ? f.PositionalMinimum : f.Count);
        Key(ref w, named, f, 0);
        w.Write(p.Id);
        Key(ref w, named, f, 1);
        w.Write(p.Name);
        Key(ref w, named, f, 2);
        WriteEnum(ref w, (int)p.Role, Schema.Roles, named);
        Key(ref w, named, f, 3);
        w.Write(p.Pgy);
        Key(ref w, named, f, 4);
        WriteStrings(ref w, p.Qualifications);
        Key(ref w, named, f, 5);
        if (p.Overrides is { } o)
        {
            var of = Schema.Overrides;
            Begin(ref w, named, of);
            Key(ref w, named, of, 0);
            WriteNullable(ref w, o.MaxDutyMinutesPerWindow);
            Key(ref w, named, of, 1);
            WriteNullable(ref w, o.MinFreeDaysPerWindow);
            Key(ref w, named, of, 2);
            WriteNullable(ref w, o.MaxContinuousDutyMinutes);
            Key(ref w, named, of, 3);
            WriteNullable(ref w, o.MaxCallsPerWindow);
            Key(ref w, named, of, 4);
            WriteNullable(ref w, o.MaxConsecutiveNights);
        }
        else
        {
            w.WriteNil();
        }

        if (p.Roster is { } roster)
        {
            Key(ref w, named, f, 6);
            WriteRoster(ref w, roster, named);
        }
    }

    private static void WriteRoster(ref MessagePackWriter w, RosterLimits r, bool named)
    {
        var f = Schema.Roster;
        Begin(ref w, named, f);
        Key(ref w, named, f, 0);
        w.WriteArrayHeader(r.MaxShifts.Count);
        foreach (var limit in r.MaxShifts)
        {
            var lf = Schema.ActivityLimit;
            Begin(ref w, named, lf);
            Key(ref w, named, lf, 0);
            w.Write(limit.ActivityId);
            Key(ref w, named, lf, 1);
            w.Write(limit.Max);
        }

        Key(ref w, named, f, 1);
        WriteNullable(ref w, r.MinTotalMinutes);
        Key(ref w, named, f, 2);
        WriteNullable(ref w, r.MaxTotalMinutes);
        Key(ref w, named, f, 3);
        WriteNullable(ref w, r.MinConsecutiveDays);
        Key(ref w, named, f, 4);
        WriteNullable(ref w, r.MaxConsecutiveDays);
        Key(ref w, named, f, 5);
        WriteNullable(ref w, r.MinConsecutiveDaysOff);
        Key(ref w, named, f, 6);
        WriteNullable(ref w, r.MaxWeekends);
    }

    private static void WriteShift(ref MessagePackWriter w, Shift s, bool named)
    {
        var f = Schema.Shift;
        Begin(ref w, named, f);
        Key(ref w, named, f, 0);
        w.Write(s.Id);
        Key(ref w, named, f, 1);
        w.Write(s.ActivityId);
        Key(ref w, named, f, 2);
        w.Write(s.Start);
        Key(ref w, named, f, 3);
        w.Write(s.End);
        Key(ref w, named, f, 4);

        var r = s.Requirement;
        var rf = Schema.Requirement;
        Begin(ref w, named, r.Penalty is null ? rf.PositionalMinimum : rf.Count);
        Key(ref w, named, rf, 0);
        w.Write(r.MinPeople);
        Key(ref w, named, rf, 1);
        w.Write(r.MaxPeople);
        Key(ref w, named, rf, 2);
        w.Write(r.Supervised);
        Key(ref w, named, rf, 3);

        var e = r.Eligibility;
        var ef = Schema.Eligibility;
        Begin(ref w, named, ef);
        Key(ref w, named, ef, 0);
        w.Write(e.Residents);
        Key(ref w, named, ef, 1);
        w.Write(e.Faculty);
        Key(ref w, named, ef, 2);
        w.Write(e.MinPgy);
        Key(ref w, named, ef, 3);
        w.Write(e.MaxPgy);
        Key(ref w, named, ef, 4);
        WriteStrings(ref w, e.Qualifications);
        if (r.Penalty is { } penalty)
        {
            Key(ref w, named, rf, 4);
            var pf = Schema.CoverPenalty;
            Begin(ref w, named, pf);
            Key(ref w, named, pf, 0);
            w.Write(penalty.Under);
            Key(ref w, named, pf, 1);
            w.Write(penalty.Over);
        }
    }

    private static ProgramRules ReadRules(ref MsgDecoder d)
    {
        var r = ProgramRules.Acgme;
        var record = d.BeginRecord(Schema.Rules);
        while (d.NextField(ref record, out var field))
        {
            // Rules are read once per file: the record's `with` copies cost nothing worth avoiding.
            r = field switch
            {
                0 => r with { WindowDays = d.ReadInt32() },
                1 => r with { MaxDutyMinutesPerWindow = d.ReadInt32() },
                2 => r with { MinFreeDaysPerWindow = d.ReadInt32() },
                3 => r with { ContinuityGapMinutes = d.ReadInt32() },
                4 => r with { MaxContinuousDutyMinutes = d.ReadInt32() },
                5 => r with { MaxDutyPeriodMinutes = d.ReadInt32() },
                6 => r with { MinRestMinutes = d.ReadInt32() },
                7 => r with { MinRestAfterCallMinutes = d.ReadInt32() },
                8 => r with { LongCallPeriodMinutes = d.ReadInt32() },
                9 => r with { MaxCallsPerWindow = d.ReadInt32() },
                10 => r with { MaxConsecutiveNights = d.ReadInt32() },
                11 => r with { Pgy1PerFaculty = d.ReadInt32() },
                12 => r with { SeniorPerFaculty = d.ReadInt32() },
                13 => r with { Pgy1MaxDutyPeriodMinutes = d.ReadNullableInt32() },
                14 => r with { FacultyMinClinicSessionsPerWeek = d.ReadNullableInt32() },
                15 => r with { FacultyMaxClinicSessionsPerWeek = d.ReadNullableInt32() },
                _ => r with { ForbiddenSuccessions = ReadSuccessions(ref d) },
            };
        }

        d.EndRecord(record);

        // Keep the shared default instance when nothing differs, as a freshly built problem would.
        return r == ProgramRules.Acgme ? ProgramRules.Acgme : r;
    }

    private static Succession[] ReadSuccessions(ref MsgDecoder d)
    {
        // Unknown activities are ProblemValidator's (rules.forbiddenSuccessions[2].to).
        var count = d.BeginArray(FormatLimits.MaxItems);
        var successions = count == 0 ? [] : new Succession[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            string from = "", to = "";
            var record = d.BeginRecord(Schema.Succession);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: from = d.ReadString(); break;
                    default: to = d.ReadString(); break;
                }
            }

            d.EndRecord(record);
            successions[i] = new Succession(from, to);
        }

        d.EndArray();
        return successions;
    }

    private static ObjectiveWeights ReadObjective(ref MsgDecoder d)
    {
        var o = ObjectiveWeights.Default;
        var record = d.BeginRecord(Schema.Objective);
        while (d.NextField(ref record, out var field))
        {
            // Read once per file, like the rules.
            o = field switch
            {
                0 => o with { Requests = d.ReadInt32() },
                1 => o with { CallFairness = d.ReadInt32() },
                2 => o with { NightFairness = d.ReadInt32() },
                3 => o with { WeekendFairness = d.ReadInt32() },
                4 => o with { Continuity = d.ReadInt32() },
                _ => o with { SoftRules = ReadSoftRules(ref d) },
            };
        }

        d.EndRecord(record);

        // Ranges, rules that cannot be soft and rules listed twice are ProblemValidator's (objective.softRules[1].rule).
        return o == ObjectiveWeights.Default ? ObjectiveWeights.Default : o;
    }

    private static SoftRule[] ReadSoftRules(ref MsgDecoder d)
    {
        // A rule is listed at most once, so a longer list is wrong whatever it holds.
        var count = d.BeginArray(Schema.RuleNames.Length);
        var rules = count == 0 ? [] : new SoftRule[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var rule = RuleId.WeeklyHours;
            var weight = 0;
            var record = d.BeginRecord(Schema.SoftRule);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: rule = (RuleId)d.ReadEnum(record.Named, Schema.RuleNames); break;
                    default: weight = d.ReadInt32(); break;
                }
            }

            d.EndRecord(record);
            rules[i] = new SoftRule(rule, weight);
        }

        d.EndArray();
        return rules;
    }

    private static string[] ReadStrings(ref MsgDecoder d, int maxCount)
    {
        var count = d.BeginArray(maxCount);
        var values = count == 0 ? [] : new string[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            values[i] = d.ReadString();
        }

        d.EndArray();
        return values;
    }

    private static Person[] ReadPeople(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxPeople);
        var people = new Person[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            string id = "", name = "";
            var role = Role.Resident;
            var pgy = 0;
            string[] qualifications = [];
            RuleOverrides? overrides = null;
            RosterLimits? roster = null;
            var record = d.BeginRecord(Schema.Person);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: id = d.ReadString(); break;
                    case 1: name = d.ReadString(); break;
                    case 2: role = (Role)d.ReadEnum(record.Named, Schema.Roles); break;
                    case 3: pgy = d.ReadInt32(); break;
                    case 4: qualifications = ReadStrings(ref d, FormatLimits.MaxQualificationsPerList); break;
                    case 5: overrides = d.TryReadNil() ? null : ReadOverrides(ref d); break;
                    default: roster = d.TryReadNil() ? null : ReadRoster(ref d); break;
                }
            }

            d.EndRecord(record);
            people[i] = new Person(id, name, role, pgy, qualifications, overrides, roster);
        }

        d.EndArray();
        return people;
    }

    private static RuleOverrides ReadOverrides(ref MsgDecoder d)
    {
        int? maxDuty = null, minFree = null, maxContinuous = null, maxCalls = null, maxNights = null;
        var record = d.BeginRecord(Schema.Overrides);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0: maxDuty = d.ReadNullableInt32(); break;
                case 1: minFree = d.ReadNullableInt32(); break;
                case 2: maxContinuous = d.ReadNullableInt32(); break;
                case 3: maxCalls = d.ReadNullableInt32(); break;
                default: maxNights = d.ReadNullableInt32(); break;
            }
        }

        d.EndRecord(record);
        return new RuleOverrides
        {
            MaxDutyMinutesPerWindow = maxDuty,
            MinFreeDaysPerWindow = minFree,
            MaxContinuousDutyMinutes = maxContinuous,
            MaxCallsPerWindow = maxCalls,
            MaxConsecutiveNights = maxNights,
        };
    }

    private static RosterLimits ReadRoster(ref MsgDecoder d)
    {
        ActivityLimit[] maxShifts = [];
        int? minMinutes = null, maxMinutes = null, minDays = null, maxDays = null, minDaysOff = null, maxWeekends = null;
        var record = d.BeginRecord(Schema.Roster);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0: maxShifts = ReadActivityLimits(ref d); break;
                case 1: minMinutes = d.ReadNullableInt32(); break;
                case 2: maxMinutes = d.ReadNullableInt32(); break;
                case 3: minDays = d.ReadNullableInt32(); break;
                case 4: maxDays = d.ReadNullableInt32(); break;
                case 5: minDaysOff = d.ReadNullableInt32(); break;
                default: maxWeekends = d.ReadNullableInt32(); break;
            }
        }

        d.EndRecord(record);

        // Ranges, unknown activities and activities listed twice are ProblemValidator's (people[3].roster.maxShifts[0].max).
        return new RosterLimits
        {
            MaxShifts = maxShifts,
            MinTotalMinutes = minMinutes,
            MaxTotalMinutes = maxMinutes,
            MinConsecutiveDays = minDays,
            MaxConsecutiveDays = maxDays,
            MinConsecutiveDaysOff = minDaysOff,
            MaxWeekends = maxWeekends,
        };
    }

    private static ActivityLimit[] ReadActivityLimits(ref MsgDecoder d)
    {
        // An activity is listed at most once, so a list longer than the activities can be is wrong whatever it holds.
        var count = d.BeginArray(FormatLimits.MaxActivities);
        var limits = count == 0 ? [] : new ActivityLimit[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var activity = "";
            var max = 0;
            var record = d.BeginRecord(Schema.ActivityLimit);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: activity = d.ReadString(); break;
                    default: max = d.ReadInt32(); break;
                }
            }

            d.EndRecord(record);
            limits[i] = new ActivityLimit(activity, max);
        }

        d.EndArray();
        return limits;
    }

    private static Activity[] ReadActivities(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxActivities);
        var activities = new Activity[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            string id = "", name = "";
            var kinds = ActivityKinds.None;
            var record = d.BeginRecord(Schema.Activity);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: id = d.ReadString(); break;
                    case 1: name = d.ReadString(); break;
                    default: kinds = ReadKinds(ref d, record.Named); break;
                }
            }

            d.EndRecord(record);
            activities[i] = new Activity(id, name, kinds);
        }

        d.EndArray();
        return activities;
    }

    private static ActivityKinds ReadKinds(ref MsgDecoder d, bool named)
    {
        var all = (1 << Schema.ActivityKinds.Length) - 1;
        if (!named)
        {
            var bits = d.ReadInt32();
            if ((bits & ~all) != 0)
            {
                d.Fail($"expected kind bits 0..{all} (duty 1, inHouseCall 2, night 4, homeCall 8, transition 16, clinic 32, continuity 64), got {bits}");
            }

            return (ActivityKinds)bits;
        }

        var count = d.BeginArray(Schema.ActivityKinds.Length);
        var kinds = 0;
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var bit = 1 << d.ReadEnum(named: true, Schema.ActivityKinds);
            if ((kinds & bit) != 0)
            {
                d.Fail("duplicate kind");
            }

            kinds |= bit;
        }

        d.EndArray();
        return (ActivityKinds)kinds;
    }

    private static Shift[] ReadShifts(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxItems);
        var shifts = new Shift[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            string id = "", activity = "";
            int start = 0, end = 0;
            Requirement? requirement = null;
            var record = d.BeginRecord(Schema.Shift);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: id = d.ReadString(); break;
                    case 1: activity = d.ReadString(); break;
                    case 2: start = d.ReadInt32(); break;
                    case 3: end = d.ReadInt32(); break;
                    default: requirement = ReadRequirement(ref d); break;
                }
            }

            d.EndRecord(record);

            // EndRecord refused a record without its requirement.
            shifts[i] = new Shift(id, activity, start, end, requirement!);
        }

        d.EndArray();
        return shifts;
    }

    private static Requirement ReadRequirement(ref MsgDecoder d)
    {
        int minPeople = 0, maxPeople = 0;
        var supervised = false;
        var eligibility = Eligibility.Anyone;
        CoverPenalty? penalty = null;
        var record = d.BeginRecord(Schema.Requirement);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0: minPeople = d.ReadInt32(); break;
                case 1: maxPeople = d.ReadInt32(); break;
                case 2: supervised = d.ReadBoolean(); break;
                case 3: eligibility = ReadEligibility(ref d); break;
                default: penalty = d.TryReadNil() ? null : ReadCoverPenalty(ref d); break;
            }
        }

        d.EndRecord(record);
        return new Requirement(minPeople, maxPeople, eligibility, supervised, penalty);
    }

    private static CoverPenalty ReadCoverPenalty(ref MsgDecoder d)
    {
        int under = 0, over = 0;
        var record = d.BeginRecord(Schema.CoverPenalty);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0: under = d.ReadInt32(); break;
                default: over = d.ReadInt32(); break;
            }
        }

        d.EndRecord(record);

        // Ranges are ProblemValidator's (shifts[4].requirement.penalty).
        return new CoverPenalty(under, over);
    }

    private static Eligibility ReadEligibility(ref MsgDecoder d)
    {
        var anyone = Eligibility.Anyone;
        bool residents = anyone.Residents, faculty = anyone.Faculty;
        int minPgy = anyone.MinPgy, maxPgy = anyone.MaxPgy;
        IReadOnlyList<string> qualifications = anyone.Qualifications;
        var record = d.BeginRecord(Schema.Eligibility);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case 0: residents = d.ReadBoolean(); break;
                case 1: faculty = d.ReadBoolean(); break;
                case 2: minPgy = d.ReadInt32(); break;
                case 3: maxPgy = d.ReadInt32(); break;
                default: qualifications = ReadStrings(ref d, FormatLimits.MaxQualificationsPerList); break;
            }
        }

        d.EndRecord(record);

        // Most shifts take anyone: share the one instance rather than allocate a copy per shift.
        return residents == anyone.Residents && faculty == anyone.Faculty && minPgy == anyone.MinPgy
            && maxPgy == anyone.MaxPgy && qualifications.Count == 0
            ? anyone
            : new Eligibility(residents, faculty, minPgy, maxPgy, qualifications);
    }

    private static Absence[] ReadAbsences(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxItems);
        var absences = new Absence[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var person = "";
            var kind = AbsenceKind.Leave;
            int start = 0, end = 0;
            var record = d.BeginRecord(Schema.Absence);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: person = d.ReadString(); break;
                    case 1: kind = (AbsenceKind)d.ReadEnum(record.Named, Schema.AbsenceKinds); break;
                    case 2: start = d.ReadInt32(); break;
                    default: end = d.ReadInt32(); break;
                }
            }

            d.EndRecord(record);
            absences[i] = new Absence(person, kind, start, end);
        }

        d.EndArray();
        return absences;
    }

    private static Request[] ReadRequests(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxItems);
        var requests = new Request[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            var person = "";
            var kind = RequestKind.Want;
            string? shift = null;
            int? day = null;
            var weight = 0;
            var record = d.BeginRecord(Schema.Request);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: person = d.ReadString(); break;
                    case 1: kind = (RequestKind)d.ReadEnum(record.Named, Schema.RequestKinds); break;
                    case 2: shift = d.ReadNullableString(); break;
                    case 3: day = d.ReadNullableInt32(); break;
                    default: weight = d.ReadInt32(); break;
                }
            }

            d.EndRecord(record);
            requests[i] = new Request(person, kind, shift, day, weight);
        }

        d.EndArray();
        return requests;
    }

    private static HistoryEntry[] ReadHistory(ref MsgDecoder d)
    {
        var count = d.BeginArray(FormatLimits.MaxItems);
        var history = new HistoryEntry[count];
        for (var i = 0; i < count; i++)
        {
            d.Element(i);
            string person = "", activity = "";
            int start = 0, end = 0;
            var record = d.BeginRecord(Schema.History);
            while (d.NextField(ref record, out var field))
            {
                switch (field)
                {
                    case 0: person = d.ReadString(); break;
                    case 1: activity = d.ReadString(); break;
                    case 2: start = d.ReadInt32(); break;
                    default: end = d.ReadInt32(); break;
                }
            }

            d.EndRecord(record);
            history[i] = new HistoryEntry(person, activity, start, end);
        }

        d.EndArray();
        return history;
    }
}
