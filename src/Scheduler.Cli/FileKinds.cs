using System.Text.Json;

namespace Scheduler.Cli;

/// <summary>Tells a schedule file from a problem file by its header, without decoding it.</summary>
internal static class FileKinds
{
    public static bool IsSchedule(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 5 && content[..4].SequenceEqual("SCHD"u8))
        {
            return content[4] == (byte)'S';
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
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("scheduler-schedule"u8);
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
