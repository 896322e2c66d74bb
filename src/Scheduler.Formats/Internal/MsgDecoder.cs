using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Reads a value (a file's body, or one element of an array in it) with a <see cref="MsgDecoder"/>. Pass a static
/// method: a delegate cached once, no closure on the hot path.
/// </summary>
internal delegate T ValueReader<T>(ref MsgDecoder decoder);

/// <summary>State of one record being read: positional (array) or named (map), fields left, fields seen.</summary>
internal struct RecordState
{
    public FieldSet Fields;
    public bool Named;
    public int Remaining;
    public int Next;
    public ulong Seen;
}

/// <summary>
/// Reads the schema's values from untrusted MessagePack with <see cref="MessagePackReader"/>. Before each token it
/// checks, from the raw bytes, that the token is complete and has the expected type, and checks array headers
/// against the bytes left, so the reader never throws on bad data and nothing large is allocated for a lie.
/// Every failure is a <see cref="ModelException"/> naming the field path.
/// </summary>
internal ref struct MsgDecoder
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly FieldPath _path;
    private readonly StringTable _strings;
    private MessagePackReader _reader;

    public MsgDecoder(ReadOnlyMemory<byte> body, FieldPath path, StringTable strings)
    {
        _data = body.Span;
        _path = path;
        _strings = strings;
        _reader = new MessagePackReader(body);
    }

    /// <summary>
    /// Starts a record: an array of the record's fields (all of them, or at least its
    /// <see cref="FieldSet.PositionalMinimum"/>: the fields it lacks at the end take their defaults), or a map of
    /// named fields.
    /// </summary>
    public RecordState BeginRecord(FieldSet fields)
    {
        var rest = Next(out var code);
        if (MsgCode.IsArray(code))
        {
            var count = MsgCode.ContainerCount(rest, out var headerLength);
            if (count > (uint)fields.Count || count < (uint)fields.PositionalMinimum)
            {
                var expected = fields.PositionalMinimum == fields.Count
                    ? $"{fields.Count}"
                    : $"{fields.PositionalMinimum} to {fields.Count}";
                Fail($"expected {fields.Record} as an array of {expected} fields ({fields.Describe()}), got {count} elements");
            }

            // Each field takes at least a byte (MessagePackReader checks the same, but with a bare EndOfStreamException).
            if (count > rest.Length - headerLength)
            {
                ThrowTruncated(count - (rest.Length - headerLength), atLeast: true);
            }

            _reader.ReadArrayHeader();
            _path.PushName();
            return new RecordState { Fields = fields, Named = false, Remaining = (int)count };
        }

        if (MsgCode.IsMap(code))
        {
            var count = MsgCode.ContainerCount(rest, out var headerLength);
            if (count > 64)
            {
                Fail($"expected {fields.Record} with at most {fields.Count} fields, got an object of {count}");
            }

            if (count * 2L > rest.Length - headerLength)
            {
                Fail($"truncated or corrupt file: an object claims {count} fields but only {rest.Length - headerLength} bytes are left");
            }

            _reader.ReadMapHeader();
            _path.PushName();
            return new RecordState { Fields = fields, Named = true, Remaining = (int)count };
        }

        Fail($"expected {fields.Record} (an object or an array), got {MsgCode.Describe(code)}");
        return default;
    }

    /// <summary>Moves to the next field of the record; false at its end. A named field must be known and appear once.</summary>
    public bool NextField(ref RecordState record, out int field)
    {
        if (record.Remaining == 0)
        {
            field = -1;
            return false;
        }

        record.Remaining--;
        if (!record.Named)
        {
            field = record.Next++;
            _path.SetName(record.Fields.Name(field));
            return true;
        }

        _path.ClearName();
        var rest = Next(out var code);
        if (!MsgCode.IsString(code))
        {
            Fail($"expected a field name (a string), got {MsgCode.Describe(code)}");
        }

        if (MsgCode.StringLength(rest) > FormatLimits.MaxStringBytes)
        {
            Fail($"field name longer than {FormatLimits.MaxStringBytes} bytes");
        }

        var key = ReadUtf8();
        field = record.Fields.Find(key);
        if (field < 0)
        {
            ThrowField(key, $"unknown field (the fields of {record.Fields.Record} are {record.Fields.Describe()})");
        }

        var bit = 1UL << field;
        if ((record.Seen & bit) != 0)
        {
            ThrowField(key, "duplicate field");
        }

        record.Seen |= bit;
        _path.SetName(record.Fields.Name(field));
        return true;
    }

    /// <summary>Ends a record; a named record must have carried every required field.</summary>
    public readonly void EndRecord(in RecordState record)
    {
        _path.Pop();
        var missing = record.Fields.RequiredMask & ~record.Seen;
        if (record.Named && missing != 0)
        {
            Fail($"missing field '{record.Fields.Name(System.Numerics.BitOperations.TrailingZeroCount(missing))}'");
        }
    }

    /// <summary>Starts an array of at most <paramref name="maxCount"/> elements; returns its length.</summary>
    public int BeginArray(int maxCount)
    {
        var rest = Next(out var code);
        if (!MsgCode.IsArray(code))
        {
            Fail($"expected an array, got {MsgCode.Describe(code)}");
        }

        var count = MsgCode.ContainerCount(rest, out var headerLength);
        if (count > (uint)maxCount)
        {
            Fail($"expected at most {maxCount} elements, got {count}");
        }

        // Every element takes at least one byte: a count beyond the bytes left is a lie, refused before any allocation.
        if (count > rest.Length - headerLength)
        {
            Fail($"truncated or corrupt file: the array claims {count} elements but only {rest.Length - headerLength} bytes are left");
        }

        _reader.ReadArrayHeader();
        _path.PushIndex();
        return (int)count;
    }

    public readonly void Element(int index) => _path.SetIndex(index);

    public readonly void EndArray() => _path.Pop();

    /// <summary>Reads an array of at most <paramref name="maxCount"/> elements, each with <paramref name="read"/>.</summary>
    public T[] ReadArray<T>(int maxCount, ValueReader<T> read)
    {
        var count = BeginArray(maxCount);
        var values = count == 0 ? [] : new T[count];
        for (var i = 0; i < count; i++)
        {
            Element(i);
            values[i] = read(ref this);
        }

        EndArray();
        return values;
    }

    /// <summary>Reads an array of at most <paramref name="maxCount"/> strings.</summary>
    public string[] ReadStrings(int maxCount) => ReadArray(maxCount, ReadStringElement);

    /// <summary>
    /// For the default of a reader's switch over a record's fields: <see cref="NextField"/> gives only the record's
    /// fields, so landing there means a field of the schema that the reader does not read, a bug rather than bad data.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static UnreachableException NoReader(in RecordState record, int field) =>
        new($"{record.Fields.Record}: field {field} ({record.Fields.Name(field)}) has no reader");

    /// <summary>Reads nil if it comes next.</summary>
    public bool TryReadNil()
    {
        Next(out var code);
        if (code != MsgCode.Nil)
        {
            return false;
        }

        _reader.ReadNil();
        return true;
    }

    public long ReadInt64()
    {
        Next(out var code);
        if (!MsgCode.IsInteger(code))
        {
            Fail($"expected an integer, got {MsgCode.Describe(code)}");
        }

        if (code == MsgCode.UInt64)
        {
            var value = _reader.ReadUInt64();
            if (value > long.MaxValue)
            {
                Fail($"expected an integer in {int.MinValue}..{int.MaxValue}, got {value}");
            }

            return (long)value;
        }

        return _reader.ReadInt64();
    }

    public int ReadInt32()
    {
        var value = ReadInt64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            Fail($"expected an integer in {int.MinValue}..{int.MaxValue}, got {value}");
        }

        return (int)value;
    }

    public int? ReadNullableInt32() => TryReadNil() ? null : ReadInt32();

    public bool ReadBoolean()
    {
        Next(out var code);
        if (!MsgCode.IsBoolean(code))
        {
            Fail($"expected true or false, got {MsgCode.Describe(code)}");
        }

        return _reader.ReadBoolean();
    }

    public string ReadString()
    {
        var rest = Next(out var code);
        if (!MsgCode.IsString(code))
        {
            Fail($"expected a string, got {MsgCode.Describe(code)}");
        }

        var length = MsgCode.StringLength(rest);
        if (length > FormatLimits.MaxStringBytes)
        {
            Fail($"expected a string of at most {FormatLimits.MaxStringBytes} bytes, got {length}");
        }

        var utf8 = ReadUtf8();
        try
        {
            return _strings.Get(utf8);
        }
        catch (DecoderFallbackException)
        {
            Fail("invalid UTF-8 in string");
            return "";
        }
    }

    public string? ReadNullableString() => TryReadNil() ? null : ReadString();

    /// <summary>
    /// Reads an enumeration: its lowercase (camelCase) name in a named record, its index in a positional one.
    /// </summary>
    public int ReadEnum(bool named, string[] names)
    {
        if (named)
        {
            var text = ReadString();
            var index = Array.IndexOf(names, text);
            if (index < 0)
            {
                Fail($"expected {Alternatives(names)}, got '{text}'");
            }

            return index;
        }

        var value = ReadInt32();
        if ((uint)value >= (uint)names.Length)
        {
            Fail($"expected 0..{names.Length - 1} ({string.Join(", ", names)}), got {value}");
        }

        return value;
    }

    public DateOnly ReadDate()
    {
        var text = ReadString();
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail($"expected a date YYYY-MM-DD, got '{text}'");
        }

        return date;
    }

    /// <summary>Checks that nothing follows the top-level value.</summary>
    public readonly void ExpectEnd()
    {
        if (!_reader.End)
        {
            throw new ModelException($"unexpected data after the end of the content, at byte {_reader.Consumed} of the body");
        }
    }

    [DoesNotReturn]
    public readonly void Fail(string message) => throw CreateError(_path.ToString(), message);

    public static string Alternatives(string[] names) =>
        names.Length switch
        {
            1 => names[0],
            2 => $"{names[0]} or {names[1]}",
            _ => string.Join(", ", names, 0, names.Length - 1) + " or " + names[^1],
        };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ModelException CreateError(string path, string message) => new(path, message);

    /// <summary>
    /// Checks that the next token is wholly present and returns the bytes from it on, with its code. This is what
    /// turns a truncated file into "truncated file: expected 5 more bytes at shifts[40].end".
    /// </summary>
    private readonly ReadOnlySpan<byte> Next(out byte code)
    {
        var rest = _data[(int)_reader.Consumed..];
        if (rest.IsEmpty)
        {
            ThrowTruncated(1, atLeast: false);
        }

        var size = MsgCode.TokenSize(rest);
        if (size > rest.Length)
        {
            ThrowTruncated(size - rest.Length, atLeast: false);
        }

        code = rest[0];
        return rest;
    }

    private static string ReadStringElement(ref MsgDecoder d) => d.ReadString();

    private ReadOnlySpan<byte> ReadUtf8()
    {
        if (_reader.TryReadStringSpan(out var span))
        {
            return span;
        }

        // Only a multi-segment sequence lands here; our bodies are one array, but stay correct regardless.
        return _reader.ReadStringSequence() is { } sequence ? System.Buffers.BuffersExtensions.ToArray(sequence) : [];
    }

    [DoesNotReturn]
    private readonly void ThrowTruncated(long missing, bool atLeast)
    {
        var path = _path.ToString();
        throw new ModelException(
            $"truncated file: expected {(atLeast ? "at least " : "")}{missing} more byte{(missing == 1 ? "" : "s")} at {(path.Length == 0 ? "the top level" : path)}");
    }

    [DoesNotReturn]
    private readonly void ThrowField(ReadOnlySpan<byte> key, string message)
    {
        var name = Encoding.UTF8.GetString(key);
        throw CreateError(_path.With(name), message);
    }
}
