using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

namespace Scheduler.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is SolverHarness.Command or SolverHarness.ChildCommand)
        {
            return SolverHarness.Run(args);
        }

        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
            .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full)
            .WithOptions(ConfigOptions.JoinSummary);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}

/// <summary>Category names, so a short subset can run: --anyCategories Check.</summary>
public static class Categories
{
    public const string Check = "Check";
    public const string Incremental = "Incremental";
    public const string Files = "Files";
    public const string Rules = "Rules";
    public const string Diagnosis = "Diagnosis";
}
