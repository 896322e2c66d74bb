using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// The JSON twin is a lossless, schema-free transcoding of the named MessagePack form: object ⇄ map,
/// array ⇄ array, string, integer, boolean, null. The binary magic header becomes the leading
/// <c>"format"</c> and <c>"version"</c> members of the top-level object.
/// </summary>
internal static class JsonTranscoder
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // Files are read by people and editors, never embedded in HTML: keep names like "Zoë" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = FormatLimits.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Writes indented JSON for a named MessagePack body that this build produced.</summary>
    public static byte[] ToJson(ReadOnlyMemory<byte> namedBody, FileKind kind)
    {
        var buffer = new ArrayBufferWriter<byte>(namedBody.Length * 3);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var reader = new MessagePackReader(namedBody);
            var count = reader.ReadMapHeader();
            json.WriteStartObject();
            json.WriteString("format"u8, FileHeader.FormatName(kind));
            json.WriteNumber("version"u8, FileHeader.Version);
            for (var i = 0; i < count; i++)
            {
                json.WritePropertyName(Utf8(ref reader));
                CopyValue(ref reader, json);
            }

            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Parses untrusted JSON and returns the named MessagePack body, after checking "format" and "version".
    /// Throws <see cref="ModelException"/> for syntax errors (with line and position) and non-integer numbers.
    /// </summary>
    public static byte[] FromJson(ReadOnlyMemory<byte> json, FileKind kind)
    {
        if (json.Span.StartsWith(FileHeader.Utf8Bom))
        {
            json = json[FileHeader.Utf8Bom.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw InvalidJson(e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw FileHeader.BadMagic(kind);
            }

            try
            {
                CheckFormat(root, kind);
            }
            catch (InvalidOperationException)
            {
                throw new ModelException("invalid UTF-8 or escape in a top-level string");
            }

            var members = 0;
            foreach (var property in root.EnumerateObject())
            {
                if (!property.NameEquals("format"u8) && !property.NameEquals("version"u8))
                {
                    members++;
                }
            }

            var buffer = new ArrayBufferWriter<byte>(json.Length / 2 + 16);
            var writer = new MessagePackWriter(buffer);
            var path = new FieldPath();
            writer.WriteMapHeader(members);
            path.PushName();
            try
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (!property.NameEquals("format"u8) && !property.NameEquals("version"u8))
                    {
                        path.SetName(property.Name);
                        writer.Write(property.Name);
                        CopyValue(property.Value, ref writer, path);
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // The parser checks structure, not the text inside strings: decoding one found bad UTF-8 (or UTF-16 escapes).
                throw new ModelException(path.ToString(), "invalid UTF-8 or escape in a string");
            }

            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
    }

    private static void CheckFormat(JsonElement root, FileKind kind)
    {
        JsonElement? format = null, version = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("format"u8))
            {
                format = format is null ? property.Value : throw new ModelException("format", "duplicate field");
            }
            else if (property.NameEquals("version"u8))
            {
                version = version is null ? property.Value : throw new ModelException("version", "duplicate field");
            }
        }

        var expected = FileHeader.FormatName(kind);
        if (format is not { ValueKind: JsonValueKind.String } f)
        {
            throw new ModelException(
                $"not a Scheduler {FileHeader.Noun(kind)} file (it needs \"format\": \"{expected}\" at the top)");
        }

        var name = f.GetString();
        if (name != expected)
        {
            throw FileHeader.KindOfFormatName(name) is { } actual
                ? FileHeader.WrongKind(kind, actual)
                : new ModelException($"not a Scheduler {FileHeader.Noun(kind)} file (format '{name}', expected '{expected}')");
        }

        if (version is not { } v)
        {
            throw new ModelException("version", "missing field");
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var number))
        {
            throw new ModelException("version", $"expected an integer, got {Describe(v)}");
        }

        FileHeader.CheckVersion(number);
    }

    /// <summary>One JSON value as a named MessagePack body (a record of a file inside another document).</summary>
    public static byte[] FromJson(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        CopyValue(value, ref writer, new FieldPath());
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void CopyValue(JsonElement value, ref MessagePackWriter writer, FieldPath path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                path.PushName();
                foreach (var property in value.EnumerateObject())
                {
                    path.SetName(property.Name);
                    writer.Write(property.Name);
                    CopyValue(property.Value, ref writer, path);
                }

                path.Pop();
                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                path.PushIndex();
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    path.SetIndex(index++);
                    CopyValue(element, ref writer, path);
                }

                path.Pop();
                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Number:
                if (!value.TryGetInt64(out var number))
                {
                    throw new ModelException(path.ToString(), $"expected an integer, got {Describe(value)}");
                }

                writer.Write(number);
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    private static void CopyValue(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.String:
                json.WriteStringValue(Utf8(ref reader));
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (var i = 0; i < length; i++)
                {
                    CopyValue(ref reader, json);
                }

                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                var count = reader.ReadMapHeader();
                json.WriteStartObject();
                for (var i = 0; i < count; i++)
                {
                    json.WritePropertyName(Utf8(ref reader));
                    CopyValue(ref reader, json);
                }

                json.WriteEndObject();
                break;
            default:
                // The named form holds no floats, binary or extensions; this is a bug, not bad input.
                throw new InvalidOperationException($"cannot transcode MessagePack type {reader.NextMessagePackType} to JSON");
        }
    }

    private static ReadOnlySpan<byte> Utf8(ref MessagePackReader reader) =>
        reader.TryReadStringSpan(out var span) ? span
        : reader.ReadStringSequence() is { } sequence ? BuffersExtensions.ToArray(sequence) : [];

    private static string Describe(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => "a string",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.Null => "null",
            _ => "a boolean",
        };
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    private static ModelException InvalidJson(JsonException e)
    {
        // The parser's message ends with its own " LineNumber: 0 | BytePositionInLine: 5." (zero-based): say it once, one-based.
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        var line = (e.LineNumber ?? 0) + 1;
        var position = (e.BytePositionInLine ?? 0) + 1;
        return new ModelException(
            string.Create(CultureInfo.InvariantCulture, $"invalid JSON at line {line}, position {position}: {reason}"), e);
    }
}
