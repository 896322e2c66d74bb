using System.Globalization;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Formats.Export;

/// <summary>One assignment as the exports show it: who, which shift, and its local start and end.</summary>
/// <param name="Person">Person index.</param>
/// <param name="Shift">Shift index.</param>
/// <param name="Start">Start, elapsed minutes from the problem start.</param>
/// <param name="End">End (exclusive), elapsed minutes from the problem start.</param>
/// <param name="LocalStart">Local wall-clock start in the program's time zone.</param>
/// <param name="LocalEnd">Local wall-clock end in the program's time zone.</param>
internal readonly record struct ExportItem(int Person, int Shift, int Start, int End, DateTime LocalStart, DateTime LocalEnd)
{
    /// <summary>Elapsed minutes, daylight saving included (a night across a change is an hour shorter or longer).</summary>
    public int Minutes => End - Start;
}

/// <summary>
/// What every export reads: the compiled schedule, the people shown (everyone, or the one person asked for)
/// and their assignments ordered by person (file order) then start, with local times resolved once.
/// </summary>
internal sealed class ExportSource
{
    private static readonly (ActivityKinds Kind, string FileName, string Text)[] KindNames =
    [
        (ActivityKinds.Duty, "duty", "duty"),
        (ActivityKinds.InHouseCall, "inHouseCall", "in-house call"),
        (ActivityKinds.Night, "night", "night"),
        (ActivityKinds.HomeCall, "homeCall", "home call"),
        (ActivityKinds.Transition, "transition", "transition"),
        (ActivityKinds.Clinic, "clinic", "clinic"),
        (ActivityKinds.Continuity, "continuity", "continuity"),
    ];

    /// <summary>Collects the assignments of <paramref name="person"/>, or of everyone when it is null.</summary>
    public ExportSource(CompiledSchedule schedule, int? person)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        Problem = schedule.Problem;
        Person = person;
        People = person is { } only ? [only] : Enumerable.Range(0, Problem.PersonCount).ToArray();
        var calendar = Problem.Calendar;
        var items = new List<ExportItem>();
        foreach (var p in People)
        {
            foreach (var duty in schedule.Duties(p))
            {
                if (!duty.IsHistory)
                {
                    items.Add(new ExportItem(p, duty.Shift, duty.Start, duty.End, calendar.ToLocal(duty.Start), calendar.ToLocal(duty.End)));
                }
            }
        }

        Items = items;
    }

    /// <summary>The schedule exported.</summary>
    public CompiledSchedule Schedule { get; }

    /// <summary>Its problem.</summary>
    public CompiledProblem Problem { get; }

    /// <summary>The one person shown (a one-person export), or null for everyone.</summary>
    public int? Person { get; }

    /// <summary>The people shown, in file order.</summary>
    public IReadOnlyList<int> People { get; }

    /// <summary>The assignments of the people shown, by person (file order) then start.</summary>
    public IReadOnlyList<ExportItem> Items { get; }

    /// <summary>A person of the problem.</summary>
    public Person PersonOf(int person) => Problem.Source.People[person];

    /// <summary>The activity of a shift.</summary>
    public Activity ActivityOf(int shift) => Problem.Source.Activities[Problem.ShiftActivity[shift]];

    /// <summary>A person's name, or their id when the name is blank.</summary>
    public string DisplayName(int person)
    {
        var p = PersonOf(person);
        return string.IsNullOrWhiteSpace(p.Name) ? p.Id : p.Name;
    }

    /// <summary>An activity's name, or its id when the name is blank.</summary>
    public static string DisplayName(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return string.IsNullOrWhiteSpace(activity.Name) ? activity.Id : activity.Name;
    }

    /// <summary>The calendar's title: the problem name, and the person's name in a one-person export.</summary>
    public string Title => Person is { } p ? $"{Problem.Source.Name}: {DisplayName(p)}" : Problem.Source.Name;

    /// <summary>"resident" or "faculty", as the problem file spells the role.</summary>
    public static string RoleName(Role role) => role == Role.Faculty ? "faculty" : "resident";

    /// <summary>Activity kinds as the problem file names them, space-separated ("duty inHouseCall").</summary>
    public static string KindFileNames(ActivityKinds kinds) =>
        string.Join(' ', KindNames.Where(k => (kinds & k.Kind) != 0).Select(k => k.FileName));

    /// <summary>Activity kinds in words, comma-separated ("duty, in-house call").</summary>
    public static string KindText(ActivityKinds kinds) =>
        string.Join(", ", KindNames.Where(k => (kinds & k.Kind) != 0).Select(k => k.Text));

    /// <summary>Minutes as decimal hours, invariant ("13", "12.5", "0.25").</summary>
    public static string Hours(int minutes) => (minutes / 60.0).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A local date as yyyy-MM-dd.</summary>
    public static string Date(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A local time as HH:mm.</summary>
    public static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);
}
