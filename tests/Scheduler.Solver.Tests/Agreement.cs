using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>Fixes a schedule in the CP-SAT model and compares feasibility with the checkers' verdict.</summary>
public static class Agreement
{
    /// <summary>Rules that are always hard in the model (no variable exists for a broken pair, or overlaps are cut).</summary>
    public static readonly RuleId[] AlwaysHard = [RuleId.DoubleBooking, RuleId.Availability, RuleId.Eligibility];

    /// <summary>The problem with only <paramref name="hard"/> (and the always-hard rules) hard; null keeps every rule hard.</summary>
    /// <summary>The generic rostering rules: always hard, so a test isolates a rule by dropping the others' limits.</summary>
    public static readonly RuleId[] Roster =
        [RuleId.ShiftsPerActivity, RuleId.TotalMinutes, RuleId.ConsecutiveDays, RuleId.ConsecutiveDaysOff, RuleId.Weekends, RuleId.Succession];

    /// <summary>The rules a problem may make soft: all but the always-hard and the rostering ones, in rule order.</summary>
    public static readonly RuleId[] SoftCapable =
        [.. Enum.GetValues<RuleId>().Where(r => Array.IndexOf(AlwaysHard, r) < 0 && Array.IndexOf(Roster, r) < 0)];

    public static Problem WithHard(Problem problem, RuleId? hard)
    {
        if (hard is null)
        {
            return problem;
        }

        var soft = SoftCapable.Where(r => r != hard).Select(r => new SoftRule(r, 1)).ToList();

        return KeepRoster(problem, hard) with { Objective = new ObjectiveWeights { SoftRules = soft } };
    }

    /// <summary>The problem with only the rostering limits of <paramref name="rule"/> (none when it is not a rostering rule).</summary>
    public static Problem KeepRoster(Problem problem, RuleId? rule) => problem with
    {
        People = problem.People.Select(p => p.Roster is not { } r ? p : p with
        {
            Roster = new RosterLimits
            {
                MaxShifts = rule == RuleId.ShiftsPerActivity ? r.MaxShifts : [],
                MinTotalMinutes = rule == RuleId.TotalMinutes ? r.MinTotalMinutes : null,
                MaxTotalMinutes = rule == RuleId.TotalMinutes ? r.MaxTotalMinutes : null,
                MinConsecutiveDays = rule == RuleId.ConsecutiveDays ? r.MinConsecutiveDays : null,
                MaxConsecutiveDays = rule == RuleId.ConsecutiveDays ? r.MaxConsecutiveDays : null,
                MinConsecutiveDaysOff = rule == RuleId.ConsecutiveDaysOff ? r.MinConsecutiveDaysOff : null,
                MaxWeekends = rule == RuleId.Weekends ? r.MaxWeekends : null,
            },
        }).ToList(),
        Rules = problem.Rules with { ForbiddenSuccessions = rule == RuleId.Succession ? problem.Rules.ForbiddenSuccessions : [] },
    };

    /// <summary>Up to 11 random shift and day requests, want or avoid, of weight 1..5, naming the problem's people, shifts and days.</summary>
    public static List<Request> RandomRequests(Problem source, Random rng)
    {
        var requests = new List<Request>();
        for (var i = rng.Next(0, 12); i > 0; i--)
        {
            var person = source.People[rng.Next(source.People.Count)].Id;
            var kind = rng.Next(2) == 0 ? RequestKind.Want : RequestKind.Avoid;
            requests.Add(rng.Next(2) == 0
                ? new Request(person, kind, source.Shifts[rng.Next(source.Shifts.Count)].Id, null, rng.Next(1, 6))
                : new Request(person, kind, null, rng.Next(source.HorizonDays), rng.Next(1, 6)));
        }

        return requests;
    }

    public static CompiledSchedule Clean(CompiledProblem problem, CompiledSchedule schedule)
    {
        var kept = new List<(int Person, int Shift)>();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            var busyUntil = int.MinValue;
            foreach (var h in problem.History(p))
            {
                busyUntil = Math.Max(busyUntil, h.End);
            }

            foreach (var duty in schedule.Duties(p))
            {
                if (duty.IsHistory || !problem.CanWork(p, duty.Shift) || duty.Start < busyUntil)
                {
                    continue;
                }

                kept.Add((p, duty.Shift));
                busyUntil = duty.End;
            }
        }

        return CompiledSchedule.FromPairs(problem, kept.ToArray());
    }

    /// <summary>
    /// Random schedules almost never meet every shift's coverage and supervision; this widens most shifts'
    /// coverage to include what the schedule gives them and drops most supervision needs, so those rules
    /// pass about as often as they fail.
    /// </summary>
    public static (CompiledProblem, CompiledSchedule) Ease(CompiledProblem problem, CompiledSchedule schedule, Random rng)
    {
        var shifts = new List<Shift>();
        foreach (var shift in problem.Source.Shifts)
        {
            problem.TryGetShift(shift.Id, out var s);
            var assigned = schedule.PeopleOn(s).Length;
            var r = shift.Requirement;
            if (rng.Next(20) != 0)
            {
                r = r with { MinPeople = Math.Min(r.MinPeople, assigned), MaxPeople = Math.Max(r.MaxPeople, assigned) };
            }

            if (rng.Next(3) != 0)
            {
                r = r with { Supervised = false };
            }

            shifts.Add(shift with { Requirement = r });
        }

        var eased = CompiledProblem.Compile(problem.Source with { Shifts = shifts });
        return (eased, CompiledSchedule.Compile(eased, schedule.ToSchedule()));
    }

    /// <summary>
    /// The soft faces: with every rule soft (weight 1) and a cleaned random schedule fixed, the optimal
    /// penalty of each rule is zero exactly when the checker finds no violation of it. Returns a message on
    /// disagreement, null when all agree.
    /// </summary>
    public static string? SoftDisagreement(int seed)
    {
        var random = RandomCase.Create(seed);
        var soft = SoftCapable.Select(r => new SoftRule(r, 1)).ToList();

        var problem = CompiledProblem.Compile(KeepRoster(random.Problem, null) with { Objective = new ObjectiveWeights { SoftRules = soft } });
        var schedule = Clean(problem, CompiledSchedule.Compile(problem, random.Schedule));
        var model = ScheduleModel.Build(problem);
        model.Fix(schedule);
        var result = ScheduleSolver.Solve(model, new SolverOptions { Workers = 1, TimeLimit = null, DeterministicTimeLimit = 20 });
        if (result.Status != SolveStatus.Optimal)
        {
            return $"seed {seed}: expected an optimal solve of the fixed model, got {result.Status}";
        }

        var broken = new HashSet<RuleId>();
        foreach (var v in ComplianceChecker.Check(schedule).Violations)
        {
            broken.Add(v.Rule);
        }

        var messages = new List<string>();
        foreach (var s in soft)
        {
            var penalty = result.ObjectiveTerms.TryGetValue(s.Rule.ToString(), out var value) ? value : 0;
            if ((penalty == 0) == broken.Contains(s.Rule))
            {
                messages.Add($"{s.Rule}: penalty {penalty}, checker {(broken.Contains(s.Rule) ? "finds violations" : "finds none")}");
            }
        }

        return messages.Count == 0 ? null : $"seed {seed}: " + string.Join("; ", messages);
    }

    /// <summary>Whether the model with the schedule fixed has a solution.</summary>
    public static bool ModelAccepts(CompiledProblem problem, CompiledSchedule schedule)
    {
        var model = ScheduleModel.Build(problem);
        model.Fix(schedule);
        // A deterministic limit: whether the fixed model is decided within it does not depend on the machine.
        var result = ScheduleSolver.Solve(model, new SolverOptions { Workers = 1, TimeLimit = null, DeterministicTimeLimit = 30 });
        Assert.NotEqual(SolveStatus.Unknown, result.Status);
        return result.Status != SolveStatus.Infeasible;
    }

    /// <summary>The violations of hard rules the checkers find (coverage of a shift with its own prices is soft).</summary>
    public static List<Violation> HardViolations(CompiledSchedule schedule)
    {
        var report = ComplianceChecker.Check(schedule);
        return report.Violations.Where(v => !report.IsSoft(v)).ToList();
    }

    /// <summary>
    /// Checks one random case; returns a message on disagreement, null when both faces agree. Unless
    /// <paramref name="raw"/>, the random schedule first loses its ineligible, unavailable and overlapping
    /// assignments, so the other rules decide the verdict.
    /// </summary>
    public static string? Disagreement(int seed, RuleId? hard, bool raw = false)
    {
        var random = RandomCase.Create(seed);
        var problem = CompiledProblem.Compile(WithHard(random.Problem, hard));
        var schedule = CompiledSchedule.Compile(problem, random.Schedule);
        if (!raw)
        {
            schedule = Clean(problem, schedule);
            if (hard is null or RuleId.Coverage or RuleId.Supervision)
            {
                (problem, schedule) = Ease(problem, schedule, new Random(seed));
            }
        }

        var violations = HardViolations(schedule);
        var accepts = ModelAccepts(problem, schedule);
        if (accepts == (violations.Count == 0))
        {
            return null;
        }

        return $"seed {seed}, hard {hard?.ToString() ?? "all"}: model {(accepts ? "accepts" : "rejects")}, checker finds "
            + (violations.Count == 0 ? "nothing" : string.Join("; ", violations.ConvertAll(v => $"{v.Rule} p{v.Person} s{v.Shift} [{v.From},{v.To}) {v.Measured}/{v.Limit}")));
    }
}
