using Scheduler.Core.Model;

namespace Scheduler.Formats.Tests;

/// <summary>Named, hand-built problems and schedules for the example-based tests.</summary>
internal static class Fixtures
{
    public static readonly Activity Clinic = new("clinic", "Clinic", ActivityKinds.Duty);

    public static readonly Activity Call = new("call", "In-house call", ActivityKinds.Duty | ActivityKinds.InHouseCall);

    public static readonly Person Pgy1 = new("r1", "Ana Pérez", Role.Resident, 1, ["acls"]);

    public static readonly Person Senior = new(
        "r2", "Ben Okafor", Role.Resident, 3, [], new RuleOverrides { MaxCallsPerWindow = 6 });

    public static readonly Person Attending = new("f1", "Dr. Chen", Role.Faculty, 0, ["acls", "icu"]);

    /// <summary>A two-day program in New York with clinics, a 24 h call, an absence, requests and history.</summary>
    public static Problem Tiny { get; } = new()
    {
        Name = "tiny",
        TimeZone = "America/New_York",
        StartDate = new DateOnly(2026, 7, 1),
        HorizonDays = 2,
        HistoryDays = 1,
        Rules = ProgramRules.Acgme with { Pgy1MaxDutyPeriodMinutes = 16 * 60 },
        People = [Pgy1, Senior, Attending],
        Activities = [Clinic, Call],
        Shifts =
        [
            new("d0-am", "clinic", 8 * 60, 12 * 60, new Requirement(1, 2, Eligibility.Anyone, Supervised: true)),
            new("d0-call", "call", 7 * 60, 31 * 60, new Requirement(1, 1, new Eligibility(true, false, 2, 7, []), false)),
            new("d1-am", "clinic", 1440 + 8 * 60, 1440 + 12 * 60, new Requirement(0, 3, Eligibility.Anyone, true)),
        ],
        Absences = [new("r2", AbsenceKind.Conference, 1440, 2880)],
        Requests = [new("r1", RequestKind.Avoid, "d0-call", null, 5), new("f1", RequestKind.Want, null, 1, 1)],
        History = [new("r1", "clinic", -16 * 60, -12 * 60), new("r2", "call", -1440 + 60, -60)],
    };

    /// <summary>
    /// <see cref="Tiny"/> with an objective that differs from the defaults in every field (two soft rules, out of
    /// rule order) and its clinic marked continuity.
    /// </summary>
    public static Problem TinyWithObjective { get; } = Tiny with
    {
        Activities = [Clinic with { Kinds = ActivityKinds.Duty | ActivityKinds.Clinic | ActivityKinds.Continuity }, Call],
        Objective = new ObjectiveWeights
        {
            Requests = 3,
            CallFairness = 0,
            NightFairness = 20,
            WeekendFairness = 7,
            Continuity = 2,
            SoftRules = [new(Scheduler.Core.Checking.RuleId.Coverage, 1000), new(Scheduler.Core.Checking.RuleId.Rest, 5)],
        },
    };

    /// <summary>
    /// <see cref="Tiny"/> with the generic rostering fields: no clinic the day after a call, every roster limit for
    /// the senior, empty roster limits for the attending (not the same as none), and soft coverage at its own prices
    /// on the call.
    /// </summary>
    public static Problem TinyWithRostering { get; } = Tiny with
    {
        Rules = Tiny.Rules with { ForbiddenSuccessions = [new("call", "clinic")] },
        People =
        [
            Pgy1,
            Senior with
            {
                Roster = new RosterLimits
                {
                    MaxShifts = [new("call", 1), new("clinic", 300)],
                    MinTotalMinutes = 240,
                    MaxTotalMinutes = 4800,
                    MinConsecutiveDays = 1,
                    MaxConsecutiveDays = 5,
                    MinConsecutiveDaysOff = 2,
                    MaxWeekends = 1,
                },
            },
            Attending with { Roster = new RosterLimits() },
        ],
        Shifts =
        [
            Tiny.Shifts[0],
            Tiny.Shifts[1] with { Requirement = Tiny.Shifts[1].Requirement with { Penalty = new CoverPenalty(1000, 0) } },
            Tiny.Shifts[2],
        ],
    };

    public static Schedule TinySchedule { get; } =
        new("tiny", [new("r1", "d0-am"), new("f1", "d0-am"), new("r2", "d0-call")]);

    /// <summary>A four-week program of 60 people with three sessions a day for each: about 5,000 shifts.</summary>
    public static Problem Big()
    {
        var people = new List<Person>();
        for (var i = 0; i < 60; i++)
        {
            people.Add(i < 45
                ? new Person($"resident-{i:D3}", $"Resident {i}", Role.Resident, 1 + (i % 3), i % 4 == 0 ? ["acls"] : [])
                : new Person($"faculty-{i:D3}", $"Faculty {i}", Role.Faculty, 0, ["acls"]));
        }

        var shifts = new List<Shift>();
        for (var day = 0; day < 28; day++)
        {
            for (var room = 0; room < 60; room++)
            {
                var midnight = day * 1440;
                var anyone = new Requirement(0, 2, Eligibility.Anyone, true);
                shifts.Add(new($"d{day:D2}-am-{room:D2}", "clinic", midnight + 480, midnight + 720, anyone));
                shifts.Add(new($"d{day:D2}-pm-{room:D2}", "clinic", midnight + 780, midnight + 1020, anyone));
                shifts.Add(new($"d{day:D2}-call-{room:D2}", "call", midnight + 420, midnight + 1860, new Requirement(0, 1, Eligibility.Anyone, false)));
            }
        }

        return new Problem
        {
            Name = "big",
            TimeZone = "America/New_York",
            StartDate = new DateOnly(2026, 7, 1),
            HorizonDays = 28,
            People = people,
            Activities = [Clinic, Call],
            Shifts = shifts,
        };
    }

    /// <summary>The named JSON of a problem with its text replaced, for hand-edited-file tests.</summary>
    public static byte[] EditedJson(Problem problem, string find, string replace)
    {
        var json = System.Text.Encoding.UTF8.GetString(ProblemFile.ToBytes(problem, FileFormat.Json));
        Assert.Contains(find, json, StringComparison.Ordinal);
        return System.Text.Encoding.UTF8.GetBytes(json.Replace(find, replace, StringComparison.Ordinal));
    }
}
