using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;

namespace Scheduler.Solver;

/// <summary>How the schedule copes without one person, or two, in the window.</summary>
public enum CopingKind
{
    /// <summary>They work nothing in the window.</summary>
    Idle,

    /// <summary>Their shifts are covered by mending, one change at a time, with no hard rule broken.</summary>
    Mended,

    /// <summary>Their shifts are covered by a CP-SAT re-solve of the window.</summary>
    Resolved,

    /// <summary>Some shifts stay short (<see cref="AbsenceRisk.ShiftsAtRisk"/>): a single point of failure (or a critical pair).</summary>
    AtRisk,
}

/// <summary>The absence of one person (N-1) or two (N-2) for the window, and what it does to the schedule.</summary>
/// <param name="People">The people taken out.</param>
/// <param name="Shifts">Their shifts in the window.</param>
/// <param name="Kind">How the schedule copes.</param>
/// <param name="ShiftsAtRisk">Shifts in the window that stay short without them (and were not short before).</param>
/// <param name="Changes">Assignments changed to cope.</param>
/// <param name="Certain">For <see cref="CopingKind.AtRisk"/>: true when the capacity checks prove the shortfall (no schedule can cover it).</param>
public sealed record AbsenceRisk(IReadOnlyList<int> People, int Shifts, CopingKind Kind, IReadOnlyList<int> ShiftsAtRisk, int Changes, bool Certain);

/// <summary>
/// N-1 and N-2 contingency: whether coverage and every rule can still be met in a window of days without one person
/// working in it (each in turn), or without two (the pairs most likely to fail together). The capacity checks first
/// (a certain shortfall needs no search), then mending the holes one change at a time, and a CP-SAT re-solve of the
/// window (<see cref="WindowResolve"/>) only where mending leaves some short. Ranked: the absences that leave the most
/// shifts at risk first.
/// </summary>
public static class Contingency
{
    /// <summary>The pairs <see cref="WithoutPairs"/> tries when the caller names no number.</summary>
    public const int DefaultPairs = 10;

    /// <summary>Each person working in horizon days [<paramref name="fromDay"/>, <paramref name="toDay"/>), ranked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The days are not a part of the horizon.</exception>
    public static IReadOnlyList<AbsenceRisk> WithoutEachPerson(
        CompiledSchedule schedule, int fromDay, int toDay, TimeSpan solveLimit, CancellationToken cancellationToken = default)
    {
        var window = new Window(schedule, fromDay, toDay);
        var risks = new List<AbsenceRisk>();
        for (var p = 0; p < schedule.Problem.PersonCount && !cancellationToken.IsCancellationRequested; p++)
        {
            risks.Add(window.Without([p], solveLimit, cancellationToken));
        }

        return Ranked(risks);
    }

    /// <summary>
    /// N-2: the <paramref name="pairs"/> pairs of people working in the window whose joint absence is likeliest to
    /// leave shifts short (<see cref="CriticalPairs"/>), each taken out together, ranked. A pair with someone whose
    /// absence alone certainly leaves shifts short (the capacity checks prove it: a single point of failure N-1 lists)
    /// is passed over, so the pairs tried are those where the two together may fail where each alone does not.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The days are not a part of the horizon, or <paramref name="pairs"/> is not positive.</exception>
    public static IReadOnlyList<AbsenceRisk> WithoutPairs(
        CompiledSchedule schedule, int fromDay, int toDay, int pairs, TimeSpan solveLimit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairs);
        var window = new Window(schedule, fromDay, toDay);
        var risks = new List<AbsenceRisk>();
        var alone = new Dictionary<int, bool>();
        bool FailsAlone(int person)
        {
            if (!alone.TryGetValue(person, out var fails))
            {
                alone[person] = fails = window.CertainlyShortWithout([person]).Count > 0;
            }

            return fails;
        }

        foreach (var (p, q, _) in CriticalPairs(schedule, fromDay, toDay))
        {
            if (risks.Count == pairs || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!FailsAlone(p) && !FailsAlone(q))
            {
                risks.Add(window.Without([p, q], solveLimit, cancellationToken));
            }
        }

        return Ranked(risks);
    }

    /// <summary>
    /// Pairs of people working in the window, the likeliest to fail together first. A pair scores for every shift of
    /// the window one of them works that the other could take instead, and for every shift both work, each time
    /// divided by the shift's replacements (the people who may work it and do not): two people who are each other's
    /// backup on thin shifts score high, two who could never stand in for each other score nothing and are left out.
    /// Cheap (no search): it picks what <see cref="WithoutPairs"/> then tries for real.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The days are not a part of the horizon.</exception>
    public static IReadOnlyList<(int First, int Second, double Score)> CriticalPairs(CompiledSchedule schedule, int fromDay, int toDay)
    {
        var window = new Window(schedule, fromDay, toDay);
        var problem = schedule.Problem;
        var scores = new Dictionary<(int, int), double>();
        void Add(int a, int b, double score)
        {
            var key = a < b ? (a, b) : (b, a);
            scores[key] = scores.GetValueOrDefault(key) + score;
        }

        var pool = new List<int>();
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            var on = schedule.PeopleOn(s);
            if (!window.Contains(s) || on.Length == 0)
            {
                continue;
            }

            pool.Clear();
            for (var p = 0; p < problem.PersonCount; p++)
            {
                if (problem.CanWork(p, s) && on.BinarySearch(p) < 0)
                {
                    pool.Add(p);
                }
            }

            // Losing one of those on the shift and one of its replacements; losing two of those on it.
            var weight = 1.0 / Math.Max(1, pool.Count);
            foreach (var worker in on)
            {
                foreach (var backup in pool)
                {
                    Add(worker, backup, weight);
                }
            }

            for (var i = 0; i < on.Length; i++)
            {
                for (var j = i + 1; j < on.Length; j++)
                {
                    Add(on[i], on[j], 2 * weight);
                }
            }
        }

        var working = Enumerable.Range(0, problem.PersonCount).Where(window.Works).ToHashSet();
        return [.. scores.Where(kv => working.Contains(kv.Key.Item1) && working.Contains(kv.Key.Item2))
            .Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value))
            .OrderByDescending(t => t.Item3).ThenBy(t => t.Item1).ThenBy(t => t.Item2)];
    }

    private static List<AbsenceRisk> Ranked(List<AbsenceRisk> risks) =>
        [.. risks.OrderByDescending(r => r.ShiftsAtRisk.Count).ThenByDescending(r => r.Kind).ThenByDescending(r => r.Changes)
            .ThenBy(r => r.People[0]).ThenBy(r => r.People.Count > 1 ? r.People[1] : -1)];

    // The schedule's window of days: its shifts, those short before anyone is taken out, and the work of taking people out.
    private sealed class Window
    {
        private readonly CompiledSchedule _schedule;
        private readonly int _fromDay, _toDay, _from, _to;
        private readonly HashSet<int> _shortBefore;
        private readonly Schedule _published;

        public Window(CompiledSchedule schedule, int fromDay, int toDay)
        {
            ArgumentNullException.ThrowIfNull(schedule);
            var problem = schedule.Problem;
            if (fromDay < 0 || toDay > problem.HorizonDays || fromDay >= toDay)
            {
                throw new ArgumentOutOfRangeException(nameof(fromDay), $"expected days within 0..{problem.HorizonDays}, got {fromDay}..{toDay}");
            }

            (_schedule, _fromDay, _toDay) = (schedule, fromDay, toDay);
            _from = problem.DayStarts[problem.HistoryDays + fromDay];
            _to = problem.DayStarts[problem.HistoryDays + toDay];
            _shortBefore = Short(schedule).ToHashSet();
            _published = schedule.ToSchedule();
        }

        public bool Contains(int shift) => _schedule.Problem.ShiftStart[shift] >= _from && _schedule.Problem.ShiftStart[shift] < _to;

        public bool Works(int person) => Shifts(person) > 0;

        private int Shifts(int person) => _schedule.Duties(person).ToArray().Count(d => !d.IsHistory && Contains(d.Shift));

        private List<int> NewlyShort(IEnumerable<int> shifts) => [.. shifts.Where(s => Contains(s) && !_shortBefore.Contains(s)).Distinct().Order()];

        // The problem with the people absent for the window.
        private CompiledProblem Without(int[] people)
        {
            var problem = _schedule.Problem;
            return CompiledProblem.Compile(problem.Source with
            {
                Absences = [.. problem.Source.Absences, .. people.Select(p => new Absence(problem.PersonId(p), AbsenceKind.Leave, _from, _to))],
            });
        }

        /// <summary>Shifts of the window the capacity checks prove nobody can staff without these people (certain, no search).</summary>
        public List<int> CertainlyShortWithout(int[] people) => CertainlyShort(Without(people));

        private List<int> CertainlyShort(CompiledProblem without) =>
            NewlyShort(CapacityChecks.Run(without).Findings.Where(f => f.IsStaffing).SelectMany(f => f.Shifts));

        public AbsenceRisk Without(int[] people, TimeSpan solveLimit, CancellationToken cancellationToken)
        {
            var problem = _schedule.Problem;
            var theirs = people.Sum(Shifts);
            if (theirs == 0)
            {
                return new AbsenceRisk(people, 0, CopingKind.Idle, [], 0, false);
            }

            var without = Without(people);
            var start = CompiledSchedule.Compile(without, _published);
            var certain = CertainlyShort(without);
            var mended = HoleMending.Mend(start, _fromDay, _toDay);
            var left = NewlyShort(Short(mended));
            if (left.Count == 0)
            {
                return new AbsenceRisk(people, theirs, CopingKind.Mended, [], Changed(_schedule, mended), false);
            }

            if (certain.Count == 0)
            {
                var options = new SolverOptions { Workers = 1, TimeLimit = solveLimit, PreviousSchedule = _published, ChangeWeight = ChangeResolver.DefaultChangeWeight };
                var result = problem.HorizonDays > SolverOptions.AutoWeeklyDays
                    ? WindowResolve.Solve(without, _published, _fromDay, _toDay, options, cancellationToken)
                    : ScheduleSolver.Solve(without, options with { Strategy = SolveStrategy.Monolithic, Hint = mended.ToSchedule() }, cancellationToken: cancellationToken);
                if (result.Schedule is { } solved && result.Report!.HardCount == 0)
                {
                    var still = NewlyShort(Short(solved));
                    if (still.Count == 0)
                    {
                        return new AbsenceRisk(people, theirs, CopingKind.Resolved, [], Changed(_schedule, solved), false);
                    }

                    left = still.Count < left.Count ? still : left;
                }
            }

            return new AbsenceRisk(people, theirs, CopingKind.AtRisk, certain.Count > 0 ? certain : left, Changed(_schedule, mended), certain.Count > 0);
        }
    }

    private static IEnumerable<int> Short(CompiledSchedule schedule)
    {
        var problem = schedule.Problem;
        for (var s = 0; s < problem.ShiftCount; s++)
        {
            if (schedule.PeopleOn(s).Length < problem.MinPeople[s])
            {
                yield return s;
            }
        }
    }

    // Assignments in one schedule and not the other (ids compared, the problems may differ by absences).
    private static int Changed(CompiledSchedule before, CompiledSchedule after)
    {
        var changed = before.ToPairs().ToHashSet();
        changed.SymmetricExceptWith(after.ToPairs());
        return changed.Count;
    }
}
