using System.Globalization;
using Scheduler.Load;

// Load generator and frame fuzzer for `scheduler serve` (docs/PROTOCOL.md); see bench/README.md, "The service".
const string Usage = """
    usage: Scheduler.Load [MODE] [OPTIONS]
    modes:
      load          (default) N connections pipelining check-swap or validate requests on large
      soak          load with --connections 64 --seconds 600 --report-every 30 unless given
      baseline      validate and check-swap in process (SchedulerEngine) against the same over the service, one at a time,
                    and the transport's floor: an echo that spins as long as validate takes
      fuzz-frames   batches of broken frames; after each, the server must still answer hello and be alive
    server (every mode): --server PATH (scheduler.dll or executable; default: this checkout's Release build)
      --transport unix|tcp (default unix) --server-args "ARGS" (e.g. "--max-frame 1048576"), or --connect unix:PATH|tcp:HOST:PORT
    load/soak: --method check-swap|validate|hello (check-swap) --connections N (16) --window N (32) --requests N (5,000,000)
      --seconds S (20) --warmup S (10) --report-every S (0: off) --pool N (100,000) --seed N (1) --no-text --max N (validate)
      --problem FILE --schedule FILE (problems/large.msgpack, problems/large.schedule.msgpack)
    baseline: --requests N (validate calls, 2,000) --changes N (check-swap calls, 50,000) --warmup S (service, 5) --max N (validate)
      --problem FILE --schedule FILE
    fuzz-frames: --frames N (10,000) --seed N (1) --connections N (per batch, 4) --timeout S (per batch, 20)
      --strict (responses the protocol does not allow, printed as NOTE, fail the run too)
    """;

try
{
    var options = Options.Parse(args);
    if (options.Flag("help") || options.Mode is "help")
    {
        Console.WriteLine(Usage);
        return 0;
    }

    return options.Mode switch
    {
        "load" or "soak" => await Modes.LoadAsync(options).ConfigureAwait(false),
        "baseline" => await Modes.BaselineAsync(options).ConfigureAwait(false),
        "fuzz-frames" => await FrameFuzzer.RunAsync(options).ConfigureAwait(false),
        _ => throw new UsageException($"unknown mode '{options.Mode}'"),
    };
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"Scheduler.Load: {e.Message}{Environment.NewLine}{Usage}").ConfigureAwait(false);
    return 2;
}
catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or InvalidOperationException or ServerErrorException)
{
    // Setting up failed: no server to start or reach, or it refused the instance.
    await Console.Error.WriteLineAsync($"Scheduler.Load: {e.Message}").ConfigureAwait(false);
    return 1;
}
