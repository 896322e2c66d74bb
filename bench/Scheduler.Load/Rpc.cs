using System.Net.Sockets;

namespace Scheduler.Load;

/// <summary>One request at a time over one connection, for setting up a run (hello, loading) and checking the server after fuzzing.</summary>
internal sealed class Rpc : IDisposable
{
    private readonly Socket _socket;
    private readonly FrameReceiver _receiver;
    private uint _nextId = 1;

    private Rpc(Socket socket)
    {
        _socket = socket;
        _receiver = new FrameReceiver(socket);
    }

    /// <summary>Connects to <paramref name="address"/>.</summary>
    public static async Task<Rpc> ConnectAsync(ServerAddress address, CancellationToken cancellationToken = default) =>
        new(await address.ConnectAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Sends one request and returns its result's scalar fields; an error response throws <see cref="ServerErrorException"/>.</summary>
    public async Task<Dictionary<string, object?>> CallAsync(string method, Map? parameters = null, CancellationToken cancellationToken = default)
    {
        var id = _nextId++;
        await Wire.SendAllAsync(_socket, Wire.Request(id, method, parameters), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            while (_receiver.TryNext(out var body))
            {
                var response = Wire.ParseResponse(body);
                if (response.Id != id || response.Kind == ResponseKind.Progress)
                {
                    continue;
                }

                var fields = Wire.ParseResult(body);
                return response.Kind == ResponseKind.Result
                    ? fields
                    : throw new ServerErrorException(response.Code ?? "?", fields.GetValueOrDefault("error.message") as string, fields.GetValueOrDefault("error.field") as string);
            }

            if (!await _receiver.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException($"the server closed the connection before answering '{method}'");
            }
        }
    }

    /// <summary>hello (version 1), then load-problem and load-schedule: the problem's and the schedule's hashes and the server's maxFrame.</summary>
    public async Task<(string Problem, string Schedule, long MaxFrame)> LoadAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        var hello = await CallAsync("hello", new Map { { "version", 1 } }, cancellationToken).ConfigureAwait(false);
        var problem = (string)(await CallAsync("load-problem", new Map { { "problem", instance.ProblemBytes } }, cancellationToken).ConfigureAwait(false))["hash"]!;
        var schedule = (string)(await CallAsync("load-schedule", new Map { { "problem", problem }, { "schedule", instance.ScheduleBytes } }, cancellationToken).ConfigureAwait(false))["hash"]!;
        return (problem, schedule, hello.GetValueOrDefault("maxFrame") as long? ?? 0);
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}

/// <summary>An error response to a set-up request.</summary>
internal sealed class ServerErrorException(string code, string? message, string? field)
    : Exception($"{code}: {message}{(field is null ? "" : $" (field {field})")}");
