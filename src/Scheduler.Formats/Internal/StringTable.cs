using System.Text;

namespace Scheduler.Formats;

/// <summary>
/// Decodes UTF-8 strings strictly (invalid bytes are an error, not a silent U+FFFD) and hands back one instance
/// per distinct value, so the ids repeated in shifts, absences and assignments share their strings.
/// </summary>
internal sealed class StringTable
{
    // Shift ids are unique and would crowd out the repeated ones; a bound keeps the table small either way.
    private const int MaxEntries = 1 << 16;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    public StringTable()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The string for UTF-8 bytes; throws <see cref="DecoderFallbackException"/> for invalid UTF-8.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _chars.Length)
        {
            // UTF-8 never takes fewer bytes than UTF-16 code units, so the byte count bounds the char count.
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        var chars = _chars.AsSpan(0, Strict.GetChars(utf8, _chars));
        if (_lookup.TryGetValue(chars, out var value))
        {
            return value;
        }

        value = new string(chars);
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(value, value);
        }

        return value;
    }
}
