using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// Cores of crafted infeasible problems, one per kind the issue names: each core is small, names the groups the
/// problem was built to clash, and every item is needed: the problem without it (edited, not through the core's
/// own assumptions) has a schedule.
/// </summary>
public sealed class InfeasibilityCoreTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);
    private static readonly Requirement s_one = new(1, 1, Eligibility.Anyone, false);

    public static TheoryData<string> Kinds() => new(Crafted.Keys);

    private static readonly Dictionary<string, Func<Problem>> Crafted = new()
    {
        // A ward shift needs 2 of 3 residents; two of them are on leave that day.
        ["too few eligible"] = () => new ResidentScheduleBuilder(horizonDays: 7)
            .Resident("ann").Resident("ben").Resident("cat")
            .Shift("ward-d2", ShiftTemplate.Day1Morning.OnDay(2) with { Activity = ResidentScheduleBuilder.Ward }, new Requirement(2, 3, Eligibility.Anyone, false))
            .Absent("ben", 2, new TimeOnly(0, 0), 3, new TimeOnly(0, 0))
            .Absent("cat", 1, new TimeOnly(0, 0), 4, new TimeOnly(0, 0))
            .BuildProblem(),

        // Two clinics at once need 3 each, supervised; PGY-1 residents need a faculty member per 2; two of three
        // faculty are on leave.
        ["supervision"] = () =>
        {
            var builder = new ResidentScheduleBuilder(horizonDays: 7).Faculty("fa").Faculty("fb").Faculty("fc");
            for (var k = 1; k <= 6; k++)
            {
                builder.Resident("r" + k, pgy: 1);
            }

            var supervised = new Requirement(3, 3, Eligibility.Anyone, true);
            return builder
                .Shift("clinic-a", ShiftTemplate.Day1Morning.OnDay(1), supervised)
                .Shift("clinic-b", ShiftTemplate.Day1Morning.OnDay(1), supervised)
                .Absent("fb", 0, new TimeOnly(0, 0), 7, new TimeOnly(0, 0))
                .Absent("fc", 1, new TimeOnly(0, 0), 2, new TimeOnly(0, 0))
                .BuildProblem();
        },

        // 21 days of history at 16 h a day (336 h) put the resident over 320 h in the first window, whatever the
        // horizon holds.
        ["hours fixed over the cap"] = () =>
        {
            var builder = new ResidentScheduleBuilder(horizonDays: 7).WithHistoryDays(21).Resident("ann").Resident("ben");
            for (var day = -21; day < 0; day++)
            {
                builder.History("ann", ShiftTemplate.At(ResidentScheduleBuilder.Ward, day, new TimeOnly(6, 0), new TimeOnly(22, 0)));
            }

            return builder.Shift("ward-d1", ShiftTemplate.Day1Morning.OnDay(1), new Requirement(1, 1, Eligibility.Anyone, false)).BuildProblem();
        },

        // One resident, a night shift ending 07:00 and a day shift from 12:00: 5 h of rest, 8 needed.
        ["rest vs coverage"] = () => new ResidentScheduleBuilder(horizonDays: 7)
            .Resident("ann")
            .Shift("night-d0", ShiftTemplate.NightShift.OnDay(0), s_one)
            .Shift("ward-d1", ShiftTemplate.At(ResidentScheduleBuilder.Ward, 1, new TimeOnly(12, 0), new TimeOnly(20, 0)), s_one)
            .BuildProblem(),

        // One resident, a ward shift every day of a week: no free 24 hours, and the prorated rule asks for one.
        ["days off vs coverage"] = () =>
        {
            var builder = new ResidentScheduleBuilder(horizonDays: 7).Resident("ann");
            for (var day = 0; day < 7; day++)
            {
                builder.Shift("ward-d" + day, ShiftTemplate.At(ResidentScheduleBuilder.Ward, day, new TimeOnly(8, 0), new TimeOnly(16, 0)), s_one);
            }

            return builder.BuildProblem();
        },

        // A 12 h night call every other night for four weeks (14 calls) for the one resident: at most 9 in 28 days
        // (and nothing else breaks: 168 h, 36 h free between calls).
        ["calls vs coverage"] = () =>
        {
            var builder = new ResidentScheduleBuilder(horizonDays: 28).Resident("ann");
            for (var day = 0; day < 28; day += 2)
            {
                builder.Shift("call-d" + day, ShiftTemplate.Call24h.OnDay(day).From(new TimeOnly(19, 0)), s_one);
            }

            return builder.BuildProblem();
        },

        // Seven night-float nights in a row for the one resident: at most 6.
        ["nights vs coverage"] = () =>
        {
            var builder = new ResidentScheduleBuilder(horizonDays: 14).Resident("ann");
            for (var day = 0; day < 7; day++)
            {
                builder.Shift("night-d" + day, ShiftTemplate.NightShift.OnDay(day), s_one);
            }

            return builder.BuildProblem();
        },

        // A 30 h shift for the one resident: over 24 + 4.
        ["continuous duty"] = () => new ResidentScheduleBuilder(horizonDays: 7)
            .Resident("ann")
            .Shift("long-d1", ShiftTemplate.At(ResidentScheduleBuilder.Ward, 1, new TimeOnly(6, 0), new TimeOnly(12, 0)) with { EndDay = 2 }, s_one)
            .BuildProblem(),

        // The same over four weeks: a ward shift every day for the one resident, four free days needed; the core
        // names the ward as a whole (its 28 shifts would be more items than a reader wants).
        ["days off vs coverage, a month"] = () =>
        {
            var builder = new ResidentScheduleBuilder(horizonDays: 28).Resident("ann");
            for (var day = 0; day < 28; day++)
            {
                builder.Shift("ward-d" + day, ShiftTemplate.At(ResidentScheduleBuilder.Ward, day, new TimeOnly(8, 0), new TimeOnly(16, 0)), s_one);
            }

            return builder.BuildProblem();
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Find_CraftedInfeasible_SmallCoreOfNeededItems(string kind)
    {
        var problem = Crafted[kind]();
        var compiled = CompiledProblem.Compile(problem);

        var core = InfeasibilityCores.Find(compiled, s_limit, TestContext.Current.CancellationToken);

        Assert.Equal(CoreStatus.Infeasible, core.Status);
        Assert.True(core.Minimal);
        Assert.InRange(core.Items.Count, 1, 10);
        Assert.All(core.Items, item => Assert.False(string.IsNullOrWhiteSpace(item.Message)));
        foreach (var item in core.Items)
        {
            var without = Without(problem, compiled, item.Group);
            var result = ScheduleSolver.Solve(without, new SolverOptions { Workers = 1, TimeLimit = s_limit }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(result.Schedule is not null, $"{kind}: without '{item.Message}' still {result.Status}");
            Assert.All(
                ComplianceChecker.Check(result.Schedule).Violations,
                v => Assert.True(v.Rule == item.Group.Rule && v.Person == item.Group.Person, $"{kind}: without '{item.Message}': {v}"));
        }
    }

    [Fact]
    public void Find_CraftedKinds_NameTheClashingGroups()
    {
        // In ordinal order of "Rule id".
        Assert.Equal(["Availability ben", "Availability cat", "Coverage ward-d2"], Names("too few eligible"));
        Assert.Equal(
            ["Availability fb", "Availability fc", "Coverage clinic-a", "Coverage clinic-b", "Supervision clinic-a", "Supervision clinic-b"],
            Names("supervision"));
        Assert.Equal(["WeeklyHours ann"], Names("hours fixed over the cap"));
        Assert.Equal(["Coverage night-d0", "Coverage ward-d1", "Rest ann"], Names("rest vs coverage"));
        Assert.Equal([.. Enumerable.Range(0, 7).Select(d => "Coverage ward-d" + d), "DaysOff ann"], Names("days off vs coverage"));
        Assert.Equal(["Coverage ward", "DaysOff ann"], Names("days off vs coverage, a month"));
        Assert.Equal(["CallFrequency ann", "Coverage call"], Names("calls vs coverage"));
        Assert.Equal(new[] { "ConsecutiveNights ann" }.Concat(Enumerable.Range(0, 7).Select(d => "Coverage night-d" + d)).Order(StringComparer.Ordinal), Names("nights vs coverage"));
        Assert.Equal(["ContinuousDuty ann", "Coverage long-d1"], Names("continuous duty"));
    }

    [Fact]
    public void Find_FeasibleProblem_SaysSoAndNamesNothing()
    {
        var problem = new ResidentScheduleBuilder(horizonDays: 7).Resident("ann").Resident("ben")
            .Shift("ward-d1", ShiftTemplate.Day1Morning.OnDay(1), s_one)
            .BuildProblem();

        var core = InfeasibilityCores.Find(CompiledProblem.Compile(problem), s_limit, TestContext.Current.CancellationToken);

        Assert.Equal(CoreStatus.Feasible, core.Status);
        Assert.Empty(core.Items);
    }

    [Fact]
    public void Describe_GroupsInCoordinatorWords()
    {
        var compiled = CompiledProblem.Compile(Crafted["too few eligible"]());
        var core = InfeasibilityCores.Find(compiled, s_limit, TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                "Resident ben (ben) is absent from 2026-07-03 00:00 to 2026-07-04 00:00",
                "Resident cat (cat) is absent from 2026-07-02 00:00 to 2026-07-05 00:00",
                "ward-d2 (2026-07-03 08:00 to 2026-07-03 12:00) needs at least 2 people (eligible: ann, ben, cat)",
            ],
            core.Items.Select(i => i.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CapacityChecks_CraftedKinds_FindWhatCountingCan()
    {
        Assert.Equal([CapacityKind.ShiftPeople], Kinds(Crafted["too few eligible"]()));
        Assert.Equal([CapacityKind.ConcurrentSupervision], Kinds(Crafted["supervision"]()));
        Assert.Equal([CapacityKind.Fixed], Kinds(Crafted["hours fixed over the cap"]()));

        // Rest and days off against coverage need the rules' interplay: counting finds nothing, the core does.
        Assert.Empty(Kinds(Crafted["rest vs coverage"]()));
        Assert.Empty(Kinds(Crafted["days off vs coverage"]()));

        static CapacityKind[] Kinds(Problem problem) =>
            CapacityChecks.Run(CompiledProblem.Compile(problem)).Findings.Where(f => f.Hard).Select(f => f.Kind).ToArray();
    }

    private static string[] Names(string kind)
    {
        var compiled = CompiledProblem.Compile(Crafted[kind]());
        var core = InfeasibilityCores.Find(compiled, s_limit, TestContext.Current.CancellationToken);
        return core.Items
            .Select(i => $"{i.Group.Rule} {(i.Group.Activity >= 0 ? compiled.Source.Activities[i.Group.Activity].Id : i.Group.Shift >= 0 ? compiled.ShiftId(i.Group.Shift) : compiled.PersonId(i.Group.Person))}")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    // The problem with one group taken out: a shift's minimum or supervision dropped, an absence deleted, or a
    // person's rule made soft (for everyone: the solve then shows it need only break for that person).
    private static Problem Without(Problem problem, CompiledProblem compiled, ConstraintGroup group)
    {
        switch (group.Rule)
        {
            case RuleId.Coverage:
            case RuleId.Supervision:
                bool Dropped(Shift s) => group.Activity >= 0 ? s.ActivityId == compiled.Source.Activities[group.Activity].Id : s.Id == compiled.ShiftId(group.Shift);
                return problem with
                {
                    Shifts = problem.Shifts.Select(s => !Dropped(s) ? s
                        : group.Rule == RuleId.Coverage ? s with { Requirement = s.Requirement with { MinPeople = 0 } }
                        : s with { Requirement = s.Requirement with { Supervised = false } }).ToArray(),
                };
            case RuleId.Availability:
                var person = compiled.PersonId(group.Person);
                var start = compiled.AbsenceStarts(group.Person)[group.Absence];
                var end = compiled.AbsenceEnds(group.Person)[group.Absence];
                return problem with
                {
                    Absences = problem.Absences.Where(a => a.PersonId != person || a.End <= start || a.Start >= end).ToArray(),
                };
            default:
                return problem with { Objective = new ObjectiveWeights { SoftRules = [new SoftRule(group.Rule, 1)] } };
        }
    }
}
