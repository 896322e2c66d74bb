using System.Globalization;
using System.Text;

namespace Scheduler.Formats;

/// <summary>
/// The field path of the value being read, e.g. <c>shifts[3].requirement.minPeople</c>, kept as a small stack of
/// segments so that the hot path only stores a name or an index; the string is built only for an error.
/// </summary>
internal sealed class FieldPath
{
    private Segment[] _segments = new Segment[16];
    private int _depth;

    /// <summary>Pushes a slot for a field name (set it with <see cref="SetName"/>).</summary>
    public void PushName()
    {
        Grow();
        _segments[_depth++] = new Segment(null, -1);
    }

    public void SetName(string name) => _segments[_depth - 1] = new Segment(name, -1);

    /// <summary>Empties the current name slot (between the fields of a named record).</summary>
    public void ClearName() => _segments[_depth - 1] = new Segment(null, -1);

    /// <summary>Pushes a slot for an array index (set it with <see cref="SetIndex"/>).</summary>
    public void PushIndex()
    {
        Grow();
        _segments[_depth++] = new Segment(null, -1);
    }

    public void SetIndex(int index) => _segments[_depth - 1] = new Segment(null, index);

    public void Pop() => _depth--;

    public override string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var segment = _segments[i];
            if (segment.Index >= 0)
            {
                builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (segment.Name is not null)
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(segment.Name);
            }
        }

        return builder.ToString();
    }

    /// <summary>The path with one more field name appended (for "unknown field" errors).</summary>
    public string With(string name)
    {
        var parent = ToString();
        return parent.Length == 0 ? name : parent + "." + name;
    }

    private void Grow()
    {
        if (_depth == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }
    }

    private readonly record struct Segment(string? Name, int Index);
}
