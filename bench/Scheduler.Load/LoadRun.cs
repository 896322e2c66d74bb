using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Scheduler.Load;

/// <summary>
/// N connections, each keeping a window of requests in flight (closed loop: a response frees a slot, the slot is
/// refilled at once). A request's latency is from the moment its bytes go to the socket to the moment its response
/// frame is read. Requests are pre-encoded frames whose id (the slot's number) is patched in place, so the client
/// spends little of the CPU it shares with the server.
/// </summary>
internal sealed class LoadRun
{
    private readonly byte[][] _frames;
    private readonly int _window;
    private readonly long _requestBudget;
    private long _permits;
    private long _measureStart = long.MaxValue;
    private volatile bool _stopSending;

    /// <summary>A run over pre-encoded request frames (their ids are replaced).</summary>
    public LoadRun(byte[][] frames, int window, long requests)
    {
        _frames = frames;
        _window = window;
        _requestBudget = requests;
        _permits = requests;
    }

    /// <summary>
    /// Runs <paramref name="connections"/> connections: <paramref name="warmup"/> unmeasured, then until the request
    /// budget is spent or <paramref name="seconds"/> have passed; <paramref name="report"/> is called every
    /// <paramref name="reportEvery"/> seconds (0: never) with the seconds measured and the requests completed so far.
    /// </summary>
    public async Task<LoadResult> RunAsync(
        ServerAddress address, int connections, TimeSpan warmup, TimeSpan seconds, TimeSpan reportEvery, Action<double, long>? report, Action? measureStarted = null)
    {
        var workers = new Worker[connections];
        for (var i = 0; i < connections; i++)
        {
            workers[i] = new Worker(this, await address.ConnectAsync().ConfigureAwait(false), i * (_frames.Length / connections));
        }

        var tasks = workers.Select(w => Task.Run(w.RunAsync)).ToArray();
        await Task.Delay(warmup).ConfigureAwait(false);
        measureStarted?.Invoke();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _measureStart, start);
        var deadline = start + (long)(seconds.TotalSeconds * Stopwatch.Frequency);
        var nextReport = reportEvery > TimeSpan.Zero ? start + (long)(reportEvery.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var all = Task.WhenAll(tasks);
        while (!_stopSending && !all.IsCompleted)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                _stopSending = true;
                break;
            }

            if (now >= nextReport)
            {
                report?.Invoke(Stopwatch.GetElapsedTime(start).TotalSeconds, workers.Sum(w => Volatile.Read(ref w.Completed)));
                nextReport += (long)(reportEvery.TotalSeconds * Stopwatch.Frequency);
            }

            await Task.WhenAny(all, Task.Delay(20)).ConfigureAwait(false);
        }

        _stopSending = true;
        var drained = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false) == all;
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        var result = new LoadResult { Elapsed = elapsed, ClientCpu = cpu, Hung = drained ? 0 : tasks.Count(t => !t.IsCompleted) };
        foreach (var worker in workers)
        {
            result.Latency.Add(worker.Latency);
            result.Completed += worker.Completed;
            foreach (var (code, count) in worker.Errors)
            {
                result.Errors[code] = result.Errors.GetValueOrDefault(code) + count;
            }

            if (worker.Failure is { } failure)
            {
                result.Failures.Add(failure);
            }
        }

        return result;
    }

    // A permit per measured request, so a run stops after exactly the budget; warm-up requests take none.
    private bool TakePermit(long now) =>
        now < Volatile.Read(ref _measureStart) || _requestBudget == long.MaxValue || Interlocked.Decrement(ref _permits) >= 0;

    private sealed class Worker(LoadRun run, Socket socket, int firstFrame) : IDisposable
    {
        private readonly FrameReceiver _receiver = new(socket);
        private readonly long[] _sentAt = new long[run._window];
        private readonly int[] _free = Enumerable.Range(0, run._window).Reverse().ToArray();
        private readonly bool[] _inFlight = new bool[run._window];
        private byte[] _sendBuffer = new byte[64 * 1024];
        private int _freeCount = run._window;
        private int _next = firstFrame;

        public long Completed;

        public Histogram Latency { get; } = new();

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public string? Failure { get; private set; }

        public async Task RunAsync()
        {
            try
            {
                await LoopAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException or MessagePack.MessagePackSerializationException)
            {
                Failure = e.Message;
                run._stopSending = true;
            }
        }

        public void Dispose() => socket.Dispose();

        private async Task LoopAsync()
        {
            var frames = run._frames;
            var batch = new int[run._window];
            while (true)
            {
                var length = 0;
                var count = 0;
                var now = Stopwatch.GetTimestamp();
                while (_freeCount > 0 && !run._stopSending)
                {
                    if (!run.TakePermit(now))
                    {
                        run._stopSending = true;
                        break;
                    }

                    var slot = _free[--_freeCount];
                    var frame = frames[_next++ % frames.Length];
                    if (length + frame.Length > _sendBuffer.Length)
                    {
                        Array.Resize(ref _sendBuffer, Math.Max(_sendBuffer.Length * 2, length + frame.Length));
                    }

                    frame.CopyTo(_sendBuffer, length);
                    Wire.PatchId(_sendBuffer.AsSpan(length), (uint)slot);
                    length += frame.Length;
                    batch[count++] = slot;
                    _inFlight[slot] = true;
                }

                if (count > 0)
                {
                    var sentAt = Stopwatch.GetTimestamp();
                    for (var i = 0; i < count; i++)
                    {
                        _sentAt[batch[i]] = sentAt;
                    }

                    await Wire.SendAllAsync(socket, _sendBuffer.AsMemory(0, length)).ConfigureAwait(false);
                }

                if (_freeCount == run._window)
                {
                    if (run._stopSending)
                    {
                        return;
                    }

                    continue;
                }

                if (!await _receiver.FillAsync().ConfigureAwait(false))
                {
                    throw new IOException($"the server closed a connection with {run._window - _freeCount} requests in flight");
                }

                var receivedAt = Stopwatch.GetTimestamp();
                var measureStart = Volatile.Read(ref run._measureStart);
                while (_receiver.TryNext(out var body))
                {
                    var response = Wire.ParseResponse(body);
                    if (response.Kind == ResponseKind.Progress)
                    {
                        continue;
                    }

                    if (response.Id is not { } id || id >= run._window || !_inFlight[id])
                    {
                        throw new InvalidDataException($"a response with id {response.Id?.ToString(CultureInfo.InvariantCulture) ?? "nil"} that no request in flight has ({response.Kind} {response.Code})");
                    }

                    _inFlight[id] = false;
                    _free[_freeCount++] = (int)id;
                    if (_sentAt[id] >= measureStart)
                    {
                        Latency.RecordTicks(receivedAt - _sentAt[id]);
                        Volatile.Write(ref Completed, Completed + 1);
                        if (response.Kind != ResponseKind.Result)
                        {
                            var code = response.Code ?? "(no code)";
                            Errors[code] = Errors.GetValueOrDefault(code) + 1;
                        }
                    }
                }
            }
        }
    }
}

/// <summary>What a <see cref="LoadRun"/> measured.</summary>
internal sealed class LoadResult
{
    /// <summary>Measured time, from the end of the warm-up to the last response.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>CPU time this process used over <see cref="Elapsed"/>.</summary>
    public TimeSpan ClientCpu { get; init; }

    /// <summary>Connections that had not drained 30 s after the end.</summary>
    public int Hung { get; init; }

    /// <summary>Responses to measured requests.</summary>
    public long Completed { get; set; }

    /// <summary>Send-to-response latency of measured requests.</summary>
    public Histogram Latency { get; } = new();

    /// <summary>Error responses by code.</summary>
    public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Connections that failed (closed, reset, a response no request was waiting for).</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Requests per second over <see cref="Elapsed"/>.</summary>
    public double Rate => Completed / Elapsed.TotalSeconds;
}
