using System.Globalization;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Writes a <see cref="Problem"/> as MessagePack, positional (arrays: the compact binary form) or named (maps with
/// camelCase keys: the form JSON is transcoded from), and reads either form back. Each record of
/// <see cref="Schema"/> has a writer here and a reader of the same name in ProblemCodec.Read.cs; both name its
/// fields by their <see cref="Schema"/> constants.
/// </summary>
internal static partial class ProblemCodec
{
    public static void Write(ref MessagePackWriter w, Problem p, bool named)
    {
        var f = Schema.Problem.Fields;

        // The objective is left out while it holds the defaults: such a file reads in builds older than the field.
        // (A null objective fails validation; unvalidated encoding, for hashing, treats it as the default.)
        var objective = p.Objective is { } o && o != ObjectiveWeights.Default ? o : null;
        w.BeginRecord(named, objective is null ? f.PositionalMinimum : f.Count);
        w.Key(named, f, Schema.Problem.Name);
        w.Write(p.Name);
        w.Key(named, f, Schema.Problem.TimeZone);
        w.Write(p.TimeZone);
        w.Key(named, f, Schema.Problem.StartDate);
        w.Write(p.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.Key(named, f, Schema.Problem.HorizonDays);
        w.Write(p.HorizonDays);
        w.Key(named, f, Schema.Problem.HistoryDays);
        w.Write(p.HistoryDays);
        w.Key(named, f, Schema.Problem.Rules);
        WriteRules(ref w, p.Rules, named);
        if (named && objective is not null)
        {
            // Named fields may come in any order: next to the rules, a person editing the JSON finds it.
            w.Key(named, f, Schema.Problem.Objective);
            WriteObjective(ref w, objective, named);
        }

        w.Key(named, f, Schema.Problem.People);
        w.WriteArray(p.People, named, WritePerson);
        w.Key(named, f, Schema.Problem.Activities);
        w.WriteArray(p.Activities, named, WriteActivity);
        w.Key(named, f, Schema.Problem.Shifts);
        w.WriteArray(p.Shifts, named, WriteShift);
        w.Key(named, f, Schema.Problem.Absences);
        w.WriteArray(p.Absences, named, WriteAbsence);
        w.Key(named, f, Schema.Problem.Requests);
        w.WriteArray(p.Requests, named, WriteRequest);
        w.Key(named, f, Schema.Problem.History);
        w.WriteArray(p.History, named, WriteHistoryEntry);
        if (!named && objective is not null)
        {
            // Positional fields keep their places: the objective, appended last, comes last.
            w.Key(named, f, Schema.Problem.Objective);
            WriteObjective(ref w, objective, named);
        }
    }

    private static void WriteRules(ref MessagePackWriter w, ProgramRules r, bool named)
    {
        var f = Schema.Rules.Fields;
        var successions = r.ForbiddenSuccessions;
        w.BeginRecord(named, successions.Count == 0 ? f.PositionalMinimum : f.Count);
        w.Key(named, f, Schema.Rules.WindowDays);
        w.Write(r.WindowDays);
        w.Key(named, f, Schema.Rules.MaxDutyMinutesPerWindow);
        w.Write(r.MaxDutyMinutesPerWindow);
        w.Key(named, f, Schema.Rules.MinFreeDaysPerWindow);
        w.Write(r.MinFreeDaysPerWindow);
        w.Key(named, f, Schema.Rules.ContinuityGapMinutes);
        w.Write(r.ContinuityGapMinutes);
        w.Key(named, f, Schema.Rules.MaxContinuousDutyMinutes);
        w.Write(r.MaxContinuousDutyMinutes);
        w.Key(named, f, Schema.Rules.MaxDutyPeriodMinutes);
        w.Write(r.MaxDutyPeriodMinutes);
        w.Key(named, f, Schema.Rules.MinRestMinutes);
        w.Write(r.MinRestMinutes);
        w.Key(named, f, Schema.Rules.MinRestAfterCallMinutes);
        w.Write(r.MinRestAfterCallMinutes);
        w.Key(named, f, Schema.Rules.LongCallPeriodMinutes);
        w.Write(r.LongCallPeriodMinutes);
        w.Key(named, f, Schema.Rules.MaxCallsPerWindow);
        w.Write(r.MaxCallsPerWindow);
        w.Key(named, f, Schema.Rules.MaxConsecutiveNights);
        w.Write(r.MaxConsecutiveNights);
        w.Key(named, f, Schema.Rules.Pgy1PerFaculty);
        w.Write(r.Pgy1PerFaculty);
        w.Key(named, f, Schema.Rules.SeniorPerFaculty);
        w.Write(r.SeniorPerFaculty);
        w.Key(named, f, Schema.Rules.Pgy1MaxDutyPeriodMinutes);
        w.WriteNullable(r.Pgy1MaxDutyPeriodMinutes);
        w.Key(named, f, Schema.Rules.FacultyMinClinicSessionsPerWeek);
        w.WriteNullable(r.FacultyMinClinicSessionsPerWeek);
        w.Key(named, f, Schema.Rules.FacultyMaxClinicSessionsPerWeek);
        w.WriteNullable(r.FacultyMaxClinicSessionsPerWeek);
        if (successions.Count > 0)
        {
            w.Key(named, f, Schema.Rules.ForbiddenSuccessions);
            w.WriteArray(successions, named, WriteSuccession);
        }
    }

    private static void WriteSuccession(ref MessagePackWriter w, Succession s, bool named)
    {
        var f = Schema.Succession.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Succession.From);
        w.Write(s.FromActivityId);
        w.Key(named, f, Schema.Succession.To);
        w.Write(s.ToActivityId);
    }

    private static void WriteObjective(ref MessagePackWriter w, ObjectiveWeights o, bool named)
    {
        var f = Schema.Objective.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Objective.Requests);
        w.Write(o.Requests);
        w.Key(named, f, Schema.Objective.CallFairness);
        w.Write(o.CallFairness);
        w.Key(named, f, Schema.Objective.NightFairness);
        w.Write(o.NightFairness);
        w.Key(named, f, Schema.Objective.WeekendFairness);
        w.Write(o.WeekendFairness);
        w.Key(named, f, Schema.Objective.Continuity);
        w.Write(o.Continuity);
        w.Key(named, f, Schema.Objective.SoftRules);
        w.WriteArray(o.SoftRules, named, WriteSoftRule);
    }

    private static void WriteSoftRule(ref MessagePackWriter w, SoftRule s, bool named)
    {
        var f = Schema.SoftRule.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.SoftRule.Rule);

        // Only valid problems are written, so every rule has a name.
        w.WriteEnum((int)s.Rule, Schema.RuleNames, named);
        w.Key(named, f, Schema.SoftRule.Weight);
        w.Write(s.Weight);
    }

    private static void WritePerson(ref MessagePackWriter w, Person p, bool named)
    {
        var f = Schema.Person.Fields;
        w.BeginRecord(named, p.Roster is null ? f.PositionalMinimum : f.Count);
        w.Key(named, f, Schema.Person.Id);
        w.Write(p.Id);
        w.Key(named, f, Schema.Person.Name);
        w.Write(p.Name);
        w.Key(named, f, Schema.Person.Role);
        w.WriteEnum((int)p.Role, Schema.Roles, named);
        w.Key(named, f, Schema.Person.Pgy);
        w.Write(p.Pgy);
        w.Key(named, f, Schema.Person.Qualifications);
        w.WriteStrings(p.Qualifications);
        w.Key(named, f, Schema.Person.Overrides);
        if (p.Overrides is { } overrides)
        {
            WriteOverrides(ref w, overrides, named);
        }
        else
        {
            w.WriteNil();
        }

        if (p.Roster is { } roster)
        {
            w.Key(named, f, Schema.Person.Roster);
            WriteRoster(ref w, roster, named);
        }
    }

    private static void WriteOverrides(ref MessagePackWriter w, RuleOverrides o, bool named)
    {
        var f = Schema.Overrides.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Overrides.MaxDutyMinutesPerWindow);
        w.WriteNullable(o.MaxDutyMinutesPerWindow);
        w.Key(named, f, Schema.Overrides.MinFreeDaysPerWindow);
        w.WriteNullable(o.MinFreeDaysPerWindow);
        w.Key(named, f, Schema.Overrides.MaxContinuousDutyMinutes);
        w.WriteNullable(o.MaxContinuousDutyMinutes);
        w.Key(named, f, Schema.Overrides.MaxCallsPerWindow);
        w.WriteNullable(o.MaxCallsPerWindow);
        w.Key(named, f, Schema.Overrides.MaxConsecutiveNights);
        w.WriteNullable(o.MaxConsecutiveNights);
    }

    private static void WriteRoster(ref MessagePackWriter w, RosterLimits r, bool named)
    {
        var f = Schema.Roster.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Roster.MaxShifts);
        w.WriteArray(r.MaxShifts, named, WriteActivityLimit);
        w.Key(named, f, Schema.Roster.MinTotalMinutes);
        w.WriteNullable(r.MinTotalMinutes);
        w.Key(named, f, Schema.Roster.MaxTotalMinutes);
        w.WriteNullable(r.MaxTotalMinutes);
        w.Key(named, f, Schema.Roster.MinConsecutiveDays);
        w.WriteNullable(r.MinConsecutiveDays);
        w.Key(named, f, Schema.Roster.MaxConsecutiveDays);
        w.WriteNullable(r.MaxConsecutiveDays);
        w.Key(named, f, Schema.Roster.MinConsecutiveDaysOff);
        w.WriteNullable(r.MinConsecutiveDaysOff);
        w.Key(named, f, Schema.Roster.MaxWeekends);
        w.WriteNullable(r.MaxWeekends);
    }

    private static void WriteActivityLimit(ref MessagePackWriter w, ActivityLimit limit, bool named)
    {
        var f = Schema.ActivityLimit.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.ActivityLimit.Activity);
        w.Write(limit.ActivityId);
        w.Key(named, f, Schema.ActivityLimit.Max);
        w.Write(limit.Max);
    }

    private static void WriteActivity(ref MessagePackWriter w, Activity a, bool named)
    {
        var f = Schema.Activity.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Activity.Id);
        w.Write(a.Id);
        w.Key(named, f, Schema.Activity.Name);
        w.Write(a.Name);
        w.Key(named, f, Schema.Activity.Kinds);
        WriteKinds(ref w, a.Kinds, named);
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

    private static void WriteShift(ref MessagePackWriter w, Shift s, bool named)
    {
        var f = Schema.Shift.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Shift.Id);
        w.Write(s.Id);
        w.Key(named, f, Schema.Shift.Activity);
        w.Write(s.ActivityId);
        w.Key(named, f, Schema.Shift.Start);
        w.Write(s.Start);
        w.Key(named, f, Schema.Shift.End);
        w.Write(s.End);
        w.Key(named, f, Schema.Shift.Requirement);
        WriteRequirement(ref w, s.Requirement, named);
    }

    private static void WriteRequirement(ref MessagePackWriter w, Requirement r, bool named)
    {
        var f = Schema.Requirement.Fields;
        w.BeginRecord(named, r.Penalty is null ? f.PositionalMinimum : f.Count);
        w.Key(named, f, Schema.Requirement.MinPeople);
        w.Write(r.MinPeople);
        w.Key(named, f, Schema.Requirement.MaxPeople);
        w.Write(r.MaxPeople);
        w.Key(named, f, Schema.Requirement.Supervised);
        w.Write(r.Supervised);
        w.Key(named, f, Schema.Requirement.Eligibility);
        WriteEligibility(ref w, r.Eligibility, named);
        if (r.Penalty is { } penalty)
        {
            w.Key(named, f, Schema.Requirement.Penalty);
            WriteCoverPenalty(ref w, penalty, named);
        }
    }

    private static void WriteEligibility(ref MessagePackWriter w, Eligibility e, bool named)
    {
        var f = Schema.Eligibility.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Eligibility.Residents);
        w.Write(e.Residents);
        w.Key(named, f, Schema.Eligibility.Faculty);
        w.Write(e.Faculty);
        w.Key(named, f, Schema.Eligibility.MinPgy);
        w.Write(e.MinPgy);
        w.Key(named, f, Schema.Eligibility.MaxPgy);
        w.Write(e.MaxPgy);
        w.Key(named, f, Schema.Eligibility.Qualifications);
        w.WriteStrings(e.Qualifications);
    }

    private static void WriteCoverPenalty(ref MessagePackWriter w, CoverPenalty p, bool named)
    {
        var f = Schema.CoverPenalty.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.CoverPenalty.Under);
        w.Write(p.Under);
        w.Key(named, f, Schema.CoverPenalty.Over);
        w.Write(p.Over);
    }

    private static void WriteAbsence(ref MessagePackWriter w, Absence a, bool named)
    {
        var f = Schema.Absence.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Absence.Person);
        w.Write(a.PersonId);
        w.Key(named, f, Schema.Absence.Kind);
        w.WriteEnum((int)a.Kind, Schema.AbsenceKinds, named);
        w.Key(named, f, Schema.Absence.Start);
        w.Write(a.Start);
        w.Key(named, f, Schema.Absence.End);
        w.Write(a.End);
    }

    private static void WriteRequest(ref MessagePackWriter w, Request r, bool named)
    {
        var f = Schema.Request.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.Request.Person);
        w.Write(r.PersonId);
        w.Key(named, f, Schema.Request.Kind);
        w.WriteEnum((int)r.Kind, Schema.RequestKinds, named);
        w.Key(named, f, Schema.Request.Shift);
        w.Write(r.ShiftId);
        w.Key(named, f, Schema.Request.Day);
        w.WriteNullable(r.Day);
        w.Key(named, f, Schema.Request.Weight);
        w.Write(r.Weight);
    }

    private static void WriteHistoryEntry(ref MessagePackWriter w, HistoryEntry h, bool named)
    {
        var f = Schema.History.Fields;
        w.BeginRecord(named, f);
        w.Key(named, f, Schema.History.Person);
        w.Write(h.PersonId);
        w.Key(named, f, Schema.History.Activity);
        w.Write(h.ActivityId);
        w.Key(named, f, Schema.History.Start);
        w.Write(h.Start);
        w.Key(named, f, Schema.History.End);
        w.Write(h.End);
    }
}
