using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Scheduler.Service;

/// <summary>
/// Reads a request's <c>params</c> map key by key, checking each value's type; a wrong one throws
/// <see cref="ProtocolException"/> (<c>bad-params</c>) naming the field. The frame layer has already checked that the
/// map is well formed.
/// </summary>
internal ref struct ParamReader
{
    private MessagePackReader _reader;
    private int _remaining;

    public ParamReader(ReadOnlySequence<byte> map)
    {
        _reader = new MessagePackReader(map);
        _remaining = map.IsEmpty || _reader.TryReadNil() ? 0 : _reader.ReadMapHeader();
    }

    /// <summary>The next key, or false at the end of the map. A key that is not a string reads as empty (unknown).</summary>
    public bool NextKey(out ReadOnlySpan<byte> key)
    {
        if (_remaining-- <= 0)
        {
            key = default;
            return false;
        }

        if (_reader.NextMessagePackType != MessagePackType.String)
        {
            _reader.Skip();
            key = default;
            return true;
        }

        // A key split across two segments of the pipe's buffer is rare: a copy is fine.
        var text = _reader.ReadStringSequence()!.Value;
        key = text.IsSingleSegment ? text.FirstSpan : text.ToArray();
        return true;
    }

    /// <summary>Skips the value of a key this method does not read.</summary>
    public void Skip() => _reader.Skip();

    public string String(string field)
    {
        Expect(MessagePackType.String, field, "a string");
        return _reader.ReadString()!;
    }

    public bool Boolean(string field)
    {
        Expect(MessagePackType.Boolean, field, "true or false");
        return _reader.ReadBoolean();
    }

    public long Integer(string field, long min, long max)
    {
        Expect(MessagePackType.Integer, field, "an integer");
        try
        {
            var value = _reader.ReadInt64();
            if (value >= min && value <= max)
            {
                return value;
            }
        }
        catch (OverflowException)
        {
            // an unsigned integer above long.MaxValue: out of range below
        }

        throw Bad(field, $"expected an integer in {min}..{max}");
    }

    public double Number(string field)
    {
        var type = _reader.NextMessagePackType;
        if (type == MessagePackType.Integer)
        {
            return _reader.ReadInt64();
        }

        Expect(MessagePackType.Float, field, "a number");
        var value = _reader.ReadDouble();
        return double.IsFinite(value) ? value : throw Bad(field, "expected a finite number");
    }

    /// <summary>A <c>bin</c> value; the sequence points into the frame, valid while the request is read.</summary>
    public ReadOnlySequence<byte> Bytes(string field)
    {
        Expect(MessagePackType.Binary, field, "bytes (bin)");
        return _reader.ReadBytes()!.Value;
    }

    public readonly MessagePackType NextType => _reader.NextMessagePackType;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ProtocolException Bad(string field, string message) => new(ErrorCodes.BadParams, message, field);

    [DoesNotReturn]
    public static void ThrowMissing(string field) => throw Bad(field, "missing");

    private readonly void Expect(MessagePackType type, string field, string expected)
    {
        if (_reader.NextMessagePackType != type)
        {
            throw Bad(field, $"expected {expected}, got {Describe(_reader.NextMessagePackType)}");
        }
    }

    private static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Nil => "nil",
        MessagePackType.Map => "a map",
        MessagePackType.Array => "an array",
        MessagePackType.Binary => "bytes",
        MessagePackType.String => "a string",
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Float => "a float",
        MessagePackType.Integer => "an integer",
        _ => "an extension",
    };
}
