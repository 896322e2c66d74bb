using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using MessagePack;

namespace Scheduler.Load;

/// <summary>
/// A MessagePack map with string keys, in order: request bodies are built as these, so that the fuzzer can swap a
/// value's type. Values: null, bool, int, long, <see cref="uint"/> (always written 32 bits wide, so a request id can
/// be patched in place), ulong, double, string, byte[] (bin), <see cref="Map"/>, <c>object?[]</c> (array) and
/// <see cref="RawValue"/> (bytes written as they are).
/// </summary>
internal sealed class Map : List<KeyValuePair<string, object?>>
{
    /// <summary>Appends a key and its value (for collection initialisers).</summary>
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
}

/// <summary>Bytes written into a body as they are: garbage, lies about lengths, deep nesting.</summary>
internal sealed record RawValue(byte[] Bytes);

/// <summary>Frames of the serve protocol (docs/PROTOCOL.md): a 4-byte big-endian length, then one MessagePack map.</summary>
internal static class Wire
{
    /// <summary>Where the 4 bytes of a request's id start in a frame made by <see cref="Request"/>: length, map header, "id", 0xce.</summary>
    public const int IdOffset = 4 + 1 + 3 + 1;

    /// <summary>A request frame: <c>{"id": id (uint32 wide), "method": method, "params": params}</c>.</summary>
    public static byte[] Request(uint id, string method, Map? parameters = null) => Frame(RequestBody(id, method, parameters));

    /// <summary>A request body as a map, to be changed before it is written.</summary>
    public static Map RequestBody(uint id, string method, Map? parameters = null)
    {
        var body = new Map { { "id", id }, { "method", method } };
        if (parameters is not null)
        {
            body.Add("params", parameters);
        }

        return body;
    }

    /// <summary>A frame carrying <paramref name="body"/>, with its true length.</summary>
    public static byte[] Frame(Map body) => Frame(Encode(body));

    /// <summary>A frame carrying <paramref name="body"/>, with its true length.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame.AsSpan(4));
        return frame;
    }

    /// <summary>Sets the id of a frame made by <see cref="Request"/>.</summary>
    public static void PatchId(Span<byte> frame, uint id) => BinaryPrimitives.WriteUInt32BigEndian(frame[IdOffset..], id);

    /// <summary>The MessagePack bytes of a value.</summary>
    public static byte[] Encode(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case bool b:
                writer.Write(b);
                break;
            case uint u:
                writer.WriteUInt32(u);
                break;
            case int i:
                writer.Write(i);
                break;
            case long l:
                writer.Write(l);
                break;
            case ulong ul:
                writer.Write(ul);
                break;
            case double d:
                writer.Write(d);
                break;
            case string s:
                writer.Write(s);
                break;
            case byte[] bin:
                writer.Write(bin);
                break;
            case RawValue raw:
                writer.WriteRaw(raw.Bytes);
                break;
            case Map map:
                writer.WriteMapHeader(map.Count);
                foreach (var (key, item) in map)
                {
                    writer.Write(key);
                    Write(ref writer, item);
                }

                break;
            case object?[] array:
                writer.WriteArrayHeader(array.Length);
                foreach (var item in array)
                {
                    Write(ref writer, item);
                }

                break;
            default:
                throw new ArgumentException($"no MessagePack form for {value.GetType()}", nameof(value));
        }
    }

    /// <summary>Sends every byte.</summary>
    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Reads what a response body says: its id, whether it is a result, an error (with its code) or progress.</summary>
    /// <exception cref="MessagePackSerializationException">The body is not a response map.</exception>
    public static Response ParseResponse(ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        var count = reader.ReadMapHeader();
        uint? id = null;
        var kind = ResponseKind.Unknown;
        string? code = null;
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            switch (key)
            {
                case "id":
                    id = reader.TryReadNil() ? null : reader.ReadUInt32();
                    break;
                case "result":
                    kind = ResponseKind.Result;
                    reader.Skip();
                    break;
                case "progress":
                    kind = ResponseKind.Progress;
                    reader.Skip();
                    break;
                case "error":
                    kind = ResponseKind.Error;
                    code = ReadErrorCode(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new Response(id, kind, code);
    }

    /// <summary>The string values of a result map's keys (e.g. "hash"), for the few responses a run reads whole.</summary>
    public static Dictionary<string, object?> ParseResult(ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        var count = reader.ReadMapHeader();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            if (key is "result" or "error")
            {
                var fields = reader.ReadMapHeader();
                for (var j = 0; j < fields; j++)
                {
                    var name = ReadKey(ref reader);
                    result[key == "error" ? "error." + name : name] = reader.NextMessagePackType switch
                    {
                        MessagePackType.String => reader.ReadString(),
                        MessagePackType.Integer => reader.ReadInt64(),
                        MessagePackType.Boolean => reader.ReadBoolean(),
                        _ => SkipValue(ref reader),
                    };
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }

    private static object? SkipValue(ref MessagePackReader reader)
    {
        reader.Skip();
        return null;
    }

    private static string? ReadErrorCode(ref MessagePackReader reader)
    {
        string? code = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            if (ReadKey(ref reader) == "code" && !reader.TryReadNil())
            {
                code = reader.ReadString();
            }
            else
            {
                reader.Skip();
            }
        }

        return code;
    }

    // Response keys are few and short: compare the UTF-8 bytes against the known ones before making a string.
    private static string ReadKey(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
        {
            return span switch
            {
                _ when span.SequenceEqual("id"u8) => "id",
                _ when span.SequenceEqual("result"u8) => "result",
                _ when span.SequenceEqual("error"u8) => "error",
                _ when span.SequenceEqual("progress"u8) => "progress",
                _ when span.SequenceEqual("code"u8) => "code",
                _ => Encoding.UTF8.GetString(span),
            };
        }

        return reader.ReadString() ?? "";
    }
}

/// <summary>What a response frame is.</summary>
internal enum ResponseKind
{
    /// <summary>None of result, error, progress.</summary>
    Unknown,

    /// <summary><c>{"id", "result"}</c>.</summary>
    Result,

    /// <summary><c>{"id", "error": {"code", ...}}</c>.</summary>
    Error,

    /// <summary><c>{"id", "progress"}</c>.</summary>
    Progress,
}

/// <summary>A response's id (null when nil), kind, and error code.</summary>
internal readonly record struct Response(uint? Id, ResponseKind Kind, string? Code);

/// <summary>
/// Reads frames from a socket into one growing buffer. A body returned by <see cref="TryNext"/> stays valid until the
/// next <see cref="FillAsync"/>.
/// </summary>
internal sealed class FrameReceiver(Socket socket)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    /// <summary>Bytes received that are not yet part of a frame returned.</summary>
    public int Buffered => _end - _start;

    /// <summary>Receives more bytes; false at the end of the stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken = default)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        var needed = 4;
        if (_end - _start >= 4)
        {
            needed = 4 + (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start)), int.MaxValue - 4);
        }

        if (_buffer.Length - _start < needed || _buffer.Length - _end < 4096)
        {
            var target = _buffer.Length >= needed + 4096 ? _buffer : new byte[Math.Max(_buffer.Length * 2, needed + 4096)];
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }

        var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _end += received;
        return received > 0;
    }

    /// <summary>The next whole frame's body, if one has arrived.</summary>
    /// <exception cref="InvalidDataException">A length prefix of 0, or too large for one buffer.</exception>
    public bool TryNext(out ReadOnlyMemory<byte> body)
    {
        body = default;
        if (_end - _start < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start));
        if (length is 0 or > int.MaxValue - 4)
        {
            throw new InvalidDataException($"the server sent a frame length of {length}");
        }

        if (_end - _start - 4 < length)
        {
            return false;
        }

        body = _buffer.AsMemory(_start + 4, (int)length);
        _start += 4 + (int)length;
        return true;
    }
}
