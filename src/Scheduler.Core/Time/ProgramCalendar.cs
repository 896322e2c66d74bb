using NodaTime;
using NodaTime.TimeZones;
using Scheduler.Core.Model;

namespace Scheduler.Core.Time;

/// <summary>
/// Maps a program's local dates and wall-clock times (IANA zone, daylight saving included) to elapsed
/// minutes from the problem start, the local midnight of the start date. This is the loading boundary:
/// everything after it (the compiled form, checkers, encoders) sees elapsed minutes only.
/// </summary>
/// <remarks>
/// Zones come from the IANA time zone database bundled with NodaTime (<see cref="TzdbVersion"/>), not from the
/// host, so every platform knows the same zones and gives the same minutes. A local time that does not exist
/// (skipped by a spring-forward change) maps to the first instant after the gap; a local time that happens twice
/// (fall-back) maps to its first occurrence. Offsets are truncated to whole minutes.
/// </remarks>
public sealed class ProgramCalendar
{
    // Skipped local times: the instant the gap ends; repeated ones: the earlier instant (the larger offset).
    private static readonly ZoneLocalMappingResolver s_resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private readonly DateTimeZone _zone;
    private readonly Instant _origin;

    private ProgramCalendar(DateTimeZone zone, DateOnly startDate)
    {
        _zone = zone;
        StartDate = startDate;
        _origin = ToInstant(startDate.ToDateTime(TimeOnly.MinValue));
    }

    /// <summary>The version of the bundled time zone database every calendar uses, e.g. <c>2025b</c>.</summary>
    public static string TzdbVersion { get; } = TzdbDateTimeZoneSource.Default.TzdbVersion;

    /// <summary>The program's time zone.</summary>
    public DateTimeZone Zone => _zone;

    /// <summary>Local date of minute 0.</summary>
    public DateOnly StartDate { get; }

    /// <summary>Creates a calendar; throws <see cref="ModelException"/> for an unknown time zone id.</summary>
    public static ProgramCalendar Create(string timeZoneId, DateOnly startDate)
    {
        if (!TryFindZone(timeZoneId, out var zone))
        {
            throw new ModelException("timeZone", $"unknown IANA time zone '{timeZoneId}'");
        }

        return new ProgramCalendar(zone, startDate);
    }

    /// <summary>Finds an IANA time zone (or link, e.g. <c>US/Eastern</c>) by its case-sensitive id without throwing.</summary>
    public static bool TryFindZone(string? timeZoneId, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        if (string.IsNullOrWhiteSpace(timeZoneId) || DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is not { } found)
        {
            return false;
        }

        zone = found;
        return true;
    }

    /// <summary>Elapsed minutes from the problem start to the local wall-clock time given.</summary>
    public int ToMinutes(DateTime localWallClock) =>
        checked((int)Math.Floor((ToInstant(localWallClock) - _origin).TotalMinutes));

    /// <summary>Elapsed minutes from the problem start to <paramref name="time"/> on <paramref name="date"/>.</summary>
    public int ToMinutes(DateOnly date, TimeOnly time) => ToMinutes(date.ToDateTime(time));

    /// <summary>Elapsed minutes from the problem start to the local midnight that starts the given day
    /// (day 0 is the start date; negative days are history).</summary>
    public int DayStart(int day) => ToMinutes(StartDate.AddDays(day), TimeOnly.MinValue);

    /// <summary>The local wall-clock time of an elapsed minute.</summary>
    public DateTime ToLocal(int minutes) =>
        InstantOf(minutes).InZone(_zone).LocalDateTime.ToDateTimeUnspecified();

    /// <summary>The UTC instant of an elapsed minute.</summary>
    public DateTime ToUtcInstant(int minutes) => InstantOf(minutes).ToDateTimeUtc();

    /// <summary>The zone's UTC offset at an elapsed minute.</summary>
    public TimeSpan OffsetAt(int minutes) => _zone.GetUtcOffset(InstantOf(minutes)).ToTimeSpan();

    private Instant InstantOf(int minutes) => _origin + Duration.FromMinutes(minutes);

    private Instant ToInstant(DateTime localWallClock) =>
        LocalDateTime.FromDateTime(localWallClock).InZone(_zone, s_resolver).ToInstant();
}
