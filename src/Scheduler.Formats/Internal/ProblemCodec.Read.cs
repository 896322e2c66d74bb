using Scheduler.Core.Checking;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

// The reading face of ProblemCodec: a reader per record of Schema, mirroring the writers in ProblemCodec.Write.cs.
// Each switch names every field; its default is unreachable (MsgDecoder.NextField gives only the record's fields)
// unless the schema gained a field that no case reads.
internal static partial class ProblemCodec
{
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

        var record = d.BeginRecord(Schema.Problem.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Problem.Name: name = d.ReadString(); break;
                case Schema.Problem.TimeZone: timeZone = d.ReadString(); break;
                case Schema.Problem.StartDate: startDate = d.ReadDate(); break;
                case Schema.Problem.HorizonDays: horizonDays = d.ReadInt32(); break;
                case Schema.Problem.HistoryDays: historyDays = d.ReadInt32(); break;
                case Schema.Problem.Rules: rules = ReadRules(ref d); break;
                case Schema.Problem.People: people = d.ReadArray(FormatLimits.MaxPeople, ReadPerson); break;
                case Schema.Problem.Activities: activities = d.ReadArray(FormatLimits.MaxActivities, ReadActivity); break;
                case Schema.Problem.Shifts: shifts = d.ReadArray(FormatLimits.MaxItems, ReadShift); break;
                case Schema.Problem.Absences: absences = d.ReadArray(FormatLimits.MaxItems, ReadAbsence); break;
                case Schema.Problem.Requests: requests = d.ReadArray(FormatLimits.MaxItems, ReadRequest); break;
                case Schema.Problem.History: history = d.ReadArray(FormatLimits.MaxItems, ReadHistoryEntry); break;
                case Schema.Problem.Objective: objective = ReadObjective(ref d); break;
                default: throw MsgDecoder.NoReader(record, field);
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

    private static ProgramRules ReadRules(ref MsgDecoder d)
    {
        var r = ProgramRules.Acgme;
        var record = d.BeginRecord(Schema.Rules.Fields);
        while (d.NextField(ref record, out var field))
        {
            // Rules are read once per file: the record's `with` copies cost nothing worth avoiding.
            r = field switch
            {
                Schema.Rules.WindowDays => r with { WindowDays = d.ReadInt32() },
                Schema.Rules.MaxDutyMinutesPerWindow => r with { MaxDutyMinutesPerWindow = d.ReadInt32() },
                Schema.Rules.MinFreeDaysPerWindow => r with { MinFreeDaysPerWindow = d.ReadInt32() },
                Schema.Rules.ContinuityGapMinutes => r with { ContinuityGapMinutes = d.ReadInt32() },
                Schema.Rules.MaxContinuousDutyMinutes => r with { MaxContinuousDutyMinutes = d.ReadInt32() },
                Schema.Rules.MaxDutyPeriodMinutes => r with { MaxDutyPeriodMinutes = d.ReadInt32() },
                Schema.Rules.MinRestMinutes => r with { MinRestMinutes = d.ReadInt32() },
                Schema.Rules.MinRestAfterCallMinutes => r with { MinRestAfterCallMinutes = d.ReadInt32() },
                Schema.Rules.LongCallPeriodMinutes => r with { LongCallPeriodMinutes = d.ReadInt32() },
                Schema.Rules.MaxCallsPerWindow => r with { MaxCallsPerWindow = d.ReadInt32() },
                Schema.Rules.MaxConsecutiveNights => r with { MaxConsecutiveNights = d.ReadInt32() },
                Schema.Rules.Pgy1PerFaculty => r with { Pgy1PerFaculty = d.ReadInt32() },
                Schema.Rules.SeniorPerFaculty => r with { SeniorPerFaculty = d.ReadInt32() },
                Schema.Rules.Pgy1MaxDutyPeriodMinutes => r with { Pgy1MaxDutyPeriodMinutes = d.ReadNullableInt32() },
                Schema.Rules.FacultyMinClinicSessionsPerWeek => r with { FacultyMinClinicSessionsPerWeek = d.ReadNullableInt32() },
                Schema.Rules.FacultyMaxClinicSessionsPerWeek => r with { FacultyMaxClinicSessionsPerWeek = d.ReadNullableInt32() },

                // Unknown activities are ProblemValidator's (rules.forbiddenSuccessions[2].to).
                Schema.Rules.ForbiddenSuccessions => r with { ForbiddenSuccessions = d.ReadArray(FormatLimits.MaxItems, ReadSuccession) },
                _ => throw MsgDecoder.NoReader(record, field),
            };
        }

        d.EndRecord(record);

        // Keep the shared default instance when nothing differs, as a freshly built problem would.
        return r == ProgramRules.Acgme ? ProgramRules.Acgme : r;
    }

    private static Succession ReadSuccession(ref MsgDecoder d)
    {
        string from = "", to = "";
        var record = d.BeginRecord(Schema.Succession.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Succession.From: from = d.ReadString(); break;
                case Schema.Succession.To: to = d.ReadString(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Succession(from, to);
    }

    private static ObjectiveWeights ReadObjective(ref MsgDecoder d)
    {
        var o = ObjectiveWeights.Default;
        var record = d.BeginRecord(Schema.Objective.Fields);
        while (d.NextField(ref record, out var field))
        {
            // Read once per file, like the rules.
            o = field switch
            {
                Schema.Objective.Requests => o with { Requests = d.ReadInt32() },
                Schema.Objective.CallFairness => o with { CallFairness = d.ReadInt32() },
                Schema.Objective.NightFairness => o with { NightFairness = d.ReadInt32() },
                Schema.Objective.WeekendFairness => o with { WeekendFairness = d.ReadInt32() },
                Schema.Objective.Continuity => o with { Continuity = d.ReadInt32() },

                // A rule is listed at most once, so a longer list is wrong whatever it holds.
                Schema.Objective.SoftRules => o with { SoftRules = d.ReadArray(Schema.RuleNames.Length, ReadSoftRule) },
                _ => throw MsgDecoder.NoReader(record, field),
            };
        }

        d.EndRecord(record);

        // Ranges, rules that cannot be soft and rules listed twice are ProblemValidator's (objective.softRules[1].rule).
        return o == ObjectiveWeights.Default ? ObjectiveWeights.Default : o;
    }

    private static SoftRule ReadSoftRule(ref MsgDecoder d)
    {
        var rule = RuleId.WeeklyHours;
        var weight = 0;
        var record = d.BeginRecord(Schema.SoftRule.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.SoftRule.Rule: rule = (RuleId)d.ReadEnum(record.Named, Schema.RuleNames); break;
                case Schema.SoftRule.Weight: weight = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new SoftRule(rule, weight);
    }

    internal static Person ReadPerson(ref MsgDecoder d)
    {
        string id = "", name = "";
        var role = Role.Resident;
        var pgy = 0;
        string[] qualifications = [];
        RuleOverrides? overrides = null;
        RosterLimits? roster = null;
        var record = d.BeginRecord(Schema.Person.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Person.Id: id = d.ReadString(); break;
                case Schema.Person.Name: name = d.ReadString(); break;
                case Schema.Person.Role: role = (Role)d.ReadEnum(record.Named, Schema.Roles); break;
                case Schema.Person.Pgy: pgy = d.ReadInt32(); break;
                case Schema.Person.Qualifications: qualifications = d.ReadStrings(FormatLimits.MaxQualificationsPerList); break;
                case Schema.Person.Overrides: overrides = d.TryReadNil() ? null : ReadOverrides(ref d); break;
                case Schema.Person.Roster: roster = d.TryReadNil() ? null : ReadRoster(ref d); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Person(id, name, role, pgy, qualifications, overrides, roster);
    }

    private static RuleOverrides ReadOverrides(ref MsgDecoder d)
    {
        int? maxDuty = null, minFree = null, maxContinuous = null, maxCalls = null, maxNights = null;
        var record = d.BeginRecord(Schema.Overrides.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Overrides.MaxDutyMinutesPerWindow: maxDuty = d.ReadNullableInt32(); break;
                case Schema.Overrides.MinFreeDaysPerWindow: minFree = d.ReadNullableInt32(); break;
                case Schema.Overrides.MaxContinuousDutyMinutes: maxContinuous = d.ReadNullableInt32(); break;
                case Schema.Overrides.MaxCallsPerWindow: maxCalls = d.ReadNullableInt32(); break;
                case Schema.Overrides.MaxConsecutiveNights: maxNights = d.ReadNullableInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
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
        var record = d.BeginRecord(Schema.Roster.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                // An activity is listed at most once, so a list longer than the activities can be is wrong whatever it holds.
                case Schema.Roster.MaxShifts: maxShifts = d.ReadArray(FormatLimits.MaxActivities, ReadActivityLimit); break;
                case Schema.Roster.MinTotalMinutes: minMinutes = d.ReadNullableInt32(); break;
                case Schema.Roster.MaxTotalMinutes: maxMinutes = d.ReadNullableInt32(); break;
                case Schema.Roster.MinConsecutiveDays: minDays = d.ReadNullableInt32(); break;
                case Schema.Roster.MaxConsecutiveDays: maxDays = d.ReadNullableInt32(); break;
                case Schema.Roster.MinConsecutiveDaysOff: minDaysOff = d.ReadNullableInt32(); break;
                case Schema.Roster.MaxWeekends: maxWeekends = d.ReadNullableInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
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

    private static ActivityLimit ReadActivityLimit(ref MsgDecoder d)
    {
        var activity = "";
        var max = 0;
        var record = d.BeginRecord(Schema.ActivityLimit.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.ActivityLimit.Activity: activity = d.ReadString(); break;
                case Schema.ActivityLimit.Max: max = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new ActivityLimit(activity, max);
    }

    private static Activity ReadActivity(ref MsgDecoder d)
    {
        string id = "", name = "";
        var kinds = ActivityKinds.None;
        var record = d.BeginRecord(Schema.Activity.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Activity.Id: id = d.ReadString(); break;
                case Schema.Activity.Name: name = d.ReadString(); break;
                case Schema.Activity.Kinds: kinds = ReadKinds(ref d, record.Named); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Activity(id, name, kinds);
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

        // A set of names, not a list: folded into bits as it is read rather than through ReadArray.
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

    private static Shift ReadShift(ref MsgDecoder d)
    {
        string id = "", activity = "";
        int start = 0, end = 0;
        Requirement? requirement = null;
        var record = d.BeginRecord(Schema.Shift.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Shift.Id: id = d.ReadString(); break;
                case Schema.Shift.Activity: activity = d.ReadString(); break;
                case Schema.Shift.Start: start = d.ReadInt32(); break;
                case Schema.Shift.End: end = d.ReadInt32(); break;
                case Schema.Shift.Requirement: requirement = ReadRequirement(ref d); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);

        // EndRecord refused a record without its requirement.
        return new Shift(id, activity, start, end, requirement!);
    }

    private static Requirement ReadRequirement(ref MsgDecoder d)
    {
        int minPeople = 0, maxPeople = 0;
        var supervised = false;
        var eligibility = Eligibility.Anyone;
        CoverPenalty? penalty = null;
        var record = d.BeginRecord(Schema.Requirement.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Requirement.MinPeople: minPeople = d.ReadInt32(); break;
                case Schema.Requirement.MaxPeople: maxPeople = d.ReadInt32(); break;
                case Schema.Requirement.Supervised: supervised = d.ReadBoolean(); break;
                case Schema.Requirement.Eligibility: eligibility = ReadEligibility(ref d); break;
                case Schema.Requirement.Penalty: penalty = d.TryReadNil() ? null : ReadCoverPenalty(ref d); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Requirement(minPeople, maxPeople, eligibility, supervised, penalty);
    }

    private static Eligibility ReadEligibility(ref MsgDecoder d)
    {
        var anyone = Eligibility.Anyone;
        bool residents = anyone.Residents, faculty = anyone.Faculty;
        int minPgy = anyone.MinPgy, maxPgy = anyone.MaxPgy;
        IReadOnlyList<string> qualifications = anyone.Qualifications;
        var record = d.BeginRecord(Schema.Eligibility.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Eligibility.Residents: residents = d.ReadBoolean(); break;
                case Schema.Eligibility.Faculty: faculty = d.ReadBoolean(); break;
                case Schema.Eligibility.MinPgy: minPgy = d.ReadInt32(); break;
                case Schema.Eligibility.MaxPgy: maxPgy = d.ReadInt32(); break;
                case Schema.Eligibility.Qualifications: qualifications = d.ReadStrings(FormatLimits.MaxQualificationsPerList); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);

        // Most shifts take anyone: share the one instance rather than allocate a copy per shift.
        return residents == anyone.Residents && faculty == anyone.Faculty && minPgy == anyone.MinPgy
            && maxPgy == anyone.MaxPgy && qualifications.Count == 0
            ? anyone
            : new Eligibility(residents, faculty, minPgy, maxPgy, qualifications);
    }

    private static CoverPenalty ReadCoverPenalty(ref MsgDecoder d)
    {
        int under = 0, over = 0;
        var record = d.BeginRecord(Schema.CoverPenalty.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.CoverPenalty.Under: under = d.ReadInt32(); break;
                case Schema.CoverPenalty.Over: over = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);

        // Ranges are ProblemValidator's (shifts[4].requirement.penalty).
        return new CoverPenalty(under, over);
    }

    private static Absence ReadAbsence(ref MsgDecoder d)
    {
        var person = "";
        var kind = AbsenceKind.Leave;
        int start = 0, end = 0;
        var record = d.BeginRecord(Schema.Absence.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Absence.Person: person = d.ReadString(); break;
                case Schema.Absence.Kind: kind = (AbsenceKind)d.ReadEnum(record.Named, Schema.AbsenceKinds); break;
                case Schema.Absence.Start: start = d.ReadInt32(); break;
                case Schema.Absence.End: end = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Absence(person, kind, start, end);
    }

    private static Request ReadRequest(ref MsgDecoder d)
    {
        var person = "";
        var kind = RequestKind.Want;
        string? shift = null;
        int? day = null;
        var weight = 0;
        var record = d.BeginRecord(Schema.Request.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.Request.Person: person = d.ReadString(); break;
                case Schema.Request.Kind: kind = (RequestKind)d.ReadEnum(record.Named, Schema.RequestKinds); break;
                case Schema.Request.Shift: shift = d.ReadNullableString(); break;
                case Schema.Request.Day: day = d.ReadNullableInt32(); break;
                case Schema.Request.Weight: weight = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new Request(person, kind, shift, day, weight);
    }

    private static HistoryEntry ReadHistoryEntry(ref MsgDecoder d)
    {
        string person = "", activity = "";
        int start = 0, end = 0;
        var record = d.BeginRecord(Schema.History.Fields);
        while (d.NextField(ref record, out var field))
        {
            switch (field)
            {
                case Schema.History.Person: person = d.ReadString(); break;
                case Schema.History.Activity: activity = d.ReadString(); break;
                case Schema.History.Start: start = d.ReadInt32(); break;
                case Schema.History.End: end = d.ReadInt32(); break;
                default: throw MsgDecoder.NoReader(record, field);
            }
        }

        d.EndRecord(record);
        return new HistoryEntry(person, activity, start, end);
    }
}
