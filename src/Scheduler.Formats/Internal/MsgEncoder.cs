using MessagePack;

namespace Scheduler.Formats;

/// <summary>
/// Writes a value (a file's body, or one element of an array in it), positional or named, with a
/// <see cref="MessagePackWriter"/>. Pass a static method: a delegate cached once, no closure on the hot path.
/// </summary>
internal delegate void ValueWriter<T>(ref MessagePackWriter writer, T value, bool named);

/// <summary>
/// Writes the schema's shapes with a <see cref="MessagePackWriter"/>: records positional (arrays) or named (maps
/// with camelCase keys), arrays of records, enumerations and nullable integers. The writing side of
/// <see cref="MsgDecoder"/>.
/// </summary>
internal static class MsgEncoder
{
    /// <summary>Starts a record of all its fields.</summary>
    public static void BeginRecord(this ref MessagePackWriter w, bool named, FieldSet fields) => w.BeginRecord(named, fields.Count);

    /// <summary>
    /// Starts a record of <paramref name="count"/> fields: fewer than its whole field set when fields appended to it
    /// later hold their defaults and are left out, so that the bytes are what a build older than them writes.
    /// </summary>
    public static void BeginRecord(this ref MessagePackWriter w, bool named, int count)
    {
        if (named)
        {
            w.WriteMapHeader(count);
        }
        else
        {
            w.WriteArrayHeader(count);
        }
    }

    /// <summary>Writes the key of field <paramref name="index"/> (a constant of its <see cref="Schema"/> class) in a named record; nothing in a positional one.</summary>
    public static void Key(this ref MessagePackWriter w, bool named, FieldSet fields, int index)
    {
        if (named)
        {
            w.WriteString(fields.Utf8(index));
        }
    }

    /// <summary>Writes an array of <paramref name="values"/>, each with <paramref name="write"/>.</summary>
    public static void WriteArray<T>(this ref MessagePackWriter w, IReadOnlyList<T> values, bool named, ValueWriter<T> write)
    {
        w.WriteArrayHeader(values.Count);

        // By index rather than foreach: enumerating an IReadOnlyList allocates its enumerator.
        for (var i = 0; i < values.Count; i++)
        {
            write(ref w, values[i], named);
        }
    }

    /// <summary>Writes an array of strings.</summary>
    public static void WriteStrings(this ref MessagePackWriter w, IReadOnlyList<string> values) =>
        w.WriteArray(values, named: false, WriteStringElement);

    /// <summary>Writes an integer, or nil for null.</summary>
    public static void WriteNullable(this ref MessagePackWriter w, int? value)
    {
        if (value is { } v)
        {
            w.Write(v);
        }
        else
        {
            w.WriteNil();
        }
    }

    /// <summary>Writes an enumeration: its name from <paramref name="names"/> in a named record, its value in a positional one.</summary>
    public static void WriteEnum(this ref MessagePackWriter w, int value, string[] names, bool named)
    {
        if (named)
        {
            w.Write(names[value]);
        }
        else
        {
            w.Write(value);
        }
    }

    private static void WriteStringElement(ref MessagePackWriter w, string value, bool named) => w.Write(value);
}
