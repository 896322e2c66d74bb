using FsCheck.Xunit;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Solver.Tests;

/// <summary>
/// <see cref="SoftTerms"/>, counted directly, agree with the solver's requests and fairness terms of the same
/// schedule (each model with the schedule fixed): the report and the objective price the same preferences.
/// </summary>
public sealed class SoftTermsAgreementProperties
{
    [Property(MaxTest = 30)]
    public void SoftTerms_RandomScheduleAndRequests_EqualTheSolversTerms(int seed)
    {
        var random = RandomCase.Create(seed, roster: false);
        var rng = new Random(seed);
        var source = random.Problem;
        var requests = Agreement.RandomRequests(source, rng);

        var problem = CompiledProblem.Compile(source with
        {
            Requests = requests,
            Objective = new ObjectiveWeights
            {
                Requests = rng.Next(0, 3), CallFairness = rng.Next(0, 3), NightFairness = rng.Next(0, 3), WeekendFairness = rng.Next(0, 3),
                // Every rule that can be soft is, so that the cleaned schedule breaks no hard rule.
                SoftRules = Agreement.SoftCapable
                    .Select(r => new SoftRule(r, 1))
                    .ToList(),
            },
        });
        var schedule = Agreement.Clean(problem, CompiledSchedule.Compile(problem, random.Schedule));

        var solver = ScheduleSolver.Evaluate(schedule, TestContext.Current.CancellationToken);
        var terms = SoftTerms.Of(schedule);

        Assert.Equal(solver.GetValueOrDefault("Requests"), terms.RequestCost);
        Assert.Equal(solver.GetValueOrDefault("CallFairness"), terms.FairnessCosts[0]);
        Assert.Equal(solver.GetValueOrDefault("NightFairness"), terms.FairnessCosts[1]);
        Assert.Equal(solver.GetValueOrDefault("WeekendFairness"), terms.FairnessCosts[2]);
        Assert.Equal(requests.Count, terms.Requests);
        Assert.InRange(terms.UnmetRequests, terms.RequestCost > 0 ? 1 : 0, requests.Count);
    }
}
