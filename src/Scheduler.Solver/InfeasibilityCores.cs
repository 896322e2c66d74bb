using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;

namespace Scheduler.Solver;

/// <summary>What the search for a core found.</summary>
public enum CoreStatus
{
    /// <summary>A schedule meets every hard rule: there is nothing to explain.</summary>
    Feasible,

    /// <summary>No schedule meets every hard rule; <see cref="InfeasibilityCore.Items"/> say which together cannot hold.</summary>
    Infeasible,

    /// <summary>The time limit ran out (or the search was cancelled) before CP-SAT could tell.</summary>
    Unknown,
}

/// <summary>One group of hard constraints in a core, and the sentence that names it.</summary>
/// <param name="Group">The group: a rule for a person, a shift's coverage or supervision, or an absence.</param>
/// <param name="Message">The group in a coordinator's words, with its numbers.</param>
public sealed record CoreItem(ConstraintGroup Group, string Message);

/// <summary>A core: groups of hard constraints that cannot all hold.</summary>
/// <param name="Status">Whether the problem was found infeasible, feasible, or neither in time.</param>
/// <param name="Items">
/// For <see cref="CoreStatus.Infeasible"/>, the groups that together leave no schedule, in the order of
/// <see cref="ConstraintGroup"/> (rules, then people and shifts); empty otherwise.
/// </param>
/// <param name="Minimal">
/// True when every item was shown to be needed (without it a schedule exists); false when the time limit cut the
/// deletion filter short, so some item may be redundant.
/// </param>
/// <param name="Solves">CP-SAT solves it took.</param>
/// <param name="Elapsed">Wall time, building the model included.</param>
public sealed record InfeasibilityCore(CoreStatus Status, IReadOnlyList<CoreItem> Items, bool Minimal, int Solves, TimeSpan Elapsed);

/// <summary>
/// Explains why a problem has no schedule. A greedy schedule that breaks no hard rule settles that there is one.
/// Otherwise the model is built with every hard constraint enforced by an assumption
/// literal of its group (a rule for one person, a shift's coverage or supervision, one absence), CP-SAT returns
/// sufficient assumptions for infeasibility, and a deletion filter drops each group in turn, keeping it only when
/// the problem without it has a schedule. Double booking and eligibility always hold: they define who can work what.
/// </summary>
public static class InfeasibilityCores
{
    /// <summary>A core refined to single shifts is kept only up to this many items; past it, the core by activity stands.</summary>
    public const int MaxRefinedItems = 10;

    /// <summary>Searches for a core within <paramref name="timeLimit"/>, on one CP-SAT worker.</summary>
    /// <remarks>
    /// The search runs twice over. First the shifts' minimums and supervision are grouped by activity (one item:
    /// "every ward shift needs its minimum"), so that a clash spread over a month is a few items. Then each activity
    /// in that core is split into its shifts and the filter runs again; the split core is kept when it has at
    /// most <see cref="MaxRefinedItems"/> items (it names the very shifts), else the core by activity stands.
    /// </remarks>
    public static InfeasibilityCore Find(CompiledProblem problem, TimeSpan timeLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var clock = Stopwatch.StartNew();

        // A greedy schedule that breaks no hard rule settles it without a model (every generated problem, in
        // milliseconds to seconds; building a year's model takes longer than the default limit).
        var greedy = GreedyScheduler.Build(problem);
        if (ComplianceChecker.Check(greedy).HardCount == 0)
        {
            return new InfeasibilityCore(CoreStatus.Feasible, [], Minimal: true, Solves: 0, clock.Elapsed);
        }

        var model = ScheduleModel.BuildForExplaining(problem, cancellationToken);
        model.Hint(greedy);
        var groups = model.Assumptions.Keys.ToList();
        var literals = groups.Select(g => model.Assumptions[g]).ToList();

        // A parent group per activity and per shift rule (coverage, supervision) with more than one shift: assuming it
        // assumes each of its shifts' groups.
        var members = new Dictionary<int, List<int>>();
        foreach (var family in Enumerable.Range(0, groups.Count)
            .Where(k => groups[k].Shift >= 0)
            .GroupBy(k => (groups[k].Rule, Activity: problem.ShiftActivity[groups[k].Shift]))
            .Where(f => f.Count() > 1))
        {
            var shifts = family.ToList();
            groups.Add(new ConstraintGroup(family.Key.Rule, -1, -1, -1, family.Key.Activity));
            literals.Add(model.AssumeAll(shifts.Select(k => literals[k])));
            members.Add(groups.Count - 1, shifts);
        }

        var byLiteral = new Dictionary<int, int>();
        for (var k = 0; k < literals.Count; k++)
        {
            byLiteral[literals[k]] = k;
        }

        var solves = 0;
        var minimal = true;
        TimeSpan Left() => timeLimit - clock.Elapsed;

        (CpSolverStatus Status, List<int> Core) Solve(IReadOnlyCollection<int> assumed, TimeSpan limit, bool presolve = true)
        {
            solves++;
            var proto = model.Model.Model;
            proto.Assumptions.Clear();
            proto.Assumptions.Add(assumed.Select(k => literals[k]));
            using var solver = new CpSolver
            {
                StringParameters = FormattableString.Invariant(
                    $"num_workers:1 catch_sigint_signal:false max_time_in_seconds:{Math.Max(0.05, limit.TotalSeconds)}")
                    + (presolve ? string.Empty : " cp_model_presolve:false"),
            };
            using var registration = cancellationToken.Register(solver.StopSearch);
            var status = solver.Solve(model.Model);
            var core = new List<int>();
            if (status == CpSolverStatus.Infeasible)
            {
                foreach (var literal in solver.Response!.SufficientAssumptionsForInfeasibility)
                {
                    if (byLiteral.TryGetValue(literal, out var k) && assumed.Contains(k))
                    {
                        core.Add(k);
                    }
                }
            }

            return (status, core);
        }

        // Deletion filter: a group of an infeasible set stays only if the problem without it has a schedule.
        List<int> Filter(List<int> current)
        {
            var needed = new HashSet<int>();
            while (current.FirstOrDefault(k => !needed.Contains(k), -1) is var candidate and >= 0)
            {
                var left = Left();
                if (left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
                {
                    minimal = false;
                    break;
                }

                var rest = current.Where(k => k != candidate).ToList();
                var (status, _) = Solve(rest, left / current.Count(k => !needed.Contains(k)));
                if (status == CpSolverStatus.Infeasible)
                {
                    current = rest;
                }
                else
                {
                    needed.Add(candidate);
                    minimal &= status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
                }
            }

            return current;
        }

        InfeasibilityCore Result(CoreStatus status, IEnumerable<int> items) => new(
            status, items.Order().Select(k => new CoreItem(groups[k], Describe(problem, groups[k]))).ToArray(), minimal, solves, clock.Elapsed);

        // Parents stand for their shifts in the first pass.
        var children = members.Values.SelectMany(m => m).ToHashSet();
        var coarse = Enumerable.Range(0, groups.Count).Where(k => !children.Contains(k)).ToList();
        var (first, core) = Solve(coarse, Left());
        if (first is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
        {
            return Result(CoreStatus.Feasible, []);
        }

        if (first != CpSolverStatus.Infeasible)
        {
            minimal = false;
            return Result(CoreStatus.Unknown, []);
        }

        // CP-SAT's sufficient assumptions after presolve can name the wrong literals: check them, and if they do
        // not hold up, ask again without presolve; failing that, start the filter from every group.
        var current = core.Count > 0 && Solve(core, Left()).Status == CpSolverStatus.Infeasible ? core : null;
        if (current is null)
        {
            var (again, plain) = Solve(coarse, Left(), presolve: false);
            current = again == CpSolverStatus.Infeasible && plain.Count > 0 && Solve(plain, Left()).Status == CpSolverStatus.Infeasible
                ? plain
                : coarse;
        }

        current = Filter(current);
        if (!minimal || !current.Any(members.ContainsKey))
        {
            return Result(CoreStatus.Infeasible, current);
        }

        // Second pass: the activities split into their shifts, kept if the core stays short.
        var split = current.SelectMany(k => members.TryGetValue(k, out var shifts) ? shifts : [k]).ToList();
        var refined = Filter(split);
        if (minimal && refined.Count <= MaxRefinedItems)
        {
            return Result(CoreStatus.Infeasible, refined);
        }

        minimal = true;
        return Result(CoreStatus.Infeasible, current);
    }

    /// <summary>A group as a coordinator would say it.</summary>
    public static string Describe(CompiledProblem problem, ConstraintGroup group)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var ic = CultureInfo.InvariantCulture;
        if (group.Rule == RuleId.Availability && group.Person >= 0 && group.Absence >= 0)
        {
            return string.Format(ic, "{0} is absent from {1} to {2}", ViolationText.Who(problem, group.Person),
                ViolationText.Local(problem, problem.AbsenceStarts(group.Person)[group.Absence]),
                ViolationText.Local(problem, problem.AbsenceEnds(group.Person)[group.Absence]));
        }

        if (group.Activity >= 0)
        {
            var shifts = Enumerable.Range(0, problem.ShiftCount).Where(x => problem.ShiftActivity[x] == group.Activity).ToList();
            var name = problem.Source.Activities[group.Activity].Name;
            var span = string.Format(ic, "{0} shifts from {1} to {2}", shifts.Count,
                ViolationText.Local(problem, problem.ShiftStart[shifts[0]]), ViolationText.Local(problem, problem.ShiftStart[shifts[^1]]));
            return group.Rule == RuleId.Supervision
                ? string.Format(ic, "every {0} shift needs faculty to supervise its residents ({1})", name, span)
                : string.Format(ic, "every {0} shift needs its minimum of people ({1})", name, span);
        }

        if (group.Shift >= 0)
        {
            var s = group.Shift;
            var when = string.Format(ic, "{0} ({1} to {2})", problem.ShiftId(s),
                ViolationText.Local(problem, problem.ShiftStart[s]), ViolationText.Local(problem, problem.ShiftEnd[s]));
            return group.Rule switch
            {
                RuleId.Coverage => string.Format(ic, "{0} needs at least {1} (eligible: {2})", when, People(problem.MinPeople[s]), Eligible(problem, s)),
                RuleId.Supervision => string.Format(ic, "{0} needs faculty to supervise its residents (1 per {1} PGY-1, 1 per {2} PGY-2+)",
                    when, problem.Rules.Pgy1PerFaculty, problem.Rules.SeniorPerFaculty),
                _ => string.Format(ic, "{0}: {1}", when, ViolationText.RuleName(group.Rule)),
            };
        }

        if (group.Person < 0)
        {
            return ViolationText.RuleName(group.Rule);
        }

        ref readonly var rules = ref problem.PersonRules[group.Person];
        var days = problem.WindowDays;
        var limit = group.Rule switch
        {
            RuleId.WeeklyHours => string.Format(ic, "at most {0} of duty in any {1} days", ViolationText.Hours(rules.MaxDutyMinutesPerWindow), days),
            RuleId.DaysOff => string.Format(ic, "at least {0} free 24-hour periods in any {1} days", rules.MinFreeDaysPerWindow, days),
            RuleId.ContinuousDuty => string.Format(ic, "at most {0} of continuous duty, {1} with transition",
                ViolationText.Hours(rules.MaxContinuousDutyMinutes), ViolationText.Hours(rules.MaxDutyPeriodMinutes)),
            RuleId.Rest => string.Format(ic, "{0} off between duty periods, {1} after 24 h on call",
                ViolationText.Hours(problem.Rules.MinRestMinutes), ViolationText.Hours(problem.Rules.MinRestAfterCallMinutes)),
            RuleId.CallFrequency => string.Format(ic, "at most {0} in-house calls in any {1} days", rules.MaxCallsPerWindow, days),
            RuleId.ConsecutiveNights => string.Format(ic, "at most {0} nights in a row", rules.MaxConsecutiveNights),
            _ => ViolationText.RuleName(group.Rule),
        };
        var history = problem.History(group.Person).IsEmpty ? "" : " (counting the duty fixed before the horizon)";
        return string.Format(ic, "{0}: {1}, {2}{3}", ViolationText.Who(problem, group.Person), RuleShortName(group.Rule), limit, history);
    }

    private static string RuleShortName(RuleId rule) => rule switch
    {
        RuleId.WeeklyHours => "weekly hours",
        RuleId.DaysOff => "days off",
        RuleId.ContinuousDuty => "continuous duty",
        RuleId.Rest => "rest",
        RuleId.CallFrequency => "call frequency",
        RuleId.ConsecutiveNights => "consecutive nights",
        _ => ViolationText.RuleName(rule),
    };

    private static string People(int count) => count == 1 ? "1 person" : string.Create(CultureInfo.InvariantCulture, $"{count} people");

    // "res-001, res-004, fac-002" (at most six, then a count).
    private static string Eligible(CompiledProblem problem, int shift)
    {
        var ids = new List<string>();
        var count = 0;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (problem.IsEligible(p, shift) && count++ < 6)
            {
                ids.Add(problem.PersonId(p));
            }
        }

        return count == 0 ? "nobody" : string.Join(", ", ids) + (count > 6 ? string.Create(CultureInfo.InvariantCulture, $" and {count - 6} more") : "");
    }
}
