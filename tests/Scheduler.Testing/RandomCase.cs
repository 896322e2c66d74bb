using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Testing;

/// <summary>
/// A small random problem with a random schedule, built from a seed: a few residents and faculty, one to
/// three weeks, history, zones with and without daylight saving (starting near the changes), 24 h calls,
/// nights, transitions, home call, absences, overrides and windows of 7, 14 or 28 days so that every rule
/// both passes and fails often. With <c>roster</c>, also generic rostering limits on some people, forbidden
/// successions and per-shift cover penalties (drawn from a second generator, so the rest of the case is the
/// same either way).
/// </summary>
public sealed record RandomCase(int Seed, Problem Problem, Schedule Schedule)
{
    private static readonly string[] s_zones = ["America/New_York", "Pacific/Honolulu", "Europe/London", "UTC", "Australia/Lord_Howe"];
    private static readonly DateOnly[] s_starts = [new(2026, 3, 2), new(2026, 10, 22), new(2026, 7, 2), new(2026, 3, 26), new(2026, 4, 1)];

    private static readonly Activity[] s_activities =
    [
        new("clinic", "Clinic", ActivityKinds.Duty | ActivityKinds.Clinic),
        new("ward", "Ward", ActivityKinds.Duty),
        new("call", "In-house call", ActivityKinds.Duty | ActivityKinds.InHouseCall),
        new("night", "Night float", ActivityKinds.Duty | ActivityKinds.Night),
        new("callnight", "Night call", ActivityKinds.Duty | ActivityKinds.InHouseCall | ActivityKinds.Night),
        new("transition", "Transition", ActivityKinds.Duty | ActivityKinds.Transition),
        new("home", "Home call", ActivityKinds.HomeCall),
        new("meeting", "Meeting (not duty)", ActivityKinds.None),
    ];

    /// <summary>Builds the case for a seed (the same seed, the same case).</summary>
    public static RandomCase Create(int seed, bool roster = true)
    {
        var rng = new Random(seed);
        var rosterRng = new Random(unchecked((seed * 31) + 7));
        var zone = s_zones[rng.Next(s_zones.Length)];
        var start = s_starts[rng.Next(s_starts.Length)].AddDays(rng.Next(-3, 4));
        var horizon = rng.Next(5, 22);
        var historyDays = rng.Next(3) == 0 ? 0 : rng.Next(1, 36);
        var calendar = ProgramCalendar.Create(zone, start);
        var windowDays = new[] { 7, 14, 28 }[rng.Next(3)];
        var weeks = windowDays / 7.0;
        var rules = new ProgramRules
        {
            WindowDays = windowDays,
            MaxDutyMinutesPerWindow = (int)(rng.Next(40, 90) * 60 * weeks),
            MinFreeDaysPerWindow = (int)weeks + rng.Next(0, 2),
            MaxCallsPerWindow = (int)(weeks * rng.Next(1, 4)),
            MaxConsecutiveNights = rng.Next(1, 5),
            Pgy1MaxDutyPeriodMinutes = rng.Next(4) == 0 ? 16 * 60 : null,
            MinRestMinutes = rng.Next(3) == 0 ? 10 * 60 : 8 * 60,
            FacultyMinClinicSessionsPerWeek = rng.Next(3) == 0 ? rng.Next(0, 3) : null,
            FacultyMaxClinicSessionsPerWeek = rng.Next(3) == 0 ? rng.Next(3, 5) : null,
        };

        var people = new List<Person>();
        var residents = rng.Next(1, 4);
        for (var i = 0; i < residents; i++)
        {
            RuleOverrides? overrides = rng.Next(4) == 0
                ? new RuleOverrides { MaxDutyMinutesPerWindow = rules.MaxDutyMinutesPerWindow / 2, MaxConsecutiveNights = 1 }
                : null;
            people.Add(new Person($"R{i}", $"Resident {i}", Role.Resident, rng.Next(1, 4), rng.Next(2) == 0 ? ["peds"] : [], overrides));
        }

        for (var i = rng.Next(0, 3); i > 0; i--)
        {
            people.Add(new Person($"F{i}", $"Faculty {i}", Role.Faculty, 0, ["peds"]));
        }

        int At(int day, int hour, int minute) => calendar.ToMinutes(start.AddDays(day), new TimeOnly(hour, minute));

        (int Start, int End) Interval(Activity activity, int day)
        {
            var minute = rng.Next(2) * 30;
            return activity.Id switch
            {
                "clinic" => (At(day, 8 + rng.Next(2) * 5, 0), At(day, 12 + rng.Next(2) * 5, 0)),
                "ward" => (At(day, 7, 0), At(day, 17 + rng.Next(3), minute)),
                "call" => (At(day, 7, 0), At(day + 1, 7, rng.Next(4) == 0 ? 30 : 0)),
                "night" or "callnight" => (At(day, 19, 0), At(day + 1, 7, 0)),
                "transition" => (At(day, 7, 0), At(day, 9 + rng.Next(3), rng.Next(4) == 0 ? 1 : 0)),
                "home" => (At(day, 17, 0), At(day + 1, 8, 0)),
                _ => (At(day, rng.Next(24), minute), At(day, 0, 0) + rng.Next(60, 900)),
            };
        }

        var shifts = new List<Shift>();
        for (var day = 0; day < horizon; day++)
        {
            for (var k = rng.Next(1, 6); k > 0; k--)
            {
                var activity = s_activities[rng.Next(s_activities.Length)];
                var (from, to) = Interval(activity, day);
                if (to <= from)
                {
                    to = from + 60;
                }

                var eligibility = rng.Next(5) switch
                {
                    0 => new Eligibility(true, false, 2, 7, []),
                    1 => new Eligibility(true, true, 1, 7, ["peds"]),
                    _ => Eligibility.Anyone,
                };
                var min = rng.Next(0, 3);
                shifts.Add(new Shift($"d{day}-{activity.Id}-{k}", activity.Id, from, to,
                    new Requirement(min, min + rng.Next(0, 3), eligibility, rng.Next(3) == 0)));
            }
        }

        var history = new List<HistoryEntry>();
        foreach (var person in people)
        {
            var cursor = calendar.DayStart(-historyDays);
            for (var day = -historyDays; day < 0; day++)
            {
                if (rng.Next(10) < 6)
                {
                    var activity = s_activities[rng.Next(s_activities.Length)];
                    var (from, to) = Interval(activity, day);
                    if (from >= cursor && from < 0 && to > from)
                    {
                        history.Add(new HistoryEntry(person.Id, activity.Id, from, to));
                        cursor = to;
                    }
                }
            }
        }

        var absences = new List<Absence>();
        foreach (var person in people)
        {
            if (rng.Next(3) == 0)
            {
                var from = At(rng.Next(horizon), rng.Next(24), 0);
                absences.Add(new Absence(person.Id, (AbsenceKind)rng.Next(3), from, from + rng.Next(60, 4 * 1440)));
            }
        }

        if (roster)
        {
            AddRoster(rosterRng, horizon, people, shifts);
            rules = rules with
            {
                ForbiddenSuccessions = Enumerable.Range(0, rosterRng.Next(4))
                    .Select(_ => new Succession(s_activities[rosterRng.Next(s_activities.Length)].Id, s_activities[rosterRng.Next(s_activities.Length)].Id))
                    .Distinct()
                    .ToList(),
            };
        }

        var problem = new Problem
        {
            Name = $"random-{seed}",
            TimeZone = zone,
            StartDate = start,
            HorizonDays = horizon,
            HistoryDays = historyDays,
            Rules = rules,
            People = people,
            Activities = s_activities,
            Shifts = shifts,
            Absences = absences,
            History = history,
        };

        var density = rng.Next(15, 60);
        var assignments = new List<Assignment>();
        foreach (var shift in shifts)
        {
            foreach (var person in people)
            {
                if (rng.Next(100) < density)
                {
                    assignments.Add(new Assignment(person.Id, shift.Id));
                }
            }
        }

        return new RandomCase(seed, problem, new Schedule(problem.Name, assignments));
    }

    // Limits near what the random schedules do, so each rule passes and fails often.
    private static void AddRoster(Random rng, int horizon, List<Person> people, List<Shift> shifts)
    {
        for (var i = 0; i < people.Count; i++)
        {
            if (rng.Next(3) == 0)
            {
                continue;
            }

            int? Maybe(int value) => rng.Next(2) == 0 ? value : null;
            var minDays = Maybe(rng.Next(1, 4));
            var minMinutes = Maybe(rng.Next(0, 40) * 60 * horizon / 7);
            people[i] = people[i] with
            {
                Roster = new RosterLimits
                {
                    MaxShifts = s_activities.Where(_ => rng.Next(4) == 0).Select(a => new ActivityLimit(a.Id, rng.Next(0, 6))).ToList(),
                    MinTotalMinutes = minMinutes,
                    MaxTotalMinutes = Maybe((minMinutes ?? 0) + (rng.Next(0, 80) * 60 * horizon / 7)),
                    MinConsecutiveDays = minDays,
                    MaxConsecutiveDays = Maybe((minDays ?? 1) + rng.Next(0, 5)),
                    MinConsecutiveDaysOff = Maybe(rng.Next(1, 4)),
                    MaxWeekends = Maybe(rng.Next(0, 3)),
                },
            };
        }

        for (var i = 0; i < shifts.Count; i++)
        {
            if (rng.Next(3) == 0)
            {
                shifts[i] = shifts[i] with { Requirement = shifts[i].Requirement with { Penalty = new CoverPenalty(rng.Next(1, 6), rng.Next(1, 6)) } };
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomCase({Seed}: {Problem.People.Count} people, {Problem.HistoryDays}+{Problem.HorizonDays} days, {Problem.TimeZone}, {Schedule.Assignments.Count} assignments)";
}
