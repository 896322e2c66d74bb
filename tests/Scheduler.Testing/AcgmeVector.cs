using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Testing;

/// <summary>
/// One case of the ACGME rule vectors (tests/data/acgme-vectors), loaded into the model: one PGY-2 resident, one activity per
/// combination of kinds, shifts before the horizon as history and the rest as assigned shifts.
/// </summary>
public sealed class AcgmeVector
{
    private AcgmeVector(string name, string description, Problem problem, Schedule schedule, Dictionary<RuleId, bool> expectPass)
    {
        Name = name;
        Description = description;
        Problem = problem;
        Schedule = schedule;
        ExpectPass = expectPass;
    }

    /// <summary>The case's name.</summary>
    public string Name { get; }

    /// <summary>What the case shows.</summary>
    public string Description { get; }

    /// <summary>The problem (one resident).</summary>
    public Problem Problem { get; }

    /// <summary>The resident's assignments.</summary>
    public Schedule Schedule { get; }

    /// <summary>Expected verdict per rule: true = pass.</summary>
    public IReadOnlyDictionary<RuleId, bool> ExpectPass { get; }

    /// <summary>Names of all vector files.</summary>
    public static IEnumerable<string> Names() =>
        Directory.GetFiles(TestData.AcgmeVectors, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>Loads one vector by name.</summary>
    public static AcgmeVector Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.AcgmeVectors, name + ".json")));
        var root = doc.RootElement;
        var zone = root.GetProperty("timeZone").GetString()!;
        var firstDate = DateOnly.ParseExact(root.GetProperty("firstDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var historyDays = root.GetProperty("historyDays").GetInt32();
        var horizonDays = root.GetProperty("horizonDays").GetInt32();
        var start = firstDate.AddDays(historyDays);
        var calendar = ProgramCalendar.Create(zone, start);

        var activities = new Dictionary<ActivityKinds, Activity>();
        var shifts = new List<Shift>();
        var history = new List<HistoryEntry>();
        var assignments = new List<Assignment>();
        var index = 0;
        foreach (var s in root.GetProperty("shifts").EnumerateArray())
        {
            var kinds = ActivityKinds.Duty;
            foreach (var k in s.GetProperty("kinds").EnumerateArray())
            {
                kinds |= k.GetString() switch
                {
                    "inHouseCall" => ActivityKinds.InHouseCall,
                    "night" => ActivityKinds.Night,
                    "transition" => ActivityKinds.Transition,
                    "homeCall" => ActivityKinds.HomeCall,
                    var other => throw new InvalidDataException($"unknown kind {other}"),
                };
            }

            if ((kinds & ActivityKinds.HomeCall) != 0)
            {
                kinds = ActivityKinds.HomeCall;
            }

            if (!activities.TryGetValue(kinds, out var activity))
            {
                activity = new Activity($"a{(int)kinds}", kinds.ToString(), kinds);
                activities[kinds] = activity;
            }

            var from = calendar.ToMinutes(DateTime.ParseExact(s.GetProperty("start").GetString()!, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            var to = calendar.ToMinutes(DateTime.ParseExact(s.GetProperty("end").GetString()!, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            if (from < 0)
            {
                history.Add(new HistoryEntry("R1", activity.Id, from, to));
            }
            else
            {
                var id = $"s{index++}";
                shifts.Add(new Shift(id, activity.Id, from, to, new Requirement(0, 1, Eligibility.Anyone, false)));
                assignments.Add(new Assignment("R1", id));
            }
        }

        var problem = new Problem
        {
            Name = name,
            TimeZone = zone,
            StartDate = start,
            HorizonDays = horizonDays,
            HistoryDays = historyDays,
            People = [new Person("R1", "Resident One", Role.Resident, 2, [])],
            Activities = activities.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList(),
            Shifts = shifts,
            History = history,
        };

        var expect = new Dictionary<RuleId, bool>();
        foreach (var e in root.GetProperty("expect").EnumerateObject())
        {
            var rule = e.Name switch
            {
                "weeklyHours" => RuleId.WeeklyHours,
                "daysOff" => RuleId.DaysOff,
                "continuousDuty" => RuleId.ContinuousDuty,
                "rest" => RuleId.Rest,
                "callFrequency" => RuleId.CallFrequency,
                "consecutiveNights" => RuleId.ConsecutiveNights,
                "doubleBooking" => RuleId.DoubleBooking,
                var other => throw new InvalidDataException($"unknown rule {other}"),
            };
            expect[rule] = e.Value.GetString() == "pass";
        }

        return new AcgmeVector(name, root.GetProperty("description").GetString() ?? "", problem, new Schedule(name, assignments), expect);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
