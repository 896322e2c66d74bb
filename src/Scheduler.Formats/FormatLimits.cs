namespace Scheduler.Formats;

/// <summary>
/// Limits every reader enforces before it allocates, so that a hostile or corrupt file costs at most a clear
/// error. Counts are also checked against the bytes left in the file (every element takes at least one byte).
/// </summary>
public static class FormatLimits
{
    /// <summary>Largest file a reader accepts: 512 MiB.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    /// <summary>Longest string (an id, a name, a time zone, a qualification), in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 4096;

    /// <summary>Most people in a problem.</summary>
    public const int MaxPeople = 100_000;

    /// <summary>Most activities in a problem, and so in one person's roster limits per activity.</summary>
    public const int MaxActivities = 100_000;

    /// <summary>
    /// Most shifts, absences, requests, history entries or forbidden successions in a problem (each list on its own).
    /// </summary>
    public const int MaxItems = 20_000_000;

    /// <summary>Most qualifications in one list (a person's or a shift's).</summary>
    public const int MaxQualificationsPerList = 64;

    /// <summary>Most assignments in a schedule.</summary>
    public const int MaxAssignments = 50_000_000;

    /// <summary>Deepest nesting of JSON objects and arrays (the schema needs five).</summary>
    public const int MaxJsonDepth = 16;
}
