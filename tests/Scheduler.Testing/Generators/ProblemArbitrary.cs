using FsCheck;
using FsCheck.Fluent;
using Scheduler.Core.Checking;
using Scheduler.Core.Model;

namespace Scheduler.Testing.Generators;

/// <summary>
/// FsCheck generators of small problems and schedules that pass <see cref="ProblemValidator"/>: a few people,
/// activities (some marked continuity) and shifts over one to three weeks, in zones with and without daylight
/// saving, with absences, requests, history, overrides, objective weights (soft rules included), rostering limits,
/// forbidden successions, cover penalties and names outside ASCII. Use as
/// <c>[Property(Arbitrary = [typeof(ProblemArbitrary)])]</c>.
/// </summary>
public static class ProblemArbitrary
{
    /// <summary>Time zones the generated problems use (daylight saving in some, not in others).</summary>
    public static readonly string[] Zones = ["America/New_York", "Pacific/Honolulu", "Europe/London", "UTC", "Australia/Lord_Howe"];

    private static readonly string[] s_qualifications = ["acls", "peds", "icu", "procedures", "spanish", "obstetrics"];

    private static readonly ActivityKinds[] s_kinds =
    [
        ActivityKinds.None,
        ActivityKinds.Duty,
        ActivityKinds.Duty | ActivityKinds.InHouseCall,
        ActivityKinds.Duty | ActivityKinds.Night,
        ActivityKinds.Duty | ActivityKinds.InHouseCall | ActivityKinds.Night,
        ActivityKinds.Duty | ActivityKinds.Transition,
        ActivityKinds.Duty | ActivityKinds.Clinic,
        ActivityKinds.HomeCall,
        ActivityKinds.Duty | ActivityKinds.Continuity,
        ActivityKinds.Duty | ActivityKinds.Clinic | ActivityKinds.Continuity,
    ];

    /// <summary>The rules that may be soft: all but double booking, availability and eligibility.</summary>
    private static readonly RuleId[] s_softRules =
    [
        RuleId.WeeklyHours, RuleId.DaysOff, RuleId.ContinuousDuty, RuleId.Rest, RuleId.CallFrequency,
        RuleId.ConsecutiveNights, RuleId.Supervision, RuleId.Coverage, RuleId.FacultyClinicSessions,
    ];

    // Letters from several scripts (and one surrogate pair) so that strings exercise UTF-8 of 1 to 4 bytes.
    private static readonly string[] s_letters =
        ["a", "b", "k", "z", "A", "Q", " ", "-", "'", "é", "ø", "ß", "Ж", "λ", "中", "\"", "\\", "😀"];

    /// <summary>Valid problems.</summary>
    public static Arbitrary<Problem> Problem() => ProblemGen.ToArbitrary();

    /// <summary>Valid schedules (ids need not exist in any problem).</summary>
    public static Arbitrary<Schedule> Schedule() => ScheduleGen.ToArbitrary();

    /// <summary>The generator behind <see cref="Problem()"/>.</summary>
    public static Gen<Problem> ProblemGen { get; } =
        from zone in Gen.Elements(Zones)
        from startOffset in Gen.Choose(0, 3 * 366)
        from horizon in Gen.Choose(1, 21)
        from historyDays in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 14)))
        from name in Text(0, 20)
        from rules in RulesGen
        from objective in ObjectiveGen
        from activityCount in Gen.Choose(1, 4)
        from activities in Gen.CollectToArray(Enumerable.Range(0, activityCount), ActivityGen)
        from successions in SuccessionsGen(activities)
        from peopleCount in Gen.Choose(0, 8)
        from people in Gen.CollectToArray(Enumerable.Range(0, peopleCount), i => PersonGen(i, activities))
        from shiftCount in Gen.Choose(0, 15)
        from shifts in Gen.CollectToArray(Enumerable.Range(0, shiftCount), i => ShiftGen(i, activities, horizon))
        from absences in people.Length == 0 ? Gen.Constant(Array.Empty<Absence>()) : Gen.ArrayOf(AbsenceGen(people, horizon)).Resize(4)
        from requests in people.Length == 0 ? Gen.Constant(Array.Empty<Request>()) : Gen.ArrayOf(RequestGen(people, shifts, horizon)).Resize(5)
        from history in HistoryGen(people, activities, historyDays)
        select new Problem
        {
            Name = "P" + name,
            TimeZone = zone,
            StartDate = new DateOnly(2025, 1, 1).AddDays(startOffset),
            HorizonDays = horizon,
            HistoryDays = historyDays,
            Rules = successions.Length == 0 ? rules : rules with { ForbiddenSuccessions = successions },
            Objective = objective,
            People = people,
            Activities = activities,
            Shifts = shifts,
            Absences = absences,
            Requests = requests,
            History = history,
        };

    /// <summary>The generator behind <see cref="Schedule()"/>: unique (person, shift) pairs.</summary>
    public static Gen<Schedule> ScheduleGen { get; } =
        from name in Text(0, 20)
        from pairs in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 9), Gen.Choose(0, 40))).Resize(30)
        select new Schedule(
            name,
            pairs.Distinct().Select(p => new Assignment($"p{p.Item1}", $"s{p.Item2}")).ToArray());

    /// <summary>Rule parameters: the ACGME defaults half of the time, other valid values otherwise.</summary>
    public static Gen<ProgramRules> RulesGen { get; } =
        Gen.Frequency(
            (1, Gen.Constant(ProgramRules.Acgme)),
            (1,
                from window in Gen.Choose(1, 366)
                from duty in Gen.Choose(1, 100_000)
                from free in Gen.Choose(0, 10)
                from gap in Gen.Choose(1, 600)
                from continuous in Gen.Choose(1, 2000)
                from period in Gen.Choose(1, 2000)
                from rest in Gen.Choose(0, 1000)
                from restAfterCall in Gen.Choose(0, 1000)
                from longCall in Gen.Choose(1, 3000)
                from calls in Gen.Choose(0, 20)
                from nights in Gen.Choose(0, 10)
                from pgy1 in Gen.Choose(1, 100)
                from senior in Gen.Choose(1, 100)
                from pgy1Period in Gen.Choose(1, 2000).Select(v => (int?)v).Or(Gen.Constant<int?>(null))
                from clinicMin in Gen.Choose(0, 5).Select(v => (int?)v).Or(Gen.Constant<int?>(null))
                from clinicExtra in Gen.Choose(0, 5)
                select new ProgramRules
                {
                    WindowDays = window,
                    MaxDutyMinutesPerWindow = duty,
                    MinFreeDaysPerWindow = free,
                    ContinuityGapMinutes = gap,
                    MaxContinuousDutyMinutes = continuous,
                    MaxDutyPeriodMinutes = period,
                    MinRestMinutes = rest,
                    MinRestAfterCallMinutes = restAfterCall,
                    LongCallPeriodMinutes = longCall,
                    MaxCallsPerWindow = calls,
                    MaxConsecutiveNights = nights,
                    Pgy1PerFaculty = pgy1,
                    SeniorPerFaculty = senior,
                    Pgy1MaxDutyPeriodMinutes = pgy1Period,
                    FacultyMinClinicSessionsPerWeek = clinicMin,
                    FacultyMaxClinicSessionsPerWeek = clinicExtra == 0 ? null : (clinicMin ?? 0) + clinicExtra,
                }));

    /// <summary>An objective weight: 0 (off), a usual value, or one that needs a wide integer encoding.</summary>
    /// <remarks>Declared before <see cref="ObjectiveGen"/>, whose initializer reads it.</remarks>
    private static Gen<int> WeightGen { get; } =
        Gen.Frequency(
            (1, Gen.Constant(0)),
            (4, Gen.Choose(1, 1000)),
            (1, Gen.Choose(1001, int.MaxValue - 1)),
            (1, Gen.Constant(int.MaxValue)));

    /// <summary>
    /// Objective weights: the defaults a third of the time, other valid weights otherwise, with a random set of
    /// soft rules (never double booking, availability or eligibility; each at most once) in random order.
    /// </summary>
    public static Gen<ObjectiveWeights> ObjectiveGen { get; } =
        Gen.Frequency(
            (1, Gen.Constant(ObjectiveWeights.Default)),
            (2,
                from requests in WeightGen
                from callFairness in WeightGen
                from nightFairness in WeightGen
                from weekendFairness in WeightGen
                from continuity in WeightGen
                from soft in Gen.SubListOf(s_softRules)
                from order in Gen.Shuffle(soft.ToArray())
                from weights in Gen.ArrayOf(WeightGen, order.Length)
                select new ObjectiveWeights
                {
                    Requests = requests,
                    CallFairness = callFairness,
                    NightFairness = nightFairness,
                    WeekendFairness = weekendFairness,
                    Continuity = continuity,
                    SoftRules = order.Zip(weights, (rule, weight) => new SoftRule(rule, weight)).ToArray(),
                }));

    /// <summary>A string of <paramref name="min"/>..<paramref name="max"/> letters from several scripts.</summary>
    public static Gen<string> Text(int min, int max) =>
        from length in Gen.Choose(min, max)
        from letters in Gen.ArrayOf(Gen.Elements(s_letters), length)
        select string.Concat(letters);

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<Person> PersonGen(int index, Activity[] activities) =>
        from name in Text(1, 12)
        from suffix in Text(0, 4)
        from faculty in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from pgy in Gen.Choose(1, 7)
        from qualifications in Gen.SubListOf(s_qualifications)
        from overrides in Gen.Frequency((2, Gen.Constant<RuleOverrides?>(null)), (1, OverridesGen.Select(o => (RuleOverrides?)o)))
        from roster in Gen.Frequency(
            (2, Gen.Constant<RosterLimits?>(null)),
            (1, Gen.Constant<RosterLimits?>(new RosterLimits())),
            (3, RosterGen(activities).Select(r => (RosterLimits?)r)))
        select new Person(
            $"p{index}-{suffix}",
            name,
            faculty ? Role.Faculty : Role.Resident,
            faculty ? 0 : pgy,
            qualifications.ToArray(),
            overrides,
            roster);

    private static Gen<RuleOverrides> OverridesGen { get; } =
        from duty in Maybe(Gen.Choose(1, 2_000_000_000))
        from free in Maybe(Gen.Choose(0, 30))
        from continuous in Maybe(Gen.Choose(1, 5000))
        from calls in Maybe(Gen.Choose(0, 40))
        from nights in Maybe(Gen.Choose(0, 14))
        select new RuleOverrides
        {
            MaxDutyMinutesPerWindow = duty,
            MinFreeDaysPerWindow = free,
            MaxContinuousDutyMinutes = continuous,
            MaxCallsPerWindow = calls,
            MaxConsecutiveNights = nights,
        };

    /// <summary>
    /// Rostering limits: each activity limited at most once, in random order; every bound sometimes off; a maximum
    /// never below its minimum; minutes up to two billion so that integers take every encoding width.
    /// </summary>
    private static Gen<RosterLimits> RosterGen(Activity[] activities) =>
        from limited in Gen.SubListOf(activities)
        from order in Gen.Shuffle(limited.ToArray())
        from maxima in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 40)), (1, Gen.Choose(41, int.MaxValue - 1))), order.Length)
        from minMinutes in Maybe(Gen.Frequency((3, Gen.Choose(0, 20_000)), (1, Gen.Choose(20_001, 1_000_000_000))))
        from extraMinutes in Maybe(Gen.Frequency((3, Gen.Choose(0, 20_000)), (1, Gen.Choose(20_001, 1_000_000_000))))
        from minDays in Maybe(Gen.Choose(1, 7))
        from extraDays in Maybe(Gen.Choose(0, 7))
        from minDaysOff in Maybe(Gen.Choose(1, 5))
        from maxWeekends in Maybe(Gen.Choose(0, 4))
        select new RosterLimits
        {
            MaxShifts = order.Zip(maxima, (activity, max) => new ActivityLimit(activity.Id, max)).ToArray(),
            MinTotalMinutes = minMinutes,
            MaxTotalMinutes = (minMinutes ?? 0) + extraMinutes,
            MinConsecutiveDays = minDays,
            MaxConsecutiveDays = (minDays ?? 1) + extraDays,
            MinConsecutiveDaysOff = minDaysOff,
            MaxWeekends = maxWeekends,
        };

    /// <summary>Forbidden successions: none half of the time, otherwise a few pairs of activities (repeats allowed).</summary>
    private static Gen<Succession[]> SuccessionsGen(Activity[] activities) =>
        Gen.Frequency(
            (1, Gen.Constant(Array.Empty<Succession>())),
            (1,
                Gen.ArrayOf(
                    from first in Gen.Elements(activities)
                    from next in Gen.Elements(activities)
                    select new Succession(first.Id, next.Id)).Resize(4)));

    private static Gen<Activity> ActivityGen(int index) =>
        from name in Text(1, 12)
        from kinds in Gen.Elements(s_kinds)
        select new Activity($"a{index}", name, kinds);

    private static Gen<Shift> ShiftGen(int index, Activity[] activities, int horizon) =>
        from activity in Gen.Elements(activities)
        from start in Gen.Choose(0, horizon * 1440 - 1)
        from length in Gen.Choose(1, 7 * 1440)
        from min in Gen.Choose(0, 3)
        from extra in Gen.Choose(0, 3)
        from supervised in Gen.Elements(false, true)
        from who in Gen.Choose(0, 2)
        from minPgy in Gen.Choose(1, 7)
        from maxPgy in Gen.Choose(minPgy, 7)
        from qualifications in Gen.SubListOf(s_qualifications).Resize(2)
        from penalty in Gen.Frequency(
            (2, Gen.Constant<CoverPenalty?>(null)),
            (1,
                from under in Gen.Choose(0, 1_000_000)
                from over in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 1_000_000)))
                select (CoverPenalty?)new CoverPenalty(under, over)))
        select new Shift(
            $"s{index}",
            activity.Id,
            start,
            start + length,
            new Requirement(
                min,
                min + extra,
                new Eligibility(who != 1, who != 0, minPgy, maxPgy, qualifications.ToArray()),
                supervised,
                penalty));

    private static Gen<Absence> AbsenceGen(Person[] people, int horizon) =>
        from person in Gen.Elements(people)
        from kind in Gen.Elements(AbsenceKind.Leave, AbsenceKind.Conference, AbsenceKind.Sick)
        from start in Gen.Choose(-3000, horizon * 1440)
        from length in Gen.Choose(1, 20_000)
        select new Absence(person.Id, kind, start, start + length);

    private static Gen<Request> RequestGen(Person[] people, Shift[] shifts, int horizon) =>
        from person in Gen.Elements(people)
        from kind in Gen.Elements(RequestKind.Want, RequestKind.Avoid)
        from byShift in shifts.Length == 0 ? Gen.Constant(false) : Gen.Elements(false, true)
        from shift in shifts.Length == 0 ? Gen.Constant(default(Shift)) : Gen.Elements(shifts).Select(s => (Shift?)s)
        from day in Gen.Choose(0, horizon - 1)
        from weight in Gen.Choose(0, 1_000_000)
        select new Request(person.Id, kind, byShift ? shift!.Id : null, byShift ? null : day, weight);

    private static Gen<HistoryEntry[]> HistoryGen(Person[] people, Activity[] activities, int historyDays)
    {
        if (historyDays == 0 || people.Length == 0)
        {
            return Gen.Constant(Array.Empty<HistoryEntry>());
        }

        // Per person, entries laid end to end with gaps from the start of the history: never overlapping.
        return from perPerson in Gen.CollectToArray(people, p => PersonHistory(p, activities, historyDays))
               select perPerson.SelectMany(h => h).ToArray();
    }

    private static Gen<HistoryEntry[]> PersonHistory(Person person, Activity[] activities, int historyDays) =>
        from count in Gen.Choose(0, 3)
        from steps in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 1500), Gen.Choose(1, 1600)), count)
        from activity in Gen.Elements(activities)
        select Lay(person.Id, activity.Id, -historyDays * 1440, steps);

    private static HistoryEntry[] Lay(string person, string activity, int cursor, (int Gap, int Length)[] steps)
    {
        var entries = new List<HistoryEntry>();
        foreach (var (gap, length) in steps)
        {
            var start = cursor + gap;
            if (start >= 0)
            {
                break;
            }

            entries.Add(new HistoryEntry(person, activity, start, start + length));
            cursor = start + length;
        }

        return [.. entries];
    }
}
