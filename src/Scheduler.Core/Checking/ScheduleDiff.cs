using Scheduler.Core.Compiled;

namespace Scheduler.Core.Checking;

/// <summary>One person's day whose shifts differ between two schedules.</summary>
/// <param name="Person">The person.</param>
/// <param name="Day">The horizon day (0 is the problem's start date) the shifts start on.</param>
/// <param name="Removed">Shifts of that day in the first schedule only.</param>
/// <param name="Added">Shifts of that day in the second schedule only.</param>
public sealed record DayChange(int Person, int Day, IReadOnlyList<int> Removed, IReadOnlyList<int> Added);

/// <summary>How much one person's schedule changed.</summary>
/// <param name="Person">The person.</param>
/// <param name="WorkedDays">Days on which the person works in either schedule.</param>
/// <param name="ChangedDays">Days whose shifts differ.</param>
public sealed record PersonChurn(int Person, int WorkedDays, int ChangedDays)
{
    /// <summary>Changed days over days worked in either schedule (0 to 1).</summary>
    public double Churn => (double)ChangedDays / Math.Max(1, WorkedDays);
}

/// <summary>
/// The difference between a published schedule and a changed one of the same problem, by person and day: a day
/// changes when the shifts the person starts on it differ. Churn is changed person-days over the person-days worked
/// in either schedule (0 to 1), for everyone together and for each person.
/// </summary>
public sealed class ScheduleDiff
{
    private ScheduleDiff(CompiledProblem problem, IReadOnlyList<DayChange> changes, IReadOnlyList<PersonChurn> people, int workedDays, int removed, int added)
    {
        Problem = problem;
        Changes = changes;
        People = people;
        WorkedDays = workedDays;
        RemovedCount = removed;
        AddedCount = added;
    }

    /// <summary>The problem of both schedules.</summary>
    public CompiledProblem Problem { get; }

    /// <summary>Every changed day, by person then day.</summary>
    public IReadOnlyList<DayChange> Changes { get; }

    /// <summary>Every person whose schedule changed, the largest churn first.</summary>
    public IReadOnlyList<PersonChurn> People { get; }

    /// <summary>Person-days worked in either schedule.</summary>
    public int WorkedDays { get; }

    /// <summary>Assignments of the published schedule that the changed one lacks.</summary>
    public int RemovedCount { get; }

    /// <summary>Assignments of the changed schedule that the published one lacks.</summary>
    public int AddedCount { get; }

    /// <summary>Changed person-days over person-days worked in either schedule (0 to 1).</summary>
    public double Churn => (double)Changes.Count / Math.Max(1, WorkedDays);

    /// <summary>Compares <paramref name="published"/> with <paramref name="changed"/>.</summary>
    /// <exception cref="ArgumentException">The schedules are of different problems.</exception>
    public static ScheduleDiff Of(CompiledSchedule published, CompiledSchedule changed)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(changed);
        var problem = published.Problem;
        if (!ReferenceEquals(problem, changed.Problem))
        {
            throw new ArgumentException("the schedules are of different problems (compile both against one)", nameof(changed));
        }

        var changes = new List<DayChange>();
        var people = new List<PersonChurn>();
        int workedDays = 0, removedCount = 0, addedCount = 0;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            var before = ByDay(problem, published.Duties(p));
            var after = ByDay(problem, changed.Duties(p));
            var days = before.Keys.Union(after.Keys).Order().ToList();
            workedDays += days.Count;
            var changedDays = 0;
            foreach (var day in days)
            {
                var a = before.GetValueOrDefault(day) ?? [];
                var b = after.GetValueOrDefault(day) ?? [];
                var removed = a.Except(b).ToArray();
                var added = b.Except(a).ToArray();
                if (removed.Length + added.Length == 0)
                {
                    continue;
                }

                changes.Add(new DayChange(p, day, removed, added));
                removedCount += removed.Length;
                addedCount += added.Length;
                changedDays++;
            }

            if (changedDays > 0)
            {
                people.Add(new PersonChurn(p, days.Count, changedDays));
            }
        }

        people.Sort((x, y) => x.Churn != y.Churn ? y.Churn.CompareTo(x.Churn) : x.Person.CompareTo(y.Person));
        return new ScheduleDiff(problem, changes, people, workedDays, removedCount, addedCount);
    }

    // The person's shifts in the horizon by the horizon day they start on.
    private static Dictionary<int, List<int>> ByDay(CompiledProblem problem, ReadOnlySpan<Duty> duties)
    {
        var days = new Dictionary<int, List<int>>();
        foreach (var d in duties)
        {
            if (d.IsHistory)
            {
                continue;
            }

            var day = d.Day - problem.HistoryDays;
            if (!days.TryGetValue(day, out var shifts))
            {
                days[day] = shifts = [];
            }

            shifts.Add(d.Shift);
        }

        return days;
    }
}
