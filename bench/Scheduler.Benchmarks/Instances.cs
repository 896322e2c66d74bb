using Scheduler.Core.Compiled;
using Scheduler.Core.Generation;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Testing;

namespace Scheduler.Benchmarks;

/// <summary>
/// The benchmark instances: the shipped problems and schedules (problems/NAME.msgpack and
/// NAME.schedule.msgpack), and xl (300 residents, 52 weeks), generated here with its greedy schedule.
/// </summary>
public static class Instances
{
    public static GeneratorOptions Xl { get; } = new() { Residents = 300, Faculty = 100, Weeks = 52, Seed = 5 };

    public static (Problem Problem, Schedule Schedule) Load(string name)
    {
        if (name == "xl")
        {
            var problem = InstanceGenerator.Generate(Xl);
            var schedule = GreedyScheduler.Build(CompiledProblem.Compile(problem)).ToSchedule();
            return (problem, schedule);
        }

        var folder = Path.Combine(TestData.RepositoryRoot, "problems");
        return (ProblemFile.Read(Path.Combine(folder, name + ".msgpack")), ScheduleFile.Read(Path.Combine(folder, name + ".schedule.msgpack")));
    }

    public static string ProblemPath(string name) => TestData.Problem(name + ".msgpack");
}
