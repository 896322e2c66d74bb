using System.Buffers.Binary;
using System.Globalization;

namespace Scheduler.Formats;

/// <summary>
/// Facts about MessagePack type codes, read straight from the bytes so that a reader can check that a token is
/// complete, and what type it has, before <see cref="MessagePack.MessagePackReader"/> touches it.
/// </summary>
internal static class MsgCode
{
    public const byte Nil = 0xc0;
    public const byte UInt64 = 0xcf;

    public static bool IsInteger(byte code) =>
        code <= 0x7f || code >= 0xe0 || code is >= 0xcc and <= 0xd3;

    public static bool IsString(byte code) => code is >= 0xa0 and <= 0xbf or >= 0xd9 and <= 0xdb;

    public static bool IsArray(byte code) => code is >= 0x90 and <= 0x9f or 0xdc or 0xdd;

    public static bool IsMap(byte code) => code is >= 0x80 and <= 0x8f or 0xde or 0xdf;

    public static bool IsBoolean(byte code) => code is 0xc2 or 0xc3;

    /// <summary>What a code is, for messages ("expected an integer, got a string").</summary>
    public static string Describe(byte code) =>
        code switch
        {
            _ when IsInteger(code) => "an integer",
            _ when IsString(code) => "a string",
            _ when IsArray(code) => "an array",
            _ when IsMap(code) => "an object",
            _ when IsBoolean(code) => "a boolean",
            Nil => "null",
            0xca or 0xcb => "a floating-point number",
            >= 0xc4 and <= 0xc6 => "binary data",
            >= 0xc7 and <= 0xc9 or >= 0xd4 and <= 0xd8 => "an extension value",
            _ => "the invalid byte 0x" + code.ToString("x2", CultureInfo.InvariantCulture),
        };

    /// <summary>
    /// Bytes the next token needs: its whole encoding for scalars, strings, binary and extensions, its header only
    /// for arrays and maps. When the bytes holding a length are themselves missing, the header's length.
    /// </summary>
    public static long TokenSize(ReadOnlySpan<byte> rest)
    {
        var code = rest[0];
        if (code <= 0x9f || code >= 0xe0)
        {
            return 1; // positive/negative fixint, fixmap, fixarray
        }

        if (code <= 0xbf)
        {
            return 1 + (code & 0x1f); // fixstr
        }

        return code switch
        {
            0xc4 or 0xd9 => Sized(rest, 1, 1),
            0xc5 or 0xda => Sized(rest, 1, 2),
            0xc6 or 0xdb => Sized(rest, 1, 4),
            0xc7 => Sized(rest, 2, 1),
            0xc8 => Sized(rest, 2, 2),
            0xc9 => Sized(rest, 2, 4),
            0xca => 5,
            0xcb => 9,
            0xcc or 0xd0 => 2,
            0xcd or 0xd1 => 3,
            0xce or 0xd2 => 5,
            0xcf or 0xd3 => 9,
            0xd4 => 3,
            0xd5 => 4,
            0xd6 => 6,
            0xd7 => 10,
            0xd8 => 18,
            0xdc or 0xde => 3,
            0xdd or 0xdf => 5,
            _ => 1, // nil, booleans, the never-used 0xc1
        };
    }

    /// <summary>The element (or entry) count of an array or map header and the header's length; the header must be complete.</summary>
    public static uint ContainerCount(ReadOnlySpan<byte> rest, out int headerLength)
    {
        var code = rest[0];
        switch (code)
        {
            case 0xdc or 0xde:
                headerLength = 3;
                return BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
            case 0xdd or 0xdf:
                headerLength = 5;
                return BinaryPrimitives.ReadUInt32BigEndian(rest[1..]);
            default:
                headerLength = 1;
                return (uint)(code & 0x0f);
        }
    }

    /// <summary>The byte length of a string token's payload; the header must be complete.</summary>
    public static long StringLength(ReadOnlySpan<byte> rest) =>
        rest[0] switch
        {
            0xd9 => rest[1],
            0xda => BinaryPrimitives.ReadUInt16BigEndian(rest[1..]),
            0xdb => BinaryPrimitives.ReadUInt32BigEndian(rest[1..]),
            var c => c & 0x1f,
        };

    // A token with a length field of `width` bytes after `prefix` bytes (code, and the ext type byte).
    private static long Sized(ReadOnlySpan<byte> rest, int prefix, int width)
    {
        var header = 1 + width + (prefix - 1);
        if (rest.Length < 1 + width)
        {
            return header;
        }

        var length = width switch
        {
            1 => rest[1],
            2 => BinaryPrimitives.ReadUInt16BigEndian(rest[1..]),
            _ => (long)BinaryPrimitives.ReadUInt32BigEndian(rest[1..]),
        };
        return header + length;
    }
}
