using System.Globalization;
using Google.OrTools.Sat;
using Google.Protobuf.Reflection;

namespace Scheduler.Solver;

/// <summary>
/// Checks extra CP-SAT parameters (<see cref="SolverOptions.CpSatParameters"/>) before CP-SAT sees them: CP-SAT
/// aborts the whole process on a parameter string it cannot parse, so a typo must be refused here instead.
/// </summary>
internal static class CpSatParameters
{
    /// <summary>
    /// Throws unless the text is <c>name:value</c> pairs separated by white space, each name a scalar field of
    /// CP-SAT's SatParameters (only repeated ones may appear more than once) and each value of the field's type:
    /// true or false, an integer, a number, an enum value's name, or a double-quoted string.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not such a list; the message names the first bad pair.</exception>
    public static void Validate(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in Pairs(text))
        {
            if (Problem(pair, seen) is { } problem)
            {
                throw new ArgumentException($"CP-SAT parameter '{pair}': {problem}");
            }
        }
    }

    /// <summary>
    /// Scheduler's own parameters followed by the caller's (validated) ones, leaving out each of its own that the
    /// caller sets: CP-SAT refuses a field given twice.
    /// </summary>
    public static string Merge(IEnumerable<string> own, string? extra)
    {
        var theirs = Pairs(extra ?? string.Empty).ToList();
        var overridden = theirs.Select(Name).ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', own.SelectMany(Pairs).Where(p => !overridden.Contains(Name(p))).Concat(theirs));
    }

    private static string[] Pairs(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Name(string pair) => pair.Split(':', 2)[0];

    // What is wrong with one pair, or null; seen holds the names of the pairs before it.
    private static string? Problem(string pair, HashSet<string> seen)
    {
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == pair.Length - 1)
        {
            return "expected name:value with no spaces around the colon";
        }

        var name = pair[..colon];
        var value = pair[(colon + 1)..];
        if (SatParameters.Descriptor.FindFieldByName(name) is not { } field)
        {
            return $"SatParameters has no field '{name}'";
        }

        var ok = field.FieldType switch
        {
            FieldType.Bool => value is "true" or "false",
            FieldType.Int32 or FieldType.Int64 or FieldType.SInt32 or FieldType.SInt64 or FieldType.SFixed32 or FieldType.SFixed64 =>
                long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            FieldType.UInt32 or FieldType.UInt64 or FieldType.Fixed32 or FieldType.Fixed64 =>
                ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            FieldType.Double or FieldType.Float =>
                double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number),
            FieldType.Enum => field.EnumType.FindValueByName(value) is not null,
            FieldType.String => value.Length >= 2 && value[0] == '"' && value[^1] == '"' && value.IndexOf('"', 1) == value.Length - 1,
            _ => false,
        };

        if (!ok)
        {
            return $"expected {Expected(field)} for {name}";
        }

        return !seen.Add(name) && !field.IsRepeated ? "given twice (only repeated fields may be)" : null;
    }

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => "true or false",
        FieldType.Double or FieldType.Float => "a number",
        FieldType.Enum => "one of " + string.Join(", ", field.EnumType.Values.Select(v => v.Name)),
        FieldType.String => "a double-quoted string without spaces",
        FieldType.Message or FieldType.Group => "nothing: message fields cannot be set here",
        FieldType.UInt32 or FieldType.UInt64 or FieldType.Fixed32 or FieldType.Fixed64 => "a non-negative integer",
        _ => "an integer",
    };
}
