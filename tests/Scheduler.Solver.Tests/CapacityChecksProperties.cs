using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// The capacity checks claim certainty: a finding holds for every schedule. Checked against the schedules the
/// solver finds on random problems: a hard finding means CP-SAT finds no schedule at all; with coverage soft,
/// every schedule leaves short what the findings say it must.
/// </summary>
public sealed class CapacityChecksProperties
{
    private static readonly SolverOptions s_options = new() { Workers = 1, Seed = 3, TimeLimit = null, DeterministicTimeLimit = 2 };

    [Property(MaxTest = 40)]
    public void HardFinding_SolverFindsNoSchedule(int seed)
    {
        var problem = CompiledProblem.Compile(RandomCase.Create(seed).Problem);
        var capacity = CapacityChecks.Run(problem);
        if (capacity.Feasible)
        {
            return;
        }

        var result = ScheduleSolver.Solve(problem, s_options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Schedule is null, $"seed {seed}: {result.Status} despite: {string.Join("; ", capacity.Findings.Where(f => f.Hard).Select(f => f.Message))}");
    }

    [Property(MaxTest = 40)]
    public void SoftCoverageFindings_EverySolvedScheduleIsThatShort(int seed)
    {
        var source = RandomCase.Create(seed).Problem;
        var problem = CompiledProblem.Compile(source with
        {
            Objective = source.Objective with { SoftRules = [.. source.Objective.SoftRules.Where(r => r.Rule != RuleId.Coverage), new SoftRule(RuleId.Coverage, 50)] },
        });
        var findings = CapacityChecks.Run(problem).Findings
            .Where(f => f.IsStaffing)
            .ToList();
        if (findings.Count == 0 || findings.Any(f => f.Hard))
        {
            return;
        }

        var result = ScheduleSolver.Solve(problem, s_options, cancellationToken: TestContext.Current.CancellationToken);
        var witnesses = new[] { result.Schedule, GreedyScheduler.Build(problem) }.OfType<CompiledSchedule>();
        foreach (var schedule in witnesses)
        {
            var hard = ComplianceChecker.Check(schedule).Violations.Where(v => !problem.IsSoft(v));
            if (hard.Any())
            {
                continue;
            }

            foreach (var f in findings)
            {
                var shortBy = f.Shifts.Sum(s => Math.Max(0, problem.MinPeople[s] - schedule.PeopleOn(s).Length));
                if (f.Kind is CapacityKind.ShiftPeople or CapacityKind.ConcurrentPeople)
                {
                    Assert.True(shortBy >= f.Needed - f.Available, $"seed {seed}: short by {shortBy} where {f.Message}");
                }
                else
                {
                    Assert.True(shortBy >= 1, $"seed {seed}: nothing short where {f.Message}");
                }
            }
        }
    }
}
