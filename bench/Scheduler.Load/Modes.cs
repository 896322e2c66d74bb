using System.Diagnostics;
using System.Globalization;
using Scheduler.Service;

namespace Scheduler.Load;

/// <summary>The load, soak and baseline modes.</summary>
internal static class Modes
{
    /// <summary>load and soak: prints requests/s, latency percentiles, error codes and the server's memory; 0 when nothing failed.</summary>
    public static async Task<int> LoadAsync(Options options)
    {
        var soak = options.Mode == "soak";
        var method = options.Choice("method", "check-swap", "check-swap", "validate", "hello");
        var connections = (int)options.Integer("connections", soak ? 64 : 16, 1, 10_000);
        var window = (int)options.Integer("window", 32, 1, 1 << 20);
        var requests = options.Integer("requests", soak ? long.MaxValue : 5_000_000, 1);
        var seconds = options.Number("seconds", soak ? 600 : 20, 0.1);
        var warmup = options.Number("warmup", 10);
        var reportEvery = options.Number("report-every", soak ? 30 : 0);
        var poolSize = (int)options.Integer("pool", 100_000, 1, 10_000_000);
        var seed = (int)options.Integer("seed", 1, 0, int.MaxValue);
        bool? text = options.Flag("no-text") ? false : null;
        long? max = options.String("max") is null ? null : options.Integer("max", 100, 0, int.MaxValue);
        var instance = ReadInstance(options);
        await using var target = await Target.OpenAsync(options).ConfigureAwait(false);
        options.RejectUnread();

        var idle = target.Server?.MemoryKiB();
        using (var rpc = await Rpc.ConnectAsync(target.Address).ConfigureAwait(false))
        {
            (target.ProblemHash, target.ScheduleHash, _) = await rpc.LoadAsync(instance).ConfigureAwait(false);
        }

        var loaded = target.Server?.MemoryKiB();
        byte[][] frames;
        if (method == "check-swap")
        {
            var changes = Changes.Build(instance.Schedule, poolSize, seed);
            frames = [.. changes.Select(c => Wire.Request(0, "check-swap", c.Params(target.ProblemHash, target.ScheduleHash, text)))];
            Console.WriteLine(Invariant($"pool: {frames.Length:N0} check-swap requests ({changes.Count(c => c.Kind == "swap"):N0} swap, {changes.Count(c => c.Kind == "give"):N0} give, {changes.Count(c => c.Kind == "add"):N0} add, {changes.Count(c => c.Kind == "remove"):N0} remove), {frames.Average(f => f.Length):0} bytes a frame"));
        }
        else if (method == "hello")
        {
            // The cost of the protocol alone: framing, reading the envelope, a small answer, the socket.
            frames = [Wire.Request(0, "hello", new Map { { "version", 1 } })];
        }
        else
        {
            var parameters = new Map { { "problem", target.ProblemHash }, { "schedule", target.ScheduleHash } };
            if (max is { } m)
            {
                parameters.Add("max", m);
            }

            frames = [Wire.Request(0, "validate", parameters)];
        }

        Console.WriteLine(Invariant($"{method}: {connections} connections over {target.Address.Transport}, window {window}, up to {(requests == long.MaxValue ? "unbounded" : requests.ToString("N0", CultureInfo.InvariantCulture))} requests or {seconds} s after {warmup} s of warm-up; server {target.Describe()}"));
        TimeSpan? serverCpuStart = null;
        var run = new LoadRun(frames, window, requests);
        long lastCompleted = 0;
        double lastSeconds = 0;
        var result = await run.RunAsync(
            target.Address, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(reportEvery),
            (at, completed) =>
            {
                Console.WriteLine(Invariant($"  {at,6:0} s  {(completed - lastCompleted) / (at - lastSeconds),10:N0} requests/s  {completed,14:N0} done  server RSS {Mib(target.Server?.MemoryKiB())}"));
                (lastCompleted, lastSeconds) = (completed, at);
            },
            () => serverCpuStart = target.Server?.CpuTime()).ConfigureAwait(false);
        var serverCpu = target.Server?.CpuTime() - serverCpuStart;

        Console.WriteLine(Invariant($"requests     {result.Completed:N0} in {result.Elapsed.TotalSeconds:0.00} s = {result.Rate:N0} requests/s"));
        Console.WriteLine($"latency      {result.Latency.Summary()} (send to response)");
        Console.WriteLine($"errors       {(result.Errors.Count == 0 ? "none" : string.Join(", ", result.Errors.Select(e => $"{e.Key} {e.Value}")))}");
        Console.WriteLine(Invariant($"cpu          client {result.ClientCpu.TotalSeconds:0.0} s ({result.ClientCpu.TotalMicroseconds / Math.Max(1, result.Completed):0.0} us a request){(serverCpu is { } s ? Invariant($", server {s.TotalSeconds:0.0} s ({s.TotalMicroseconds / Math.Max(1, result.Completed):0.0} us a request)") : "")}, of {Environment.ProcessorCount * result.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores"));
        if (target.Server is { } server)
        {
            Console.WriteLine($"server RSS   idle {Mib(idle)}, loaded {Mib(loaded)}, after {Mib(server.MemoryKiB())}, peak {Mib(server.MemoryKiB("VmHWM"))}");
        }

        foreach (var failure in result.Failures.Distinct())
        {
            Console.WriteLine($"FAILED       {failure}");
        }

        if (result.Hung > 0)
        {
            Console.WriteLine($"FAILED       {result.Hung} connections still waiting for responses 30 s after the end");
        }

        var exit = await target.StopAsync().ConfigureAwait(false);
        return result.Errors.Count == 0 && result.Failures.Count == 0 && result.Hung == 0 && exit ? 0 : 1;
    }

    /// <summary>
    /// baseline: validate and check-swap on large, in this process through SchedulerEngine and then one at a time over
    /// the service, then validate with the two taking turns, and the transport's floor under that (<see cref="TransportFloor"/>);
    /// prints each and their ratio.
    /// </summary>
    public static async Task<int> BaselineAsync(Options options)
    {
        var validates = (int)options.Integer("requests", 2_000, 1);
        var checks = (int)options.Integer("changes", 50_000, 1);
        var seed = (int)options.Integer("seed", 1, 0, int.MaxValue);
        long? max = options.String("max") is null ? null : options.Integer("max", 100, 0, int.MaxValue);
        var warmup = TimeSpan.FromSeconds(options.Number("warmup", 5));
        var instance = ReadInstance(options);
        await using var target = await Target.OpenAsync(options).ConfigureAwait(false);
        options.RejectUnread();

        var engine = new SchedulerEngine();
        var problem = engine.LoadProblem(instance.ProblemBytes);
        var schedule = engine.LoadSchedule(problem.Hash, instance.ScheduleBytes);
        var changes = Changes.Build(instance.Schedule, Math.Min(checks, 100_000), seed);
        var inProcessValidate = Time(validates, _ => engine.Validate(problem.Hash, schedule.Hash));
        var inProcessCheck = Time(checks, i =>
        {
            var c = changes[i % changes.Length];
            var kind = (ChangeKind)ScheduleChange.KindNames.ToList().IndexOf(c.Kind);
            return engine.CheckChange(problem.Hash, schedule.Hash, new ScheduleChange(kind, c.Person, c.Shift, c.OtherPerson, c.OtherShift));
        });

        using (var rpc = await Rpc.ConnectAsync(target.Address).ConfigureAwait(false))
        {
            (target.ProblemHash, target.ScheduleHash, _) = await rpc.LoadAsync(instance).ConfigureAwait(false);
        }

        var validateParams = new Map { { "problem", target.ProblemHash }, { "schedule", target.ScheduleHash } };
        if (max is { } m)
        {
            validateParams.Add("max", m);
        }

        var serviceValidate = await ServiceAsync([Wire.Request(0, "validate", validateParams)], validates).ConfigureAwait(false);
        var serviceCheck = await ServiceAsync([.. changes.Select(c => Wire.Request(0, "check-swap", c.Params(target.ProblemHash, target.ScheduleHash)))], checks).ConfigureAwait(false);

        // Validate again with the two sides taking turns, call by call, so that a machine getting busier or quieter
        // between the phases above weighs on both alike.
        var (turnsInProcess, turnsService) = (new Histogram(), new Histogram());
        using (var rpc = await Rpc.ConnectAsync(target.Address).ConfigureAwait(false))
        {
            for (var i = 0; i < validates; i++)
            {
                var start = Stopwatch.GetTimestamp();
                _ = engine.Validate(problem.Hash, schedule.Hash);
                turnsInProcess.RecordTicks(Stopwatch.GetTimestamp() - start);
                start = Stopwatch.GetTimestamp();
                _ = await rpc.CallAsync("validate", validateParams).ConfigureAwait(false);
                turnsService.RecordTicks(Stopwatch.GetTimestamp() - start);
            }
        }

        // The same turns with no Scheduler code on the far side: what the transport alone adds to a call as long.
        var (floorLocal, floorCall) = await TransportFloor.MeasureAsync(target.Address.Transport, TimeSpan.FromTicks(turnsInProcess.Quantile(0.5) / 100), validates).ConfigureAwait(false);

        Console.WriteLine($"large: {instance.People} people, {instance.Assignments:N0} assignments; one request at a time, one connection over {target.Address.Transport}; server {target.Describe()}");
        Print("validate", validates, inProcessValidate, serviceValidate);
        Console.WriteLine(Invariant($"validate    in turns    {validates:N0} each: in process {turnsInProcess.Summary()}"));
        Console.WriteLine(Invariant($"validate    in turns    service {turnsService.Summary()}"));
        Console.WriteLine(Invariant($"validate    in turns    ratio mean {turnsService.Sum / turnsInProcess.Sum:0.000}, p50 {(double)turnsService.Quantile(0.5) / turnsInProcess.Quantile(0.5):0.000} (service / in process)"));
        Console.WriteLine(Invariant($"floor       in turns    {validates:N0} each: spin {floorLocal.Summary()}"));
        Console.WriteLine(Invariant($"floor       in turns    echo over {target.Address.Transport} spinning as long {floorCall.Summary()}"));
        Console.WriteLine(Invariant($"floor       in turns    ratio mean {floorCall.Sum / floorLocal.Sum:0.000}, p50 {(double)floorCall.Quantile(0.5) / floorLocal.Quantile(0.5):0.000} (the transport's floor under the validate ratio)"));
        Print("check-swap", checks, inProcessCheck, serviceCheck);
        var exit = await target.StopAsync().ConfigureAwait(false);
        return serviceValidate.Result.Errors.Count == 0 && serviceCheck.Result.Errors.Count == 0
            && serviceValidate.Result.Failures.Count == 0 && serviceCheck.Result.Failures.Count == 0 && exit ? 0 : 1;

        // One connection, one request at a time, after the warm-up (the server's checker must reach tiered JIT's
        // optimised code, as this process's has after its own warm-up calls); with the server's CPU time when it is ours.
        async Task<(LoadResult Result, TimeSpan? ServerCpu)> ServiceAsync(byte[][] frames, int count)
        {
            TimeSpan? start = null;
            var result = await new LoadRun(frames, 1, count)
                .RunAsync(target.Address, 1, warmup, TimeSpan.FromMinutes(10), TimeSpan.Zero, null, () => start = target.Server?.CpuTime())
                .ConfigureAwait(false);
            return (result, target.Server?.CpuTime() - start);
        }

        static void Print(string what, int count, Histogram inProcess, (LoadResult Result, TimeSpan? ServerCpu) service)
        {
            var (result, cpu) = service;
            var s = result.Latency;
            var perRequest = cpu is { } c ? Invariant($"; server CPU {Histogram.Format(c.TotalNanoseconds / Math.Max(1, result.Completed))} a request") : "";
            Console.WriteLine(Invariant($"{what,-11} in process  {count:N0} calls: {inProcess.Summary()}"));
            Console.WriteLine(Invariant($"{what,-11} service     {result.Completed:N0} requests: {s.Summary()}{perRequest}; errors {(result.Errors.Count == 0 ? "none" : string.Join(", ", result.Errors))}"));
            Console.WriteLine(Invariant($"{what,-11} ratio       mean {s.Sum / s.Count / (inProcess.Sum / inProcess.Count):0.000}, p50 {(double)s.Quantile(0.5) / inProcess.Quantile(0.5):0.000} (service / in process)"));
        }
    }

    /// <summary>The run's problem and schedule files (large by default).</summary>
    public static Instance ReadInstance(Options options) => Instance.Read(
        options.String("problem") ?? Repository.Find("problems/large.msgpack"),
        options.String("schedule") ?? Repository.Find("problems/large.schedule.msgpack"));

    /// <summary>KiB as "123.4 MiB", or "-".</summary>
    public static string Mib(long? kib) => kib is { } k ? Invariant($"{k / 1024.0:0.0} MiB") : "-";

    /// <summary>Formats with the invariant culture.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Times each call; a tenth as many (at least 10) unmeasured first.
    private static Histogram Time<T>(int count, Func<int, T> call)
    {
        for (var i = 0; i < Math.Max(10, count / 10); i++)
        {
            _ = call(i);
        }

        var histogram = new Histogram();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = call(i);
            histogram.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        return histogram;
    }
}
