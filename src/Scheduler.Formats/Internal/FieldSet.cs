using System.Text;

namespace Scheduler.Formats;

/// <summary>
/// The fields of one record of the schema, in positional order, with their camelCase names (also as UTF-8, so
/// keys are written and matched without re-encoding) and which of them a named record must carry.
/// </summary>
internal sealed class FieldSet
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;
    private readonly int? _positionalMinimum;

    /// <param name="record">What the record is, for messages.</param>
    /// <param name="fields">Field names in positional order; a trailing '?' marks a field that may be left out of a named record.</param>
    public FieldSet(string record, params string[] fields)
    {
        Record = record;
        _names = new string[fields.Length];
        _utf8 = new byte[fields.Length][];
        for (var i = 0; i < fields.Length; i++)
        {
            var optional = fields[i].EndsWith('?');
            _names[i] = optional ? fields[i][..^1] : fields[i];
            _utf8[i] = Encoding.UTF8.GetBytes(_names[i]);
            if (!optional)
            {
                RequiredMask |= 1UL << i;
            }
        }
    }

    public string Record { get; }

    public int Count => _names.Length;

    /// <summary>
    /// Fewest fields a positional record may carry (the whole <see cref="Count"/> unless set). Fields appended to a
    /// record after its first version are optional and come last: a file written before them ends the array early,
    /// and the fields it lacks take their defaults.
    /// </summary>
    public int PositionalMinimum
    {
        get => _positionalMinimum ?? Count;
        init => _positionalMinimum = value >= 1 && value <= Count && RequiredMask >> value == 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "fields after the positional minimum must be optional");
    }

    public ulong RequiredMask { get; }

    public string Name(int index) => _names[index];

    public ReadOnlySpan<byte> Utf8(int index) => _utf8[index];

    /// <summary>The index of a field by its UTF-8 name, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        // Records have at most 17 fields: a linear scan beats hashing the key.
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (key.SequenceEqual(_utf8[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>"name, timeZone, startDate, ...", for the message about a wrong positional field count.</summary>
    public string Describe() => string.Join(", ", _names);
}
