// An embedder's first program: load -> validate -> solve -> check a change -> export, through the packages' public
// API only, with the one entry point (SchedulerEngine).
using Scheduler.Formats;
using Scheduler.Service;
using Scheduler.Solver;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Consumer PROBLEM SCHEDULE OUT.csv");
    return 2;
}

var engine = new SchedulerEngine();

// Load and validate a shipped schedule.
var problem = engine.LoadProblem(File.ReadAllBytes(args[0]));
var published = engine.LoadSchedule(problem.Hash, File.ReadAllBytes(args[1]));
var report = engine.Validate(problem.Hash, published.Hash);
Console.WriteLine($"validate: {report.Violations.Count} violations, {report.HardCount} hard");

// Solve, repeatably, with progress.
var options = new SolverOptions { Workers = 1, Seed = 1, TimeLimit = null, DeterministicTimeLimit = 5 };
var progress = new ImmediateProgress(p => Console.WriteLine($"progress: objective {p.Objective}"));
var result = await engine.SolveAsync(problem.Hash, options, progress);
if (result.Schedule is null)
{
    Console.Error.WriteLine($"solve: {result.Status}: {result.Explanation}");
    return 1;
}

Console.WriteLine($"solve: {result.Status}, objective {result.Objective}, {result.Report!.HardCount} hard violations");
if (result.Report.HardCount != 0)
{
    return 1;
}

// Judge a change without making it: the first assignment's person leaves their shift.
var schedule = engine.LoadSchedule(problem.Hash, result.Schedule);
var first = schedule.Schedule.ToSchedule().Assignments[0];
var check = engine.CheckChange(problem.Hash, schedule.Hash, new ScheduleChange(ChangeKind.Remove, first.PersonId, first.ShiftId));
Console.WriteLine($"check-change: {first.PersonId} leaving {first.ShiftId} is {(check.Legal ? "legal" : "not legal")}: +{check.Added.Count} -{check.Removed.Count} violations");

// Export.
using var csv = new StreamWriter(args[2]);
var rows = engine.Export(problem.Hash, schedule.Hash, ExportFormat.Csv, csv);
Console.WriteLine($"export: {rows} assignments to {args[2]}");
return rows == schedule.Schedule.AssignmentCount ? 0 : 1;
