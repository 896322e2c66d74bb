using System.Text.Json;

namespace Scheduler.Cli;

/// <summary>Tells schedule and change files from problem files by their header, without decoding them.</summary>
internal static class FileKinds
{
    public static bool IsSchedule(ReadOnlySpan<byte> content) => Is(content, (byte)'S', "scheduler-schedule"u8);

    public static bool IsChange(ReadOnlySpan<byte> content) => Is(content, (byte)'D', "scheduler-change"u8);

    private static bool Is(ReadOnlySpan<byte> content, byte kind, ReadOnlySpan<byte> format)
    {
        if (content.Length >= 5 && content[..4].SequenceEqual("SCHD"u8))
        {
            return content[4] == kind;
        }

        try
        {
            var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFormat = reader.ValueTextEquals("format"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isFormat)
                {
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(format);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON either: let the problem reader produce the error message.
        }

        return false;
    }
}
