using Scheduler.Core.Model;

namespace Scheduler.Core.Compiled;

/// <summary>A person's <see cref="RosterLimits"/> with activity ids resolved to indices; a field of -1 is off.</summary>
public sealed class CompiledRoster
{
    private readonly int[] _maxShifts;

    internal CompiledRoster(RosterLimits limits, IReadOnlyDictionary<string, int> activityIndex)
    {
        _maxShifts = new int[activityIndex.Count];
        Array.Fill(_maxShifts, -1);
        foreach (var limit in limits.MaxShifts)
        {
            _maxShifts[activityIndex[limit.ActivityId]] = limit.Max;
        }

        MinTotalMinutes = limits.MinTotalMinutes ?? -1;
        MaxTotalMinutes = limits.MaxTotalMinutes ?? -1;
        MinConsecutiveDays = limits.MinConsecutiveDays ?? -1;
        MaxConsecutiveDays = limits.MaxConsecutiveDays ?? -1;
        MinConsecutiveDaysOff = limits.MinConsecutiveDaysOff ?? -1;
        MaxWeekends = limits.MaxWeekends ?? -1;
    }

    /// <summary>Most shifts of each activity (by activity index) over the horizon; -1 where unlimited.</summary>
    public ReadOnlySpan<int> MaxShifts => _maxShifts;

    /// <summary>Fewest minutes of assigned shifts over the horizon, or -1.</summary>
    public int MinTotalMinutes { get; }

    /// <summary>Most minutes of assigned shifts over the horizon, or -1.</summary>
    public int MaxTotalMinutes { get; }

    /// <summary>Fewest working days in a row, or -1.</summary>
    public int MinConsecutiveDays { get; }

    /// <summary>Most working days in a row, or -1.</summary>
    public int MaxConsecutiveDays { get; }

    /// <summary>Fewest days off in a row, or -1.</summary>
    public int MinConsecutiveDaysOff { get; }

    /// <summary>Most weekends worked, or -1.</summary>
    public int MaxWeekends { get; }
}
