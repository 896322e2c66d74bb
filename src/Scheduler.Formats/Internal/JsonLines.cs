using System.Text.Json;
using Scheduler.Core.Model;

namespace Scheduler.Formats;

/// <summary>
/// Finds the line of a field path in a JSON file, so that errors in a hand-edited file say where to look:
/// "people[2].pgy: expected 1..7, got 0 (line 31)". Runs only after an error, on files small enough to edit.
/// </summary>
internal static class JsonLines
{
    private const int MaxBytes = 16 * 1024 * 1024;
    private const int MaxErrors = 100;

    /// <summary>The errors with " (line N)" appended where their path is found; the same list when none is.</summary>
    public static IReadOnlyList<ModelError> Annotate(ReadOnlySpan<byte> json, IReadOnlyList<ModelError> errors)
    {
        if (json.StartsWith(FileHeader.Utf8Bom))
        {
            json = json[FileHeader.Utf8Bom.Length..];
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < errors.Count && i < MaxErrors; i++)
        {
            if (errors[i].Path.Length > 0)
            {
                lines[errors[i].Path] = 0;
            }
        }

        if (lines.Count == 0 || json.Length > MaxBytes)
        {
            return errors;
        }

        try
        {
            Locate(json, lines);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return errors; // A name with invalid UTF-8, say: keep the errors as they are.
        }

        var annotated = new ModelError[errors.Count];
        for (var i = 0; i < errors.Count; i++)
        {
            var e = errors[i];
            annotated[i] = lines.TryGetValue(e.Path, out var line) && line > 0
                ? e with { Message = $"{e.Message} (line {line})" }
                : e;
        }

        return annotated;
    }

    private static void Locate(ReadOnlySpan<byte> json, Dictionary<string, int> lines)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = FormatLimits.MaxJsonDepth,
        });
        var path = new FieldPath();
        var inArray = new Stack<(bool IsArray, int Next)>();
        int line = 1, counted = 0, found = 0;
        while (reader.Read())
        {
            var token = reader.TokenType;
            var isValue = token is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray);
            var at = false;
            if (token == JsonTokenType.PropertyName && inArray.Count > 0)
            {
                path.SetName(reader.GetString() ?? "");
                at = true;
            }
            else if (isValue && inArray.TryPeek(out var frame) && frame.IsArray)
            {
                inArray.Pop();
                inArray.Push((true, frame.Next + 1));
                path.SetIndex(frame.Next);
                at = true;
            }

            if (at && lines.TryGetValue(path.ToString(), out var known) && known == 0)
            {
                var start = (int)reader.TokenStartIndex;
                line += json[counted..start].Count((byte)'\n');
                counted = start;
                lines[path.ToString()] = line;
                if (++found == lines.Count)
                {
                    return;
                }
            }

            switch (token)
            {
                case JsonTokenType.StartObject:
                    inArray.Push((false, 0));
                    path.PushName();
                    break;
                case JsonTokenType.StartArray:
                    inArray.Push((true, 0));
                    path.PushIndex();
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    inArray.Pop();
                    path.Pop();
                    break;
            }
        }
    }
}
