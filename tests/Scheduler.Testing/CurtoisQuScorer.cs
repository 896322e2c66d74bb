using System.Globalization;
using Scheduler.Core.Model;

namespace Scheduler.Testing;

/// <summary>
/// A Curtois-Qu benchmark instance as its text states it, parsed here on its own, from the benchmark's README
/// (problems/curtois-qu/README.md) and not with the product's reader, so that the reader
/// and the solver can be checked against it. It trusts its input: a malformed file is an exception, not a message.
/// </summary>
public sealed class CurtoisQuInstance
{
    private readonly Dictionary<string, int> _typeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _employeeIndex = new(StringComparer.Ordinal);
    private readonly List<(string From, string List)> _forbiddenLists = [];

    private CurtoisQuInstance()
    {
    }

    /// <summary>Days of the horizon; day 0 is a Monday.</summary>
    public int Days { get; private set; }

    /// <summary>Shift type ids, in file order.</summary>
    public List<string> Types { get; } = [];

    /// <summary>Length in minutes of each shift type.</summary>
    public List<int> Lengths { get; } = [];

    /// <summary>Employee ids, in file order.</summary>
    public List<string> Employees { get; } = [];

    /// <summary>(from type, to type): <c>to</c> may not be worked the day after <c>from</c>.</summary>
    public HashSet<(int From, int To)> Forbidden { get; } = [];

    /// <summary>Per employee and type: the most shifts of that type (int.MaxValue when the line does not list it).</summary>
    public List<int[]> MaxShifts { get; } = [];

    /// <summary>Per employee: max total minutes, min total minutes, max consecutive shifts, min consecutive shifts, min consecutive days off, max weekends.</summary>
    public List<(int MaxMinutes, int MinMinutes, int MaxConsecutive, int MinConsecutive, int MinDaysOff, int MaxWeekends)> Limits { get; } = [];

    /// <summary>(employee, day) pairs the employee cannot work.</summary>
    public HashSet<(int Employee, int Day)> DaysOff { get; } = [];

    /// <summary>Shift-on requests: (employee, day, type, weight).</summary>
    public List<(int Employee, int Day, int Type, int Weight)> OnRequests { get; } = [];

    /// <summary>Shift-off requests: (employee, day, type, weight).</summary>
    public List<(int Employee, int Day, int Type, int Weight)> OffRequests { get; } = [];

    /// <summary>Cover lines: (day, type) to (requirement, weight per person under, weight per person over).</summary>
    public Dictionary<(int Day, int Type), (int Requirement, int Under, int Over)> Cover { get; } = [];

    /// <summary>The index of a shift type id.</summary>
    public int TypeOf(string id) => _typeIndex[id];

    /// <summary>The index of an employee id.</summary>
    public int EmployeeOf(string id) => _employeeIndex[id];

    /// <summary>Reads an instance file.</summary>
    public static CurtoisQuInstance Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses an instance's text.</summary>
    public static CurtoisQuInstance Parse(string text)
    {
        var instance = new CurtoisQuInstance();
        string? section = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                section = null;
            }
            else if (line.StartsWith('#'))
            {
                // a comment: the section goes on
            }
            else if (section is null)
            {
                section = line;
            }
            else
            {
                instance.Add(section, line.Split(','));
            }
        }

        // A forbidden list may name a shift defined below it: resolve them once every shift is known.
        foreach (var (from, list) in instance._forbiddenLists)
        {
            foreach (var to in list.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                instance.Forbidden.Add((instance.TypeOf(from), instance.TypeOf(to)));
            }
        }

        return instance;
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private void Add(string section, string[] f)
    {
        switch (section)
        {
            case "SECTION_HORIZON":
                Days = Int(f[0]);
                break;
            case "SECTION_SHIFTS":
                _typeIndex.Add(f[0], Types.Count);
                Types.Add(f[0]);
                Lengths.Add(Int(f[1]));
                _forbiddenLists.Add((f[0], f[2]));
                break;
            case "SECTION_STAFF":
                _employeeIndex.Add(f[0], Employees.Count);
                Employees.Add(f[0]);
                var max = Enumerable.Repeat(int.MaxValue, Types.Count).ToArray();
                foreach (var item in f[1].Split('|', StringSplitOptions.RemoveEmptyEntries))
                {
                    var pair = item.Split('=');
                    max[TypeOf(pair[0])] = Int(pair[1]);
                }

                MaxShifts.Add(max);
                Limits.Add((Int(f[2]), Int(f[3]), Int(f[4]), Int(f[5]), Int(f[6]), Int(f[7])));
                break;
            case "SECTION_DAYS_OFF":
                foreach (var day in f.Skip(1).Where(d => d.Length > 0))
                {
                    DaysOff.Add((EmployeeOf(f[0]), Int(day)));
                }

                break;
            case "SECTION_SHIFT_ON_REQUESTS":
                OnRequests.Add((EmployeeOf(f[0]), Int(f[1]), TypeOf(f[2]), Int(f[3])));
                break;
            case "SECTION_SHIFT_OFF_REQUESTS":
                OffRequests.Add((EmployeeOf(f[0]), Int(f[1]), TypeOf(f[2]), Int(f[3])));
                break;
            case "SECTION_COVER":
                Cover.Add((Int(f[0]), TypeOf(f[1])), (Int(f[2]), Int(f[3]), Int(f[4])));
                break;
            default:
                throw new FormatException($"unknown section {section}");
        }
    }

}

/// <summary>One hard constraint a roster breaks.</summary>
/// <param name="Constraint">Which one: one of the <c>CurtoisQuScorer</c> constants.</param>
/// <param name="Employee">The employee's id.</param>
/// <param name="Detail">What is wrong, e.g. "works D on day 0, a day off".</param>
public sealed record CurtoisQuBreach(string Constraint, string Employee, string Detail);

/// <summary>A roster's objective, term by term, and the hard constraints it breaks.</summary>
/// <param name="UnmetOnRequests">Sum of the weights of on-requests not met.</param>
/// <param name="MetOffRequests">Sum of the weights of off-requests met.</param>
/// <param name="UnderCover">Sum over cover lines of people short times the under weight.</param>
/// <param name="OverCover">Sum over cover lines of people over times the over weight.</param>
/// <param name="Breaches">Every hard constraint broken (empty: the roster is feasible).</param>
public sealed record CurtoisQuScore(int UnmetOnRequests, int MetOffRequests, int UnderCover, int OverCover, IReadOnlyList<CurtoisQuBreach> Breaches)
{
    /// <summary>The benchmark's objective: the sum of the four terms.</summary>
    public int Objective => UnmetOnRequests + MetOffRequests + UnderCover + OverCover;
}

/// <summary>
/// Scores a roster of a <see cref="CurtoisQuInstance"/> by the benchmark's README, from the definitions, with plain
/// loops: the objective (unmet on-requests, met off-requests, under- and over-cover) and every hard constraint
/// broken. A roster is <c>string?[employee, day]</c>: the shift type worked, or null for a day off, so "at most one
/// shift a day" holds by its form (<see cref="Roster"/> refuses a schedule that breaks it).
/// </summary>
public static class CurtoisQuScorer
{
    /// <summary>A shift on one of the employee's days off.</summary>
    public const string DaysOff = "days off";

    /// <summary>A shift the day after a shift it may not follow.</summary>
    public const string Succession = "succession";

    /// <summary>More shifts of a type than the employee's maximum.</summary>
    public const string MaxShifts = "max shifts";

    /// <summary>Fewer total minutes than the employee's minimum.</summary>
    public const string MinMinutes = "min total minutes";

    /// <summary>More total minutes than the employee's maximum.</summary>
    public const string MaxMinutes = "max total minutes";

    /// <summary>A run of working days longer than the maximum.</summary>
    public const string MaxConsecutive = "max consecutive shifts";

    /// <summary>A run of working days shorter than the minimum, not touching the horizon's first or last day.</summary>
    public const string MinConsecutive = "min consecutive shifts";

    /// <summary>A run of days off shorter than the minimum, not touching the horizon's first or last day.</summary>
    public const string MinDaysOff = "min consecutive days off";

    /// <summary>More weekends worked than the maximum (a weekend is worked when its Saturday or Sunday is).</summary>
    public const string MaxWeekends = "max weekends";

    /// <summary>Scores a roster (<c>[employee, day]</c>: a shift type id or null).</summary>
    public static CurtoisQuScore Score(CurtoisQuInstance instance, string?[,] roster)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(roster);
        var days = instance.Days;
        if (roster.GetLength(0) != instance.Employees.Count || roster.GetLength(1) != days)
        {
            throw new ArgumentException($"expected a roster of {instance.Employees.Count} employees by {days} days", nameof(roster));
        }

        // -1 for a day off, else the type index.
        var work = new int[instance.Employees.Count, days];
        for (var e = 0; e < instance.Employees.Count; e++)
        {
            for (var d = 0; d < days; d++)
            {
                work[e, d] = roster[e, d] is { } id ? instance.TypeOf(id) : -1;
            }
        }

        var breaches = new List<CurtoisQuBreach>();
        for (var e = 0; e < instance.Employees.Count; e++)
        {
            CheckEmployee(instance, work, e, breaches);
        }

        var unmetOn = 0;
        foreach (var (e, d, t, weight) in instance.OnRequests)
        {
            if (work[e, d] != t)
            {
                unmetOn += weight;
            }
        }

        var metOff = 0;
        foreach (var (e, d, t, weight) in instance.OffRequests)
        {
            if (work[e, d] == t)
            {
                metOff += weight;
            }
        }

        var under = 0;
        var over = 0;
        foreach (var ((d, t), (requirement, underWeight, overWeight)) in instance.Cover)
        {
            var count = 0;
            for (var e = 0; e < instance.Employees.Count; e++)
            {
                count += work[e, d] == t ? 1 : 0;
            }

            under += Math.Max(0, requirement - count) * underWeight;
            over += Math.Max(0, count - requirement) * overWeight;
        }

        return new CurtoisQuScore(unmetOn, metOff, under, over, breaches);
    }

    private static void CheckEmployee(CurtoisQuInstance instance, int[,] work, int e, List<CurtoisQuBreach> breaches)
    {
        var days = instance.Days;
        var id = instance.Employees[e];
        var limits = instance.Limits[e];
        void Breach(string constraint, string detail) => breaches.Add(new CurtoisQuBreach(constraint, id, detail));

        var perType = new int[instance.Types.Count];
        var minutes = 0;
        for (var d = 0; d < days; d++)
        {
            var t = work[e, d];
            if (t < 0)
            {
                continue;
            }

            perType[t]++;
            minutes += instance.Lengths[t];
            if (instance.DaysOff.Contains((e, d)))
            {
                Breach(DaysOff, $"works {instance.Types[t]} on day {d}, a day off");
            }

            if (d + 1 < days && work[e, d + 1] is var next and >= 0 && instance.Forbidden.Contains((t, next)))
            {
                Breach(Succession, $"works {instance.Types[next]} on day {d + 1} after {instance.Types[t]} on day {d}");
            }
        }

        for (var t = 0; t < perType.Length; t++)
        {
            if (perType[t] > instance.MaxShifts[e][t])
            {
                Breach(MaxShifts, $"works {perType[t]} shifts of {instance.Types[t]}, at most {instance.MaxShifts[e][t]}");
            }
        }

        if (minutes < limits.MinMinutes)
        {
            Breach(MinMinutes, $"works {minutes} minutes, at least {limits.MinMinutes}");
        }

        if (minutes > limits.MaxMinutes)
        {
            Breach(MaxMinutes, $"works {minutes} minutes, at most {limits.MaxMinutes}");
        }

        // Maximal runs of working days and of days off; one touching day 0 or the last day may go on outside the
        // horizon, so it is exempt from its minimum (not from the maximum).
        for (var start = 0; start < days;)
        {
            var working = work[e, start] >= 0;
            var end = start;
            while (end < days && work[e, end] >= 0 == working)
            {
                end++;
            }

            var length = end - start;
            var exempt = start == 0 || end == days;
            if (working && length > limits.MaxConsecutive)
            {
                Breach(MaxConsecutive, $"works {length} days in a row from day {start}, at most {limits.MaxConsecutive}");
            }

            if (working && !exempt && length < limits.MinConsecutive)
            {
                Breach(MinConsecutive, $"works {length} days in a row from day {start}, at least {limits.MinConsecutive}");
            }

            if (!working && !exempt && length < limits.MinDaysOff)
            {
                Breach(MinDaysOff, $"is off {length} days in a row from day {start}, at least {limits.MinDaysOff}");
            }

            start = end;
        }

        // Day 0 is a Monday: Saturdays are days 5, 12, 19, ...
        var weekends = 0;
        for (var saturday = 5; saturday < days; saturday += 7)
        {
            var sunday = saturday + 1;
            if (work[e, saturday] >= 0 || (sunday < days && work[e, sunday] >= 0))
            {
                weekends++;
            }
        }

        if (weekends > limits.MaxWeekends)
        {
            Breach(MaxWeekends, $"works {weekends} weekends, at most {limits.MaxWeekends}");
        }
    }

    /// <summary>
    /// The roster of a schedule of an imported instance: shift ids are the type, a hyphen and the day
    /// (<c>D-3</c>), split at the last hyphen. Throws <see cref="ArgumentException"/> for an unknown employee or
    /// shift, and for an employee with two shifts on one day (which breaks "at most one shift a day").
    /// </summary>
    public static string?[,] Roster(CurtoisQuInstance instance, Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(schedule);
        var roster = new string?[instance.Employees.Count, instance.Days];
        foreach (var (person, shift) in schedule.Assignments)
        {
            var hyphen = shift.LastIndexOf('-');
            if (hyphen < 0 || !int.TryParse(shift.AsSpan(hyphen + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                || day >= instance.Days || !instance.Types.Contains(shift[..hyphen]) || !instance.Employees.Contains(person))
            {
                throw new ArgumentException($"unknown employee '{person}' or shift '{shift}'", nameof(schedule));
            }

            var e = instance.EmployeeOf(person);
            if (roster[e, day] is { } other)
            {
                throw new ArgumentException($"{person} works two shifts on day {day}: {other} and {shift[..hyphen]}", nameof(schedule));
            }

            roster[e, day] = shift[..hyphen];
        }

        return roster;
    }
}
