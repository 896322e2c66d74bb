using Scheduler.Core.Checking;
using Scheduler.Core.Time;

namespace Scheduler.Core.Model;

/// <summary>Checks a <see cref="Problem"/> for errors a user can make: unknown ids, empty intervals, overlapping history, ...</summary>
public static class ProblemValidator
{
    /// <summary>Most local days of history or horizon a problem may have (ten years).</summary>
    public const int MaxDays = 3660;

    /// <summary>Most distinct qualification names in a problem (they are a 64-bit set once compiled).</summary>
    public const int MaxQualifications = 64;

    /// <summary>Every error in the problem, in field-path order; empty when it is valid.</summary>
    public static IReadOnlyList<ModelError> Validate(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var errors = new List<ModelError>();
        void Error(string path, string message) => errors.Add(new ModelError(path, message));

        if (string.IsNullOrWhiteSpace(problem.Name))
        {
            Error("name", "must not be empty");
        }

        if (!ProgramCalendar.TryFindZone(problem.TimeZone, out _))
        {
            Error("timeZone", $"unknown IANA time zone '{problem.TimeZone}'");
        }

        if (problem.HorizonDays is < 1 or > MaxDays)
        {
            Error("horizonDays", $"expected 1..{MaxDays}, got {problem.HorizonDays}");
        }

        if (problem.HistoryDays is < 0 or > MaxDays)
        {
            Error("historyDays", $"expected 0..{MaxDays}, got {problem.HistoryDays}");
        }

        ValidateRules(problem.Rules, errors);
        ValidateObjective(problem.Objective, errors);

        var people = new Dictionary<string, int>(StringComparer.Ordinal);
        var qualifications = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < problem.People.Count; i++)
        {
            var p = problem.People[i];
            var path = $"people[{i}]";
            if (string.IsNullOrEmpty(p.Id))
            {
                Error($"{path}.id", "must not be empty");
            }
            else if (!people.TryAdd(p.Id, i))
            {
                Error($"{path}.id", $"duplicate id '{p.Id}' (also people[{people[p.Id]}])");
            }

            if (!Enum.IsDefined(p.Role))
            {
                Error($"{path}.role", $"expected resident or faculty, got {(int)p.Role}");
            }
            else if (p.Role == Role.Resident && p.Pgy is < 1 or > 7)
            {
                Error($"{path}.pgy", $"expected 1..7, got {p.Pgy}");
            }
            else if (p.Role == Role.Faculty && p.Pgy != 0)
            {
                Error($"{path}.pgy", $"expected 0 for faculty, got {p.Pgy}");
            }

            foreach (var q in p.Qualifications)
            {
                qualifications.Add(q);
            }

            if (p.Overrides is { } o)
            {
                Positive($"{path}.overrides.maxDutyMinutesPerWindow", o.MaxDutyMinutesPerWindow, errors);
                NonNegative($"{path}.overrides.minFreeDaysPerWindow", o.MinFreeDaysPerWindow, errors);
                Positive($"{path}.overrides.maxContinuousDutyMinutes", o.MaxContinuousDutyMinutes, errors);
                NonNegative($"{path}.overrides.maxCallsPerWindow", o.MaxCallsPerWindow, errors);
                NonNegative($"{path}.overrides.maxConsecutiveNights", o.MaxConsecutiveNights, errors);
            }
        }

        var activities = ValidateActivities(problem, errors);
        for (var i = 0; i < problem.People.Count; i++)
        {
            if (problem.People[i].Roster is { } roster)
            {
                ValidateRoster($"people[{i}].roster", roster, activities, errors);
            }
        }

        for (var k = 0; k < problem.Rules.ForbiddenSuccessions.Count; k++)
        {
            var succession = problem.Rules.ForbiddenSuccessions[k];
            var path = $"rules.forbiddenSuccessions[{k}]";
            if (!activities.ContainsKey(succession.FromActivityId))
            {
                Error($"{path}.from", $"unknown activity '{succession.FromActivityId}'");
            }

            if (!activities.ContainsKey(succession.ToActivityId))
            {
                Error($"{path}.to", $"unknown activity '{succession.ToActivityId}'");
            }
        }

        var horizonMinutes = (long)Math.Max(problem.HorizonDays, 0) * 1440;
        var shifts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < problem.Shifts.Count; i++)
        {
            var s = problem.Shifts[i];
            var path = $"shifts[{i}]";
            if (string.IsNullOrEmpty(s.Id))
            {
                Error($"{path}.id", "must not be empty");
            }
            else if (!shifts.TryAdd(s.Id, i))
            {
                Error($"{path}.id", $"duplicate id '{s.Id}' (also shifts[{shifts[s.Id]}])");
            }

            if (!activities.ContainsKey(s.ActivityId))
            {
                Error($"{path}.activity", $"unknown activity '{s.ActivityId}'");
            }

            // Horizon end in elapsed minutes can differ from days * 1440 by a daylight-saving hour; allow it.
            if (s.Start < 0 || s.Start >= horizonMinutes + 120)
            {
                Error($"{path}.start", $"expected 0..{horizonMinutes} (inside the horizon), got {s.Start}");
            }

            if (s.End <= s.Start)
            {
                Error($"{path}.end", $"must be after start ({s.Start}), got {s.End}");
            }
            else if ((long)s.End - s.Start > 7 * 1440)
            {
                Error($"{path}.end", $"a shift lasts at most 7 days, this one {s.End - s.Start} minutes");
            }

            var r = s.Requirement;
            if (r.Penalty is { } penalty && (penalty.Under is < 0 or > 1_000_000 || penalty.Over is < 0 or > 1_000_000))
            {
                Error($"{path}.requirement.penalty", $"expected weights 0..1000000, got under {penalty.Under}, over {penalty.Over}");
            }

            if (r.MinPeople < 0)
            {
                Error($"{path}.requirement.minPeople", $"expected 0 or more, got {r.MinPeople}");
            }

            if (r.MaxPeople < r.MinPeople || r.MaxPeople > 1000)
            {
                Error($"{path}.requirement.maxPeople", $"expected minPeople ({r.MinPeople})..1000, got {r.MaxPeople}");
            }

            var e = r.Eligibility;
            if (e.MinPgy is < 1 or > 7)
            {
                Error($"{path}.requirement.eligibility.minPgy", $"expected 1..7, got {e.MinPgy}");
            }

            if (e.MaxPgy < e.MinPgy || e.MaxPgy > 7)
            {
                Error($"{path}.requirement.eligibility.maxPgy", $"expected minPgy ({e.MinPgy})..7, got {e.MaxPgy}");
            }

            if (!e.Residents && !e.Faculty)
            {
                Error($"{path}.requirement.eligibility", "neither residents nor faculty may work this shift");
            }

            foreach (var q in e.Qualifications)
            {
                qualifications.Add(q);
            }
        }

        if (qualifications.Count > MaxQualifications)
        {
            Error("people", $"at most {MaxQualifications} distinct qualifications, got {qualifications.Count}");
        }

        for (var i = 0; i < problem.Absences.Count; i++)
        {
            var a = problem.Absences[i];
            var path = $"absences[{i}]";
            if (!people.ContainsKey(a.PersonId))
            {
                Error($"{path}.person", $"unknown person '{a.PersonId}'");
            }

            if (!Enum.IsDefined(a.Kind))
            {
                Error($"{path}.kind", $"expected leave, conference or sick, got {(int)a.Kind}");
            }

            if (a.End <= a.Start)
            {
                Error($"{path}.end", $"must be after start ({a.Start}), got {a.End}");
            }
        }

        for (var i = 0; i < problem.Requests.Count; i++)
        {
            var r = problem.Requests[i];
            var path = $"requests[{i}]";
            if (!people.ContainsKey(r.PersonId))
            {
                Error($"{path}.person", $"unknown person '{r.PersonId}'");
            }

            if ((r.ShiftId is null) == (r.Day is null))
            {
                Error(path, "needs exactly one of shift and day");
            }
            else if (r.ShiftId is not null && !shifts.ContainsKey(r.ShiftId))
            {
                Error($"{path}.shift", $"unknown shift '{r.ShiftId}'");
            }
            else if (r.Day is { } day && (day < 0 || day >= problem.HorizonDays))
            {
                Error($"{path}.day", $"expected 0..{problem.HorizonDays - 1}, got {day}");
            }

            if (r.Weight is < 0 or > 1_000_000)
            {
                Error($"{path}.weight", $"expected 0..1000000, got {r.Weight}");
            }
        }

        ValidateHistory(problem, people, activities, errors);
        return errors;
    }

    /// <summary>Throws <see cref="ModelException"/> listing every error when the problem is invalid.</summary>
    public static void ThrowIfInvalid(Problem problem)
    {
        var errors = Validate(problem);
        if (errors.Count > 0)
        {
            throw new ModelException(errors);
        }
    }

    private static Dictionary<string, int> ValidateActivities(Problem problem, List<ModelError> errors)
    {
        var activities = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < problem.Activities.Count; i++)
        {
            var a = problem.Activities[i];
            var path = $"activities[{i}]";
            if (string.IsNullOrEmpty(a.Id))
            {
                errors.Add(new($"{path}.id", "must not be empty"));
            }
            else if (!activities.TryAdd(a.Id, i))
            {
                errors.Add(new($"{path}.id", $"duplicate id '{a.Id}' (also activities[{activities[a.Id]}])"));
            }

            const ActivityKinds known = ActivityKinds.Duty | ActivityKinds.InHouseCall | ActivityKinds.Night
                | ActivityKinds.HomeCall | ActivityKinds.Transition | ActivityKinds.Clinic | ActivityKinds.Continuity;
            if ((a.Kinds & ~known) != 0)
            {
                errors.Add(new($"{path}.kinds", $"unknown kind bits {(int)(a.Kinds & ~known)}"));
            }
            else if (a.Kinds.HasFlag(ActivityKinds.HomeCall) && a.Kinds.HasFlag(ActivityKinds.Duty))
            {
                errors.Add(new($"{path}.kinds", "home call is not duty: record a call-in as a separate duty shift"));
            }
            else if ((a.Kinds & (ActivityKinds.InHouseCall | ActivityKinds.Night | ActivityKinds.Transition)) != 0
                && !a.Kinds.HasFlag(ActivityKinds.Duty))
            {
                errors.Add(new($"{path}.kinds", "in-house call, night and transition activities must also be duty"));
            }
        }

        return activities;
    }

    private static void ValidateRoster(string path, RosterLimits roster, Dictionary<string, int> activities, List<ModelError> errors)
    {
        var limited = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < roster.MaxShifts.Count; k++)
        {
            var limit = roster.MaxShifts[k];
            if (!activities.ContainsKey(limit.ActivityId))
            {
                errors.Add(new($"{path}.maxShifts[{k}].activity", $"unknown activity '{limit.ActivityId}'"));
            }
            else if (!limited.Add(limit.ActivityId))
            {
                errors.Add(new($"{path}.maxShifts[{k}].activity", $"activity '{limit.ActivityId}' is listed twice"));
            }

            NonNegative($"{path}.maxShifts[{k}].max", limit.Max, errors);
        }

        NonNegative($"{path}.minTotalMinutes", roster.MinTotalMinutes, errors);
        NonNegative($"{path}.maxTotalMinutes", roster.MaxTotalMinutes, errors);
        if (roster is { MinTotalMinutes: { } minMinutes, MaxTotalMinutes: { } maxMinutes } && maxMinutes < minMinutes)
        {
            errors.Add(new($"{path}.maxTotalMinutes", $"expected minTotalMinutes ({minMinutes}) or more, got {maxMinutes}"));
        }

        Positive($"{path}.minConsecutiveDays", roster.MinConsecutiveDays, errors);
        Positive($"{path}.maxConsecutiveDays", roster.MaxConsecutiveDays, errors);
        if (roster is { MinConsecutiveDays: { } minDays, MaxConsecutiveDays: { } maxDays } && maxDays < minDays)
        {
            errors.Add(new($"{path}.maxConsecutiveDays", $"expected minConsecutiveDays ({minDays}) or more, got {maxDays}"));
        }

        Positive($"{path}.minConsecutiveDaysOff", roster.MinConsecutiveDaysOff, errors);
        NonNegative($"{path}.maxWeekends", roster.MaxWeekends, errors);
    }

    private static void ValidateHistory(
        Problem problem, Dictionary<string, int> people, Dictionary<string, int> activities, List<ModelError> errors)
    {
        var historyStart = -(long)problem.HistoryDays * 1440 - 120;
        var byPerson = new Dictionary<string, List<(int Start, int End, int Index)>>(StringComparer.Ordinal);
        for (var i = 0; i < problem.History.Count; i++)
        {
            var h = problem.History[i];
            var path = $"history[{i}]";
            if (!people.ContainsKey(h.PersonId))
            {
                errors.Add(new(path + ".person", $"unknown person '{h.PersonId}'"));
            }

            if (!activities.ContainsKey(h.ActivityId))
            {
                errors.Add(new(path + ".activity", $"unknown activity '{h.ActivityId}'"));
            }

            if (h.Start >= 0 || h.Start < historyStart)
            {
                errors.Add(new(path + ".start", $"expected {historyStart}..-1 (inside the {problem.HistoryDays} history days), got {h.Start}"));
            }

            if (h.End <= h.Start)
            {
                errors.Add(new(path + ".end", $"must be after start ({h.Start}), got {h.End}"));
                continue;
            }

            if (!byPerson.TryGetValue(h.PersonId, out var list))
            {
                byPerson[h.PersonId] = list = [];
            }

            list.Add((h.Start, h.End, i));
        }

        foreach (var list in byPerson.Values)
        {
            list.Sort((x, y) => x.Start.CompareTo(y.Start));
            for (var k = 1; k < list.Count; k++)
            {
                if (list[k].Start < list[k - 1].End)
                {
                    errors.Add(new($"history[{list[k].Index}]", $"overlaps history[{list[k - 1].Index}] of the same person"));
                }
            }
        }
    }

    private static void ValidateRules(ProgramRules r, List<ModelError> errors)
    {
        Positive("rules.windowDays", r.WindowDays, errors);
        Positive("rules.maxDutyMinutesPerWindow", r.MaxDutyMinutesPerWindow, errors);
        NonNegative("rules.minFreeDaysPerWindow", r.MinFreeDaysPerWindow, errors);
        Positive("rules.continuityGapMinutes", r.ContinuityGapMinutes, errors);
        Positive("rules.maxContinuousDutyMinutes", r.MaxContinuousDutyMinutes, errors);
        Positive("rules.maxDutyPeriodMinutes", r.MaxDutyPeriodMinutes, errors);
        NonNegative("rules.minRestMinutes", r.MinRestMinutes, errors);
        NonNegative("rules.minRestAfterCallMinutes", r.MinRestAfterCallMinutes, errors);
        Positive("rules.longCallPeriodMinutes", r.LongCallPeriodMinutes, errors);
        NonNegative("rules.maxCallsPerWindow", r.MaxCallsPerWindow, errors);
        NonNegative("rules.maxConsecutiveNights", r.MaxConsecutiveNights, errors);
        Positive("rules.pgy1PerFaculty", r.Pgy1PerFaculty, errors);
        Positive("rules.seniorPerFaculty", r.SeniorPerFaculty, errors);
        Positive("rules.pgy1MaxDutyPeriodMinutes", r.Pgy1MaxDutyPeriodMinutes, errors);
        NonNegative("rules.facultyMinClinicSessionsPerWeek", r.FacultyMinClinicSessionsPerWeek, errors);
        NonNegative("rules.facultyMaxClinicSessionsPerWeek", r.FacultyMaxClinicSessionsPerWeek, errors);
        if (r.FacultyMinClinicSessionsPerWeek is { } min && r.FacultyMaxClinicSessionsPerWeek is { } max && max < min)
        {
            errors.Add(new("rules.facultyMaxClinicSessionsPerWeek", $"expected facultyMinClinicSessionsPerWeek ({min}) or more, got {max}"));
        }
        if (r.WindowDays > 366)
        {
            errors.Add(new("rules.windowDays", $"expected 1..366, got {r.WindowDays}"));
        }

        if (r.Pgy1PerFaculty > 100 || r.SeniorPerFaculty > 100)
        {
            errors.Add(new("rules", "supervision ratios must be at most 100 residents per faculty member"));
        }
    }

    private static void ValidateObjective(ObjectiveWeights? o, List<ModelError> errors)
    {
        if (o is null)
        {
            errors.Add(new("objective", "is missing"));
            return;
        }

        NonNegative("objective.requests", o.Requests, errors);
        NonNegative("objective.callFairness", o.CallFairness, errors);
        NonNegative("objective.nightFairness", o.NightFairness, errors);
        NonNegative("objective.weekendFairness", o.WeekendFairness, errors);
        NonNegative("objective.continuity", o.Continuity, errors);
        var seen = new HashSet<RuleId>();
        for (var k = 0; k < o.SoftRules.Count; k++)
        {
            var soft = o.SoftRules[k];
            var path = $"objective.softRules[{k}]";
            if (soft is null)
            {
                errors.Add(new(path, "is missing"));
                continue;
            }

            if (!Enum.IsDefined(soft.Rule))
            {
                errors.Add(new($"{path}.rule", $"unknown rule {(int)soft.Rule}"));
            }
            else if (soft.Rule is RuleId.DoubleBooking or RuleId.Availability or RuleId.Eligibility or >= RuleId.ShiftsPerActivity)
            {
                errors.Add(new($"{path}.rule", $"{soft.Rule} is always hard"));
            }
            else if (!seen.Add(soft.Rule))
            {
                errors.Add(new($"{path}.rule", $"{soft.Rule} is listed twice"));
            }

            NonNegative($"{path}.weight", soft.Weight, errors);
        }
    }

    private static void Positive(string path, int? value, List<ModelError> errors)
    {
        if (value is <= 0)
        {
            errors.Add(new(path, $"expected a positive number, got {value}"));
        }
    }

    private static void NonNegative(string path, int? value, List<ModelError> errors)
    {
        if (value is < 0)
        {
            errors.Add(new(path, $"expected 0 or more, got {value}"));
        }
    }
}
