using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Testing;

/// <summary>
/// The slow, obviously correct checker the fast one is compared with. It reads the model (not the compiled
/// form), lays every person's duty out minute by minute, finds maximal runs in those minute arrays, and
/// judges every window and period by plain loops straight from the definitions in DESIGN.md section 4.
/// It uses the compiled problem only to name people and shifts by the same indices.
/// </summary>
public static class ReferenceChecker
{
    private const int Day = 1440;

    private sealed record Item(int Start, int End, ActivityKinds Kinds, int Shift, bool History);

    /// <summary>Every violation of the schedule, sorted.</summary>
    public static List<Violation> Check(CompiledProblem compiled, Schedule schedule)
    {
        var problem = compiled.Source;
        var rules = problem.Rules;
        var calendar = ProgramCalendar.Create(problem.TimeZone, problem.StartDate);
        var totalDays = problem.HistoryDays + problem.HorizonDays;
        var dayStart = new int[totalDays + 1];
        for (var d = 0; d <= totalDays; d++)
        {
            dayStart[d] = calendar.DayStart(d - problem.HistoryDays);
        }

        var kinds = problem.Activities.ToDictionary(a => a.Id, a => a.Kinds);
        var shiftsById = problem.Shifts.ToDictionary(s => s.Id);
        var result = new List<Violation>();

        // Windows: every 28-day window inside history + horizon that reaches into the horizon,
        // or the whole span with prorated limits when it is shorter.
        var windows = new List<(int From, int To)>();
        var shortSpan = totalDays < rules.WindowDays;
        if (shortSpan)
        {
            windows.Add((dayStart[0], dayStart[totalDays]));
        }
        else
        {
            for (var d = 0; d + rules.WindowDays <= totalDays; d++)
            {
                if (d + rules.WindowDays > problem.HistoryDays)
                {
                    windows.Add((dayStart[d], dayStart[d + rules.WindowDays]));
                }
            }
        }

        int Max(int limit) => shortSpan ? (int)Math.Floor((double)limit * totalDays / rules.WindowDays) : limit;
        int Min(int limit) => shortSpan ? (int)Math.Ceiling((double)limit * totalDays / rules.WindowDays) : limit;

        for (var pi = 0; pi < problem.People.Count; pi++)
        {
            var person = problem.People[pi];
            compiled.TryGetPerson(person.Id, out var p);
            var items = new List<Item>();
            foreach (var h in problem.History.Where(h => h.PersonId == person.Id))
            {
                items.Add(new Item(h.Start, h.End, kinds[h.ActivityId], -1, true));
            }

            foreach (var a in schedule.Assignments.Where(a => a.PersonId == person.Id))
            {
                var s = shiftsById[a.ShiftId];
                compiled.TryGetShift(s.Id, out var si);
                items.Add(new Item(s.Start, s.End, kinds[s.ActivityId], si, false));
            }

            items = items.OrderBy(i => i.Start).ThenBy(i => i.End).ThenBy(i => i.Shift).ToList();

            // Double booking: each horizon item that starts before an earlier item ends.
            for (var j = 0; j < items.Count; j++)
            {
                var latest = int.MinValue;
                for (var i = 0; i < j; i++)
                {
                    if (items[i].End > items[j].Start)
                    {
                        latest = Math.Max(latest, items[i].End);
                    }
                }

                if (latest != int.MinValue && !items[j].History)
                {
                    var to = Math.Min(items[j].End, latest);
                    result.Add(new Violation(RuleId.DoubleBooking, p, items[j].Shift, items[j].Start, to, to - items[j].Start, 0));
                }
            }

            foreach (var item in items.Where(i => !i.History))
            {
                var overlap = 0;
                foreach (var ab in problem.Absences.Where(x => x.PersonId == person.Id))
                {
                    for (var m = item.Start; m < item.End; m++)
                    {
                        overlap += m >= ab.Start && m < ab.End ? 1 : 0;
                    }
                }

                if (overlap > 0)
                {
                    result.Add(new Violation(RuleId.Availability, p, item.Shift, item.Start, item.End, overlap, 0));
                }

                if (!Eligible(person, shiftsById[compiled.ShiftId(item.Shift)].Requirement.Eligibility))
                {
                    result.Add(new Violation(RuleId.Eligibility, p, item.Shift, item.Start, item.End, 0, 0));
                }
            }

            // Faculty clinic sessions: full 7-day weeks from the horizon start.
            if (person.Role == Role.Faculty && (rules.FacultyMinClinicSessionsPerWeek is not null || rules.FacultyMaxClinicSessionsPerWeek is not null))
            {
                for (var week = 0; (week + 1) * 7 <= problem.HorizonDays; week++)
                {
                    var from = dayStart[problem.HistoryDays + 7 * week];
                    var to = dayStart[problem.HistoryDays + 7 * week + 7];
                    var sessions = items.Count(i => (i.Kinds & ActivityKinds.Clinic) != 0 && i.Start >= from && i.Start < to);
                    var absent = problem.Absences.Any(a => a.PersonId == person.Id && a.Start < to && a.End > from);
                    if (sessions > rules.FacultyMaxClinicSessionsPerWeek)
                    {
                        result.Add(new Violation(RuleId.FacultyClinicSessions, p, -1, from, to, sessions, rules.FacultyMaxClinicSessionsPerWeek.Value));
                    }
                    else if (sessions < rules.FacultyMinClinicSessionsPerWeek && !absent)
                    {
                        result.Add(new Violation(RuleId.FacultyClinicSessions, p, -1, from, to, sessions, rules.FacultyMinClinicSessionsPerWeek.Value));
                    }
                }
            }

            if (person.Role != Role.Resident)
            {
                continue;
            }

            var o = person.Overrides;

            // Minute arrays over [origin, origin + length).
            var origin = dayStart[0];
            var length = Math.Max(dayStart[totalDays], items.Count == 0 ? 0 : items.Max(i => i.End)) - origin + 1;
            var duty = new bool[length];
            var busy = new bool[length];
            var core = new bool[length];
            foreach (var item in items)
            {
                for (var m = item.Start; m < item.End; m++)
                {
                    if ((item.Kinds & ActivityKinds.Duty) != 0)
                    {
                        duty[m - origin] = true;
                        if ((item.Kinds & ActivityKinds.Transition) == 0)
                        {
                            core[m - origin] = true;
                        }
                    }

                    if ((item.Kinds & (ActivityKinds.Duty | ActivityKinds.HomeCall)) != 0)
                    {
                        busy[m - origin] = true;
                    }
                }
            }

            var dutyRuns = Runs(duty, origin, value: true);
            var freeRuns = Runs(busy, origin, value: false, endAt: dayStart[totalDays]);

            foreach (var (from, to) in windows)
            {
                var minutes = dutyRuns.Sum(r => Math.Max(0, Math.Min(r.End, to) - Math.Max(r.Start, from)));
                var maxMinutes = Max(o?.MaxDutyMinutesPerWindow ?? rules.MaxDutyMinutesPerWindow);
                if (minutes > maxMinutes)
                {
                    result.Add(new Violation(RuleId.WeeklyHours, p, -1, from, to, minutes, maxMinutes));
                }

                var free = freeRuns.Sum(r => Math.Max(0, Math.Min(r.End, to) - Math.Max(r.Start, from)) / Day);
                var minFree = Min(o?.MinFreeDaysPerWindow ?? rules.MinFreeDaysPerWindow);
                if (free < minFree)
                {
                    result.Add(new Violation(RuleId.DaysOff, p, -1, from, to, free, minFree));
                }

                var calls = items.Count(i => (i.Kinds & ActivityKinds.InHouseCall) != 0 && i.Start >= from && i.Start < to);
                var maxCalls = Max(o?.MaxCallsPerWindow ?? rules.MaxCallsPerWindow);
                if (calls > maxCalls)
                {
                    result.Add(new Violation(RuleId.CallFrequency, p, -1, from, to, calls, maxCalls));
                }
            }

            // Duty periods: duty runs joined when the free time between them is shorter than the continuity gap.
            var periods = new List<(int Start, int End)>();
            foreach (var run in dutyRuns)
            {
                if (periods.Count > 0 && run.Start - periods[^1].End < rules.ContinuityGapMinutes)
                {
                    periods[^1] = (periods[^1].Start, run.End);
                }
                else
                {
                    periods.Add(run);
                }
            }

            var maxContinuous = o?.MaxContinuousDutyMinutes ?? rules.MaxContinuousDutyMinutes;
            var maxPeriod = rules.MaxDutyPeriodMinutes;
            if (person.Pgy == 1 && rules.Pgy1MaxDutyPeriodMinutes is { } pgy1)
            {
                maxContinuous = Math.Min(maxContinuous, pgy1);
                maxPeriod = Math.Min(maxPeriod, pgy1);
            }

            for (var k = 0; k < periods.Count; k++)
            {
                var (ps, pe) = periods[k];
                var inside = items.Where(i => (i.Kinds & ActivityKinds.Duty) != 0 && i.Start < pe && i.End > ps).ToList();
                var horizon = inside.Any(i => !i.History);
                var coreEnd = ps;
                for (var m = ps; m < pe; m++)
                {
                    if (core[m - origin])
                    {
                        coreEnd = m + 1;
                    }
                }

                if (horizon)
                {
                    if (coreEnd - ps > maxContinuous)
                    {
                        result.Add(new Violation(RuleId.ContinuousDuty, p, -1, ps, pe, coreEnd - ps, maxContinuous));
                    }
                    else if (pe - ps > maxPeriod)
                    {
                        result.Add(new Violation(RuleId.ContinuousDuty, p, -1, ps, pe, pe - ps, maxPeriod));
                    }
                }

                if (k > 0 && horizon)
                {
                    var (qs, qe) = periods[k - 1];
                    var previousHasCall = items.Any(i => (i.Kinds & ActivityKinds.InHouseCall) != 0 && i.Start < qe && i.End > qs);
                    var required = previousHasCall && qe - qs >= rules.LongCallPeriodMinutes
                        ? rules.MinRestAfterCallMinutes
                        : rules.MinRestMinutes;
                    if (ps - qe < required)
                    {
                        result.Add(new Violation(RuleId.Rest, p, -1, qe, ps, ps - qe, required));
                    }
                }
            }

            // Nights: local start dates of night shifts, in runs of consecutive dates.
            var nightDates = items.Where(i => (i.Kinds & ActivityKinds.Night) != 0)
                .GroupBy(i => DateOnly.FromDateTime(calendar.ToLocal(i.Start)))
                .OrderBy(g => g.Key)
                .ToList();
            var maxNights = o?.MaxConsecutiveNights ?? rules.MaxConsecutiveNights;
            var runStart = 0;
            for (var k = 1; k <= nightDates.Count; k++)
            {
                if (k == nightDates.Count || nightDates[k].Key != nightDates[k - 1].Key.AddDays(1))
                {
                    var run = nightDates.Skip(runStart).Take(k - runStart).ToList();
                    if (run.Count > maxNights && run.Any(g => g.Any(i => !i.History)))
                    {
                        var first = calendar.DayStart(run[0].Key.DayNumber - problem.StartDate.DayNumber);
                        var end = calendar.DayStart(run[^1].Key.DayNumber - problem.StartDate.DayNumber + 1);
                        result.Add(new Violation(RuleId.ConsecutiveNights, p, -1, first, end, run.Count, maxNights));
                    }

                    runStart = k;
                }
            }
        }

        CheckRoster(compiled, schedule, dayStart, result);

        foreach (var shift in problem.Shifts)
        {
            compiled.TryGetShift(shift.Id, out var si);
            var people = schedule.Assignments.Where(a => a.ShiftId == shift.Id)
                .Select(a => problem.People.First(x => x.Id == a.PersonId)).ToList();
            var r = shift.Requirement;
            if (people.Count < r.MinPeople)
            {
                result.Add(new Violation(RuleId.Coverage, -1, si, shift.Start, shift.End, people.Count, r.MinPeople));
            }
            else if (people.Count > r.MaxPeople)
            {
                result.Add(new Violation(RuleId.Coverage, -1, si, shift.Start, shift.End, people.Count, r.MaxPeople));
            }

            if (r.Supervised)
            {
                var faculty = people.Count(x => x.Role == Role.Faculty);
                var pgy1 = people.Count(x => x.Role == Role.Resident && x.Pgy == 1);
                var senior = people.Count(x => x.Role == Role.Resident && x.Pgy > 1);
                var needed = 0;
                while (needed * rules.Pgy1PerFaculty * rules.SeniorPerFaculty < pgy1 * rules.SeniorPerFaculty + senior * rules.Pgy1PerFaculty)
                {
                    needed++;
                }

                if (faculty < needed)
                {
                    result.Add(new Violation(RuleId.Supervision, -1, si, shift.Start, shift.End, faculty, needed));
                }
            }
        }

        result.Sort();
        return result;
    }

    // The generic rostering rules, straight from their definitions: a working day is a horizon day on which
    // one of the person's shifts starts; runs touching the horizon's ends are exempt from minimums.
    private static void CheckRoster(CompiledProblem compiled, Schedule schedule, int[] dayStart, List<Violation> result)
    {
        var problem = compiled.Source;
        var first = problem.HistoryDays;
        var last = problem.HistoryDays + problem.HorizonDays - 1;
        var end = dayStart[last + 1];
        int DayOf(int minute) => Enumerable.Range(first, last - first + 1).Last(d => dayStart[d] <= minute || d == first);
        var shiftsById = problem.Shifts.ToDictionary(s => s.Id);
        for (var p = 0; p < problem.People.Count; p++)
        {
            var person = problem.People[p];
            var shifts = schedule.Assignments.Where(a => a.PersonId == person.Id)
                .Select(a => shiftsById[a.ShiftId])
                .Select(s => (Shift: s, Index: compiled.TryGetShift(s.Id, out var si) ? si : -1, Day: DayOf(s.Start)))
                .OrderBy(x => x.Index)
                .ToList();

            foreach (var a in shifts)
            {
                foreach (var b in shifts.Where(b => b.Day == a.Day + 1))
                {
                    if (problem.Rules.ForbiddenSuccessions.Contains(new Succession(a.Shift.ActivityId, b.Shift.ActivityId)))
                    {
                        result.Add(new Violation(RuleId.Succession, p, b.Index, a.Shift.Start, b.Shift.End, 1, 0));
                    }
                }
            }

            if (person.Roster is not { } roster)
            {
                continue;
            }

            foreach (var limit in roster.MaxShifts)
            {
                var ofActivity = shifts.Where(x => x.Shift.ActivityId == limit.ActivityId).ToList();
                if (ofActivity.Count > limit.Max)
                {
                    result.Add(new Violation(RuleId.ShiftsPerActivity, p, ofActivity[limit.Max].Index, 0, end, ofActivity.Count, limit.Max));
                }
            }

            var total = shifts.Sum(x => x.Shift.End - x.Shift.Start);
            if (total > roster.MaxTotalMinutes)
            {
                result.Add(new Violation(RuleId.TotalMinutes, p, -1, 0, end, total, roster.MaxTotalMinutes.Value));
            }
            else if (total < roster.MinTotalMinutes)
            {
                result.Add(new Violation(RuleId.TotalMinutes, p, -1, 0, end, total, roster.MinTotalMinutes.Value));
            }

            var working = Enumerable.Range(0, last + 1).Select(d => shifts.Any(x => x.Day == d)).ToArray();
            foreach (var (runFirst, runLast, worked) in DayRuns(working, first, last))
            {
                var length = runLast - runFirst + 1;
                var exempt = runFirst == first || runLast == last;
                var (rule, min, max) = worked
                    ? (RuleId.ConsecutiveDays, roster.MinConsecutiveDays, roster.MaxConsecutiveDays)
                    : (RuleId.ConsecutiveDaysOff, roster.MinConsecutiveDaysOff, null);
                if (length > max)
                {
                    result.Add(new Violation(rule, p, -1, dayStart[runFirst], dayStart[runLast + 1], length, max.Value));
                }
                else if (length < min && !exempt)
                {
                    result.Add(new Violation(rule, p, -1, dayStart[runFirst], dayStart[runLast + 1], length, min.Value));
                }
            }

            // Weekends: each Saturday of the horizon with the Sunday after it, and a lone Sunday on the first day.
            DayOfWeek Weekday(int d) => problem.StartDate.AddDays(d - first).DayOfWeek;
            var weekends = 0;
            for (var d = first; d <= last; d++)
            {
                if ((Weekday(d) == DayOfWeek.Saturday && (working[d] || (d < last && working[d + 1])))
                    || (d == first && Weekday(d) == DayOfWeek.Sunday && working[d]))
                {
                    weekends++;
                }
            }

            if (weekends > roster.MaxWeekends)
            {
                result.Add(new Violation(RuleId.Weekends, p, -1, 0, end, weekends, roster.MaxWeekends.Value));
            }
        }
    }

    // Maximal runs of equal days in [first, last]: (first day, last day, working).
    private static IEnumerable<(int First, int Last, bool Worked)> DayRuns(bool[] working, int first, int last)
    {
        var start = first;
        for (var d = first + 1; d <= last + 1; d++)
        {
            if (d > last || working[d] != working[start])
            {
                yield return (start, d - 1, working[start]);
                start = d;
            }
        }
    }

    private static bool Eligible(Person person, Eligibility e) =>
        (person.Role == Role.Faculty ? e.Faculty : e.Residents && person.Pgy >= e.MinPgy && person.Pgy <= e.MaxPgy)
        && e.Qualifications.All(q => person.Qualifications.Contains(q));

    // Maximal runs of minutes whose flag equals value, as [start, end) in elapsed minutes; a run of free
    // minutes is cut at endAt (the span's end).
    private static List<(int Start, int End)> Runs(bool[] flags, int origin, bool value, int endAt = int.MaxValue)
    {
        var runs = new List<(int, int)>();
        var limit = (int)Math.Min(flags.Length, (long)endAt - origin);
        var start = -1;
        for (var m = 0; m <= limit; m++)
        {
            var inRun = m < limit && flags[m] == value;
            if (inRun && start < 0)
            {
                start = m;
            }
            else if (!inRun && start >= 0)
            {
                runs.Add((start + origin, m + origin));
                start = -1;
            }
        }

        return runs;
    }
}
