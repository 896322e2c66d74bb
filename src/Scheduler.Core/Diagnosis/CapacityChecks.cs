using System.Globalization;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Rules;

namespace Scheduler.Core.Diagnosis;

/// <summary>What a capacity check counted.</summary>
public enum CapacityKind
{
    /// <summary>One shift needs more people than are eligible for it and not absent.</summary>
    ShiftPeople,

    /// <summary>One supervised shift cannot be staffed to its minimum with the faculty available to supervise it.</summary>
    ShiftSupervision,

    /// <summary>Shifts at the same time need more people than can work them (each person works one of them).</summary>
    ConcurrentPeople,

    /// <summary>Supervised shifts at the same time need more faculty between them than are available.</summary>
    ConcurrentSupervision,

    /// <summary>A person's fixed duty (history before the horizon) alone breaks a rule.</summary>
    Fixed,

    /// <summary>The shifts of a window need more duty minutes than the people who may work them may give under the weekly-hours limit.</summary>
    WindowHours,
}

/// <summary>
/// One reason, found without a solver, why no schedule can meet every minimum: what is needed against what is
/// there, in a coordinator's words.
/// </summary>
/// <param name="Kind">What was counted.</param>
/// <param name="Hard">
/// True when the finding makes the problem infeasible (the coverage or rule it concerns is hard); false when that
/// rule is soft, so every schedule pays for it instead (a shift left short).
/// </param>
/// <param name="Message">The finding as a sentence, with names, local times and numbers.</param>
/// <param name="Needed">People, faculty or minutes needed.</param>
/// <param name="Available">People, faculty or minutes there are.</param>
/// <param name="Shifts">The shifts concerned, by index (empty for <see cref="CapacityKind.Fixed"/>).</param>
/// <param name="Person">The person concerned (<see cref="CapacityKind.Fixed"/>), or -1.</param>
public sealed record CapacityFinding(
    CapacityKind Kind, bool Hard, string Message, long Needed, long Available, IReadOnlyList<int> Shifts, int Person)
{
    /// <summary>True when the finding is about staffing its shifts (people or faculty), not fixed duty or a window's hours.</summary>
    public bool IsStaffing => Kind is CapacityKind.ShiftPeople or CapacityKind.ShiftSupervision or CapacityKind.ConcurrentPeople or CapacityKind.ConcurrentSupervision;
}

/// <summary>
/// Cheap necessary conditions for a schedule to exist, checked in milliseconds before any solve: per shift,
/// eligible people not absent against its minimum (and, when supervised, the faculty to supervise them); per set
/// of shifts at the same time, the people and faculty they need together against those who can work them (a
/// matching, since a person works one shift at a time); per person, whether their fixed duty alone breaks a rule;
/// per rolling window, the duty minutes the shifts need against what the weekly-hours limit lets people give. Each
/// check only counts: a finding is certain, but a problem with no finding may still have no schedule (rules
/// interact in ways only the solver sees; <c>scheduler explain</c> then asks CP-SAT for a core).
/// </summary>
public static class CapacityChecks
{
    /// <summary>Findings listed in full per kind; the rest are counted in <see cref="CapacityReport.Omitted"/>.</summary>
    public const int MaxPerKind = 20;

    /// <summary>Runs every check on a problem.</summary>
    public static CapacityReport Run(CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var run = new Checks(problem);
        run.Shifts();
        run.Concurrent();
        run.FixedDuty();
        run.WindowHours();
        return new CapacityReport(run.Findings, run.Omitted);
    }

    private sealed class Checks
    {
        private readonly CompiledProblem _problem;
        private readonly int[][] _candidates;
        private readonly int[][] _faculty;
        private readonly List<int>?[] _absentOn;
        private readonly int[] _minFaculty;
        private readonly int[] _perKind = new int[Enum.GetValues<CapacityKind>().Length];
        private readonly List<int> _supervised = [];
        private int[] _peopleNeeded = [];

        public Checks(CompiledProblem problem)
        {
            _problem = problem;
            _candidates = new int[problem.ShiftCount][];
            _faculty = new int[problem.ShiftCount][];
            _minFaculty = new int[problem.ShiftCount];

            // Who is absent during each shift: each absence marks the shifts it overlaps (shifts are in start order).
            var absentOn = _absentOn = new List<int>?[problem.ShiftCount];
            var starts = problem.ShiftStart;
            for (var p = 0; p < problem.PersonCount; p++)
            {
                var from = problem.AbsenceStarts(p);
                var to = problem.AbsenceEnds(p);
                for (var a = 0; a < from.Length; a++)
                {
                    var first = LowerBound(starts, from[a] - problem.MaxDutyLength);
                    for (var s = first; s < starts.Length && starts[s] < to[a]; s++)
                    {
                        if (problem.ShiftEnd[s] > from[a] && problem.IsEligible(p, s))
                        {
                            var list = absentOn[s] ??= [];
                            if (list.Count == 0 || list[^1] != p)
                            {
                                list.Add(p);
                            }
                        }
                    }
                }
            }

            // Shifts with one eligibility share its people, and its faculty, unless someone eligible is absent.
            var eligible = new Dictionary<(ulong, ulong), (int[] People, int[] Faculty)>();
            var kept = new List<int>();
            for (var s = 0; s < problem.ShiftCount; s++)
            {
                var key = problem.EligibilityKey(s);
                if (!eligible.TryGetValue(key, out var shared))
                {
                    var people = Enumerable.Range(0, problem.PersonCount).Where(p => problem.IsEligible(p, s)).ToArray();
                    shared = (people, Array.FindAll(people, p => problem.Roles[p] == Role.Faculty));
                    eligible.Add(key, shared);
                }

                if (absentOn[s] is not { } absent)
                {
                    (_candidates[s], _faculty[s]) = shared;
                    continue;
                }

                _candidates[s] = Without(shared.People, absent, kept);
                _faculty[s] = Without(shared.Faculty, absent, kept);
            }
        }

        // The people of a sorted list who are not in another sorted list.
        private static int[] Without(int[] people, List<int> absent, List<int> kept)
        {
            kept.Clear();
            var a = 0;
            foreach (var p in people)
            {
                while (a < absent.Count && absent[a] < p)
                {
                    a++;
                }

                if (a == absent.Count || absent[a] != p)
                {
                    kept.Add(p);
                }
            }

            return kept.ToArray();
        }

        private static int LowerBound(ReadOnlySpan<int> sorted, int value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sorted[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        public List<CapacityFinding> Findings { get; } = [];

        public int Omitted { get; private set; }

        private static CultureInfo Ic => CultureInfo.InvariantCulture;

        // Per shift: people, and the faculty a supervised shift needs at the least.
        public void Shifts()
        {
            var problem = _problem;
            for (var s = 0; s < problem.ShiftCount; s++)
            {
                var min = problem.MinPeople[s];
                var candidates = _candidates[s];
                if (candidates.Length < min)
                {
                    var absent = Absent(s);
                    Add(CapacityKind.ShiftPeople, CoverageHard(s), min, candidates.Length, [s], -1, string.Format(Ic,
                        "{0} ({1}) needs {2}; only {3} of the {4} eligible {5} not absent{6}",
                        problem.ShiftId(s), ViolationText.Local(problem, problem.ShiftStart[s]), People(min), candidates.Length,
                        candidates.Length + absent.Count, candidates.Length == 1 ? "is" : "are", Names(" (absent: ", absent, ")")));
                    _minFaculty[s] = 0;
                    continue;
                }

                var (faculty, seniors, juniors) = Split(candidates);
                _minFaculty[s] = MinFaculty(s, faculty, seniors, juniors);
                if (_minFaculty[s] < 0)
                {
                    var staffable = MostStaffed(s, faculty, seniors, juniors);
                    Add(CapacityKind.ShiftSupervision, CoverageHard(s) && SupervisionHard(s), min, staffable, [s], -1, string.Format(Ic,
                        "{0} ({1}) needs {2}, but the {3} available can supervise residents for at most {4} in all ({5} PGY-1, {6} PGY-2+ available)",
                        problem.ShiftId(s), ViolationText.Local(problem, problem.ShiftStart[s]), People(min),
                        Faculty(faculty), staffable, juniors, seniors));
                    _minFaculty[s] = 0;
                }
            }
        }

        // Every set of shifts at the same time (each maximal set of overlapping shifts): the people they need together
        // against a matching of people to them, then the faculty the supervised ones need against a matching of faculty.
        public void Concurrent()
        {
            var problem = _problem;
            _peopleNeeded = new int[problem.ShiftCount];
            for (var s = 0; s < problem.ShiftCount; s++)
            {
                _peopleNeeded[s] = Math.Min(problem.MinPeople[s], _candidates[s].Length);
            }

            // Shifts are in start order.
            var startOf = problem.ShiftStart.ToArray();
            var endOf = problem.ShiftEnd.ToArray();
            var active = new List<int>();
            var matcher = new Matcher(problem.PersonCount);
            for (var s = 0; s < startOf.Length; s++)
            {
                var kept = 0;
                for (var k = 0; k < active.Count; k++)
                {
                    if (endOf[active[k]] > startOf[s])
                    {
                        active[kept++] = active[k];
                    }
                }

                active.RemoveRange(kept, active.Count - kept);
                active.Add(s);

                // A set is maximal when the next event is an end: the next shift starts at or after the first end.
                if (s + 1 < startOf.Length && startOf[s + 1] < EarliestEnd(active))
                {
                    continue;
                }

                if (active.Count >= 2)
                {
                    CheckSet(active, matcher);
                }
            }
        }

        private int EarliestEnd(List<int> active)
        {
            var earliest = int.MaxValue;
            foreach (var a in active)
            {
                earliest = Math.Min(earliest, _problem.ShiftEnd[a]);
            }

            return earliest;
        }

        private void CheckSet(List<int> shifts, Matcher matcher)
        {
            var problem = _problem;
            var needed = 0;
            foreach (var s in shifts)
            {
                needed += _peopleNeeded[s];
            }

            var matched = matcher.Match(shifts, _peopleNeeded, _candidates);
            if (matched < needed)
            {
                var hard = shifts.TrueForAll(CoverageHard);
                Add(CapacityKind.ConcurrentPeople, hard, needed, matched, shifts.ToArray(), -1, string.Format(Ic,
                    "{0} shifts at {1} need {2} between them, but only {3} can work them at once (each works one): {4}",
                    shifts.Count, ViolationText.Local(problem, Latest(shifts)), People(needed), matched, ShiftNames(shifts)));
            }

            var supervised = _supervised;
            supervised.Clear();
            foreach (var s in shifts)
            {
                if (_minFaculty[s] > 0)
                {
                    supervised.Add(s);
                }
            }

            if (supervised.Count < 2)
            {
                return;
            }

            var faculty = 0;
            foreach (var s in supervised)
            {
                faculty += _minFaculty[s];
            }

            var covered = matcher.Match(supervised, _minFaculty, _faculty);
            if (covered < faculty)
            {
                var pool = new SortedSet<int>();
                foreach (var s in supervised)
                {
                    pool.UnionWith(_faculty[s]);
                }

                var away = new SortedSet<int>();
                foreach (var s in supervised)
                {
                    foreach (var p in Absent(s))
                    {
                        if (problem.Roles[p] == Role.Faculty)
                        {
                            away.Add(p);
                        }
                    }
                }

                var hard = supervised.TrueForAll(s => CoverageHard(s) && SupervisionHard(s));
                Add(CapacityKind.ConcurrentSupervision, hard, faculty, covered, supervised.ToArray(), -1, string.Format(Ic,
                    "{0} supervised shifts at {1} need at least {2} between them to be staffed to their minimum, but only {3} {4} available{5}: {6}",
                    supervised.Count, ViolationText.Local(problem, Latest(supervised)), Faculty(faculty), pool.Count,
                    pool.Count == 1 ? "is" : "are", Names(" (absent: ", away.ToList(), ")"), ShiftNames(supervised)));
            }
        }

        // Per person: what the fixed duty (history) alone breaks. The empty schedule's violations, less those an
        // empty schedule has for want of work (coverage, and the rules' minimums).
        public void FixedDuty()
        {
            var problem = _problem;
            var history = false;
            for (var p = 0; p < problem.PersonCount && !history; p++)
            {
                history = !problem.History(p).IsEmpty;
            }

            if (!history)
            {
                return;
            }

            var empty = CompiledSchedule.FromPairs(problem, []);
            foreach (var v in ComplianceChecker.Check(empty).Violations)
            {
                var wantOfWork = v.Rule is RuleId.Coverage
                    || (v.Rule is RuleId.FacultyClinicSessions or RuleId.TotalMinutes or RuleId.ConsecutiveDays && v.Measured < v.Limit);
                if (!wantOfWork)
                {
                    Add(CapacityKind.Fixed, !problem.IsSoft(v), v.Measured, v.Limit, [], v.Person,
                        "fixed duty before the horizon alone breaks " + ViolationText.RuleName(v.Rule) + ": " + ViolationText.Describe(problem, v));
                }
            }
        }

        // Per rolling window: the duty minutes the shifts inside it need against what the people may give, each at
        // most their weekly-hours limit less their fixed duty in the window, and never more than the window's time
        // they are not absent. Checked for all shifts and people, then for the shifts only limited people may work.
        public void WindowHours()
        {
            var problem = _problem;
            if (problem.LastWindow < problem.FirstWindow)
            {
                return;
            }

            var windows = problem.LastWindow - problem.FirstWindow + 1;
            var demandAll = new long[windows + 1];
            var demandLimited = new long[windows + 1];
            var rules = problem.PersonRules;
            for (var s = 0; s < problem.ShiftCount; s++)
            {
                // Only duty counts toward the weekly hours (home call and meetings do not).
                var duty = (problem.ShiftKinds[s] & ActivityKinds.Duty) != 0;
                var minutes = duty ? (long)problem.MinPeople[s] * (problem.ShiftEnd[s] - problem.ShiftStart[s]) : 0;
                if (minutes == 0)
                {
                    continue;
                }

                // Windows w that hold the whole shift: w <= its day, and the window's end at or after its end.
                var last = problem.ShiftDay[s] - problem.FirstWindow;
                var first = Math.Max(0, problem.DayOf(problem.ShiftEnd[s] - 1) - problem.WindowDays + 1 - problem.FirstWindow);
                last = Math.Min(last, windows - 1);
                if (first > last)
                {
                    continue;
                }

                demandAll[first] += minutes;
                demandAll[last + 1] -= minutes;
                if (_candidates[s].Length > 0 && Array.TrueForAll(_candidates[s], p => problem.PersonRules[p].DutyHourRules))
                {
                    demandLimited[first] += minutes;
                    demandLimited[last + 1] -= minutes;
                }
            }

            var days = problem.DayStarts;
            (long Deficit, int Window, long Needed, long Given, int Count) worstAll = default, worstLimited = default;
            long needAll = 0, needLimited = 0;
            for (var k = 0; k < windows; k++)
            {
                needAll += demandAll[k];
                needLimited += demandLimited[k];
                var w = problem.FirstWindow + k;
                var from = days[w];
                var to = days[w + problem.WindowDays];
                long giveAll = 0, giveLimited = 0;
                for (var p = 0; p < problem.PersonCount && (giveAll < needAll || giveLimited < needLimited); p++)
                {
                    var free = to - from - AbsentMinutes(p, from, to);
                    if (!rules[p].DutyHourRules)
                    {
                        giveAll += free;
                        continue;
                    }

                    var give = Math.Max(0, Math.Min(free, rules[p].MaxDutyMinutesPerWindow - FixedMinutes(p, from, to)));
                    giveAll += give;
                    giveLimited += give;
                }

                Track(ref worstAll, needAll - giveAll, k, needAll, giveAll);
                Track(ref worstLimited, needLimited - giveLimited, k, needLimited, giveLimited);
            }

            Report(worstAll, "the people who may work them");
            Report(worstLimited, "the residents (and others under the duty-hour limits) who alone may work them");

            static void Track(ref (long Deficit, int Window, long Needed, long Given, int Count) worst, long deficit, int k, long needed, long given)
            {
                if (deficit <= 0)
                {
                    return;
                }

                var count = worst.Count + 1;
                if (deficit > worst.Deficit)
                {
                    worst = (deficit, k, needed, given, count);
                }
                else
                {
                    worst.Count = count;
                }
            }

            void Report((long Deficit, int Window, long Needed, long Given, int Count) worst, string who)
            {
                if (worst.Count == 0)
                {
                    return;
                }

                var w = problem.FirstWindow + worst.Window;
                var from = problem.DayStarts[w];
                var to = problem.DayStarts[w + problem.WindowDays];
                var shifts = new List<int>();
                for (var s = 0; s < problem.ShiftCount; s++)
                {
                    if (problem.ShiftStart[s] >= from && problem.ShiftEnd[s] <= to && problem.MinPeople[s] > 0 && (problem.ShiftKinds[s] & ActivityKinds.Duty) != 0)
                    {
                        shifts.Add(s);
                    }
                }

                var hard = problem.Source.Objective.SoftWeight(RuleId.WeeklyHours) is null && shifts.TrueForAll(CoverageHard);
                Add(CapacityKind.WindowHours, hard, worst.Needed, worst.Given, shifts.ToArray(), -1, string.Format(Ic,
                    "the shifts of the {0} days {1} to {2} need {3} of duty at their minimums, but {4} may give at most {5} under the weekly-hours limit (short {6}{7})",
                    problem.WindowDays, ViolationText.Local(problem, from), ViolationText.Local(problem, to), ViolationText.Hours(Clamp(worst.Needed)), who,
                    ViolationText.Hours(Clamp(worst.Given)), ViolationText.Hours(Clamp(worst.Deficit)),
                    worst.Count > 1 ? string.Format(Ic, "; {0} windows fall short, this is the worst", worst.Count) : ""));
            }
        }

        private static int Clamp(long minutes) => (int)Math.Min(minutes, int.MaxValue);

        private long AbsentMinutes(int person, int from, int to)
        {
            var starts = _problem.AbsenceStarts(person);
            var ends = _problem.AbsenceEnds(person);
            long minutes = 0;
            for (var k = 0; k < starts.Length; k++)
            {
                minutes += Math.Max(0, Math.Min(to, ends[k]) - Math.Max(from, starts[k]));
            }

            return minutes;
        }

        private long FixedMinutes(int person, int from, int to)
        {
            long minutes = 0;
            foreach (var d in _problem.History(person))
            {
                minutes += Math.Max(0, Math.Min(to, d.End) - Math.Max(from, d.Start));
            }

            return minutes;
        }

        private (int Faculty, int Seniors, int Juniors) Split(int[] people)
        {
            int faculty = 0, seniors = 0, juniors = 0;
            foreach (var p in people)
            {
                if (_problem.Roles[p] == Role.Faculty)
                {
                    faculty++;
                }
                else if (_problem.Pgy[p] == 1)
                {
                    juniors++;
                }
                else
                {
                    seniors++;
                }
            }

            return (faculty, seniors, juniors);
        }

        // The most people a shift can hold with f faculty: the residents they supervise, the cheaper kind first (by
        // the rule's formula a PGY-1 takes SeniorPerFaculty units of the f x r1 x r2 a faculty count allows, a
        // PGY-2+ Pgy1PerFaculty), which holds the most.
        private int Staffed(int shift, int f, int seniors, int juniors)
        {
            var rules = _problem.Rules;
            long seniorCost = rules.Pgy1PerFaculty, juniorCost = rules.SeniorPerFaculty;
            var budget = (long)f * seniorCost * juniorCost;
            var (firstCount, firstCost, secondCount, secondCost) = seniorCost <= juniorCost
                ? (seniors, seniorCost, juniors, juniorCost)
                : (juniors, juniorCost, seniors, seniorCost);
            var first = Math.Min(firstCount, budget / firstCost);
            var second = Math.Min(secondCount, (budget - (first * firstCost)) / secondCost);
            return (int)Math.Min(f + first + second, _problem.MaxPeople[shift]);
        }

        // The fewest faculty that let a supervised shift reach its minimum, or -1 when none do.
        private int MinFaculty(int shift, int faculty, int seniors, int juniors)
        {
            if (!_problem.Supervised[shift] || faculty + seniors + juniors == faculty)
            {
                return 0;
            }

            for (var f = 0; f <= faculty; f++)
            {
                if (Staffed(shift, f, seniors, juniors) >= _problem.MinPeople[shift])
                {
                    return f;
                }
            }

            return -1;
        }

        private int MostStaffed(int shift, int faculty, int seniors, int juniors)
        {
            var most = 0;
            for (var f = 0; f <= faculty; f++)
            {
                most = Math.Max(most, Staffed(shift, f, seniors, juniors));
            }

            return most;
        }

        // The eligible people absent during a shift, ascending (found once, by the constructor).
        private List<int> Absent(int shift) => _absentOn[shift] ?? [];

        private bool CoverageHard(int shift) =>
            !_problem.IsSoft(new Violation(RuleId.Coverage, -1, shift, _problem.ShiftStart[shift], _problem.ShiftEnd[shift], 0, _problem.MinPeople[shift]));

        private bool SupervisionHard(int shift) => _problem.Source.Objective.SoftWeight(RuleId.Supervision) is null;

        private int Latest(List<int> shifts)
        {
            var latest = int.MinValue;
            foreach (var s in shifts)
            {
                latest = Math.Max(latest, _problem.ShiftStart[s]);
            }

            return latest;
        }

        private string ShiftNames(List<int> shifts) =>
            string.Join(", ", shifts.Take(6).Select(_problem.ShiftId)) + (shifts.Count > 6 ? string.Format(Ic, " and {0} more", shifts.Count - 6) : "");

        private string Names(string before, List<int> people, string after) =>
            people.Count == 0
                ? ""
                : before + string.Join(", ", people.Take(6).Select(_problem.PersonId)) + (people.Count > 6 ? string.Format(Ic, " and {0} more", people.Count - 6) : "") + after;

        private static string People(long count) => count == 1 ? "1 person" : string.Format(Ic, "{0} people", count);

        private static string Faculty(long count) => count == 1 ? "1 faculty member" : string.Format(Ic, "{0} faculty", count);

        private void Add(CapacityKind kind, bool hard, long needed, long available, int[] shifts, int person, string message)
        {
            if (_perKind[(int)kind]++ >= MaxPerKind)
            {
                Omitted++;
                return;
            }

            Findings.Add(new CapacityFinding(kind, hard, message, needed, available, shifts, person));
        }
    }

    // Most people matched to shifts at the same time, each shift up to its demand, each person to one shift:
    // greedy first (shifts with the fewest candidates first), then augmenting paths for what greedy left.
    private sealed class Matcher(int people)
    {
        private readonly int[] _assigned = new int[people];
        private readonly int[] _seen = new int[people];
        private readonly List<int> _order = [];
        private readonly List<int> _filled = [];
        private int _stamp;

        public int Match(List<int> shifts, int[] demand, int[][] candidates)
        {
            _order.Clear();
            _filled.Clear();
            for (var k = 0; k < shifts.Count; k++)
            {
                _order.Add(k);
                _filled.Add(0);
                foreach (var p in candidates[shifts[k]])
                {
                    _assigned[p] = -1;
                }
            }

            _order.Sort((a, b) => candidates[shifts[a]].Length.CompareTo(candidates[shifts[b]].Length));
            var matched = 0;
            foreach (var k in _order)
            {
                var need = demand[shifts[k]];
                foreach (var p in candidates[shifts[k]])
                {
                    if (_filled[k] >= need)
                    {
                        break;
                    }

                    if (_assigned[p] < 0)
                    {
                        _assigned[p] = k;
                        _filled[k]++;
                        matched++;
                    }
                }
            }

            for (var k = 0; k < shifts.Count; k++)
            {
                while (_filled[k] < demand[shifts[k]])
                {
                    _stamp++;
                    if (!Augment(k))
                    {
                        break;
                    }

                    _filled[k]++;
                    matched++;
                }
            }

            return matched;

            // Finds a person for shift k: a free candidate, or one whose shift can take another free person instead.
            bool Augment(int k)
            {
                foreach (var p in candidates[shifts[k]])
                {
                    if (_seen[p] == _stamp)
                    {
                        continue;
                    }

                    _seen[p] = _stamp;
                    var other = _assigned[p];
                    if (other < 0 || Augment(other))
                    {
                        _assigned[p] = k;
                        return true;
                    }
                }

                return false;
            }
        }
    }
}

/// <summary>The capacity checks' findings on a problem.</summary>
/// <param name="Findings">At most <see cref="CapacityChecks.MaxPerKind"/> findings of each kind, in check order.</param>
/// <param name="Omitted">Findings beyond that, counted.</param>
public sealed record CapacityReport(IReadOnlyList<CapacityFinding> Findings, int Omitted)
{
    /// <summary>True when no finding makes the problem infeasible (soft findings may remain).</summary>
    public bool Feasible => !Findings.Any(f => f.Hard);
}
