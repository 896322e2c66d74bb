// An embedder's first program: load -> validate -> solve -> export, through the packages' public API only.
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Formats;
using Scheduler.Solver;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Consumer PROBLEM SCHEDULE OUT.csv");
    return 2;
}

// Load and validate a shipped schedule.
var problem = CompiledProblem.Compile(ProblemFile.Read(args[0]));
var published = CompiledSchedule.Compile(problem, ScheduleFile.Read(args[1]));
var report = ComplianceChecker.Check(published);
Console.WriteLine($"validate: {report.Violations.Count} violations, {report.HardCount} hard");

// Solve, repeatably, with progress.
var options = new SolverOptions { Workers = 1, Seed = 1, TimeLimit = null, DeterministicTimeLimit = 5 };
var progress = new ImmediateProgress(p => Console.WriteLine($"progress: objective {p.Objective}"));
var result = ScheduleSolver.Solve(problem, options, progress);
if (result.Schedule is not { } schedule)
{
    Console.Error.WriteLine($"solve: {result.Status}: {result.Explanation}");
    return 1;
}

Console.WriteLine($"solve: {result.Status}, objective {result.Objective}, {result.Report!.HardCount} hard violations");
if (result.Report.HardCount != 0)
{
    return 1;
}

// Export.
var rows = ScheduleExport.Write(schedule, ExportFormat.Csv, args[2]);
Console.WriteLine($"export: {rows} assignments to {args[2]}");
return rows == schedule.AssignmentCount ? 0 : 1;
