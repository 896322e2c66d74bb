using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Scheduler.Load;

/// <summary>
/// What the transport alone adds to a call that keeps the far side busy: a one-byte frame sent over the same kind of
/// socket to an echo in this process that reads it through a <see cref="PipeReader"/>, spins for a given time (no
/// Scheduler code: no MessagePack, no checker) and answers through a <see cref="PipeWriter"/>, against the same spin
/// here; the two take turns, as baseline's validate does. Its ratio is the floor under the service's validate ratio on
/// the machine it runs on: the wakes of both sides' threads after a millisecond idle, which only busy-polling avoids.
/// </summary>
internal static class TransportFloor
{
    private static readonly byte[] Frame = [0, 0, 0, 1, 0]; // length 1, then one byte

    /// <summary>The spin alone and the call around the far side's spin, <paramref name="count"/> each after a tenth as many unmeasured.</summary>
    public static async Task<(Histogram Local, Histogram Call)> MeasureAsync(string transport, TimeSpan work, int count)
    {
        var spinTicks = (long)(work.TotalSeconds * Stopwatch.Frequency);
        var socketPath = Path.Combine(Path.GetTempPath(), $"scheduler-load-floor-{Environment.ProcessId}.sock");
        using var listener = transport == "unix"
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(transport == "unix" ? new UnixDomainSocketEndPoint(socketPath) : new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var address = transport == "unix" ? new ServerAddress(socketPath, null, 0) : new ServerAddress(null, "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port);
        try
        {
            var accepting = listener.AcceptAsync();
            using var client = await address.ConnectAsync().ConfigureAwait(false);
            var serving = ServeAsync(await accepting.ConfigureAwait(false), spinTicks);
            var receiver = new FrameReceiver(client);
            var (local, call) = (new Histogram(), new Histogram());
            for (var i = -Math.Max(10, count / 10); i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Spin(spinTicks);
                var spun = Stopwatch.GetTimestamp();
                await Wire.SendAllAsync(client, Frame).ConfigureAwait(false);
                while (!receiver.TryNext(out _))
                {
                    if (!await receiver.FillAsync().ConfigureAwait(false))
                    {
                        throw new IOException("the echo closed the connection");
                    }
                }

                if (i >= 0)
                {
                    local.RecordTicks(spun - start);
                    call.RecordTicks(Stopwatch.GetTimestamp() - spun);
                }
            }

            client.Shutdown(SocketShutdown.Send);
            await serving.ConfigureAwait(false);
            return (local, call);
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    // Frames in, for each the spin and then a one-byte frame out; ends when the client stops sending.
    private static async Task ServeAsync(Socket socket, long ticks)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        while (true)
        {
            var read = await input.ReadAsync().ConfigureAwait(false);
            var buffer = read.Buffer;
            while (TryFrame(ref buffer))
            {
                Spin(ticks);
                await output.WriteAsync(Frame).ConfigureAwait(false);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                await input.CompleteAsync().ConfigureAwait(false);
                await output.CompleteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private static bool TryFrame(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[4];
        if (buffer.Length < 4)
        {
            return false;
        }

        buffer.Slice(0, 4).CopyTo(prefix);
        var length = 4L + BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (buffer.Length < length)
        {
            return false;
        }

        buffer = buffer.Slice(length);
        return true;
    }

    private static void Spin(long ticks)
    {
        var end = Stopwatch.GetTimestamp() + ticks;
        while (Stopwatch.GetTimestamp() < end)
        {
        }
    }
}
