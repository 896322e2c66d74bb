using Scheduler.Core.Model;

namespace Scheduler.Core.Time;

/// <summary>
/// Maps a program's local dates and wall-clock times (IANA zone, daylight saving included) to elapsed
/// minutes from the problem start, the local midnight of the start date. This is the loading boundary:
/// everything after it (the compiled form, checkers, encoders) sees elapsed minutes only.
/// </summary>
/// <remarks>
/// A local time that does not exist (skipped by a spring-forward change) maps to the first instant after
/// the gap; a local time that happens twice (fall-back) maps to its first occurrence. Offsets are
/// truncated to whole minutes.
/// </remarks>
public sealed class ProgramCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly DateTime _originUtc;

    private ProgramCalendar(TimeZoneInfo zone, DateOnly startDate)
    {
        _zone = zone;
        StartDate = startDate;
        _originUtc = ToUtc(startDate.ToDateTime(TimeOnly.MinValue));
    }

    /// <summary>The program's time zone.</summary>
    public TimeZoneInfo Zone => _zone;

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

    /// <summary>Finds an IANA time zone by id without throwing.</summary>
    public static bool TryFindZone(string timeZoneId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>Elapsed minutes from the problem start to the local wall-clock time given.</summary>
    public int ToMinutes(DateTime localWallClock) =>
        checked((int)Math.Floor((ToUtc(DateTime.SpecifyKind(localWallClock, DateTimeKind.Unspecified)) - _originUtc).TotalMinutes));

    /// <summary>Elapsed minutes from the problem start to <paramref name="time"/> on <paramref name="date"/>.</summary>
    public int ToMinutes(DateOnly date, TimeOnly time) => ToMinutes(date.ToDateTime(time));

    /// <summary>Elapsed minutes from the problem start to the local midnight that starts the given day
    /// (day 0 is the start date; negative days are history).</summary>
    public int DayStart(int day) => ToMinutes(StartDate.AddDays(day), TimeOnly.MinValue);

    /// <summary>The local wall-clock time of an elapsed minute.</summary>
    public DateTime ToLocal(int minutes) =>
        TimeZoneInfo.ConvertTimeFromUtc(_originUtc.AddMinutes(minutes), _zone);

    /// <summary>The UTC instant of an elapsed minute.</summary>
    public DateTime ToUtcInstant(int minutes) => _originUtc.AddMinutes(minutes);

    private DateTime ToUtc(DateTime local)
    {
        if (_zone.IsInvalidTime(local))
        {
            // Skipped by a spring-forward change: step to the first valid minute after the gap.
            var probe = local;
            do
            {
                probe = probe.AddMinutes(1);
            }
            while (_zone.IsInvalidTime(probe));
            return TimeZoneInfo.ConvertTimeToUtc(probe, _zone);
        }

        if (_zone.IsAmbiguousTime(local))
        {
            // Happens twice (fall-back): take the first occurrence, the one with the larger offset.
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            var offset = offsets.Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, _zone);
    }
}
