using System.Globalization;

namespace Scheduler.Load;

/// <summary>The command line: a mode, then <c>--name value</c> pairs (and bare flags). Every option read is checked off; the rest are errors.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private Options(string mode) => Mode = mode;

    /// <summary>The first argument when it is not an option, else "load".</summary>
    public string Mode { get; }

    /// <summary>Splits the arguments; a value that starts with "--" is the next option, so a flag takes none.</summary>
    public static Options Parse(string[] args)
    {
        var start = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
        var options = new Options(start == 1 ? args[0] : "load");
        for (var i = start; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"expected an option, got '{args[i]}'");
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[args[i][2..]] = hasValue ? args[++i] : null;
        }

        return options;
    }

    /// <summary>A string option, or <paramref name="fallback"/>.</summary>
    public string? String(string name, string? fallback = null)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) ? value ?? throw new UsageException($"--{name} needs a value") : fallback;
    }

    /// <summary>A flag: present or not.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value)
            ? value is null ? true : throw new UsageException($"--{name} takes no value, got '{value}'")
            : false;
    }

    /// <summary>An integer option within [min, max].</summary>
    public long Integer(string name, long fallback, long min = 0, long max = long.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name}: expected an integer in {min}..{max}, got '{text}'");
    }

    /// <summary>A number option (seconds and the like), at least <paramref name="min"/>.</summary>
    public double Number(string name, double fallback, double min = 0)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new UsageException($"--{name}: expected a number of at least {min}, got '{text}'");
    }

    /// <summary>One of <paramref name="choices"/>.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        var value = String(name, fallback)!;
        return Array.IndexOf(choices, value) >= 0
            ? value
            : throw new UsageException($"--{name}: expected one of {string.Join(", ", choices)}, got '{value}'");
    }

    /// <summary>Throws for any option given that the mode did not read.</summary>
    public void RejectUnread()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s) for {Mode}: {string.Join(", ", unknown.Select(k => "--" + k))}");
        }
    }
}

/// <summary>A bad command line: the message says what, and the process exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
