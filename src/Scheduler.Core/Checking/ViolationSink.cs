using System.Runtime.CompilerServices;

namespace Scheduler.Core.Checking;

/// <summary>
/// A growable buffer the checkers write violations into. Reuse one across checks: once it has grown
/// to the largest count seen, checking allocates nothing.
/// </summary>
public sealed class ViolationSink
{
    private Violation[] _items;

    /// <summary>Creates a sink with room for <paramref name="capacity"/> violations.</summary>
    public ViolationSink(int capacity = 64)
    {
        _items = new Violation[Math.Max(capacity, 4)];
    }

    /// <summary>Number of violations written since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The violations written.</summary>
    public ReadOnlySpan<Violation> Items => _items.AsSpan(0, Count);

    /// <summary>Forgets every violation, keeping the buffer.</summary>
    public void Clear() => Count = 0;

    /// <summary>Appends one violation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in Violation violation)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[Count++] = violation;
    }

    internal Span<Violation> WritableItems => _items.AsSpan(0, Count);

    internal void Truncate(int count) => Count = count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _items, _items.Length * 2);
}
