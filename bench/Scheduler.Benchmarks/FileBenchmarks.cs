using BenchmarkDotNet.Attributes;
using Scheduler.Core.Model;
using Scheduler.Formats;

namespace Scheduler.Benchmarks;

/// <summary>Loading and saving the large problem: MessagePack against its JSON twin.</summary>
[BenchmarkCategory(Categories.Files)]
[MemoryDiagnoser]
public class FileBenchmarks
{
    private byte[] _messagePack = [];
    private byte[] _json = [];
    private Problem _problem = null!;

    [Params("large")]
    public string Instance { get; set; } = "large";

    [GlobalSetup]
    public void Setup()
    {
        _messagePack = File.ReadAllBytes(Instances.ProblemPath(Instance));
        _problem = ProblemFile.Read(_messagePack);
        _json = ProblemFile.ToBytes(_problem, FileFormat.Json);
        Console.WriteLine($"// {Instance}: MessagePack {_messagePack.Length:N0} bytes, JSON {_json.Length:N0} bytes, ratio {(double)_messagePack.Length / _json.Length:0.000}");
    }

    [Benchmark(Baseline = true, Description = "load JSON")]
    [BenchmarkCategory("Load")]
    public Problem LoadJson() => ProblemFile.Read(_json);

    [Benchmark(Description = "load MessagePack")]
    [BenchmarkCategory("Load")]
    public Problem LoadMessagePack() => ProblemFile.Read(_messagePack);

    [Benchmark(Description = "save JSON")]
    public int SaveJson() => ProblemFile.ToBytes(_problem, FileFormat.Json).Length;

    [Benchmark(Description = "save MessagePack")]
    public int SaveMessagePack() => ProblemFile.ToBytes(_problem, FileFormat.MessagePack).Length;
}
