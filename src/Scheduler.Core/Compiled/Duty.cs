using System.Runtime.InteropServices;
using Scheduler.Core.Model;

namespace Scheduler.Core.Compiled;

/// <summary>
/// One interval a person works, as the per-person rules see it: an assigned shift or a history entry.
/// A person's duties are kept sorted by <see cref="Start"/>.
/// </summary>
/// <param name="Start">Start, minutes from the problem start.</param>
/// <param name="End">End (exclusive), minutes from the problem start.</param>
/// <param name="Day">Index of the local day it starts on, counted from the first history day.</param>
/// <param name="Kinds">The activity's kinds.</param>
/// <param name="Shift">The shift index, or -1 for a history entry.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Duty(int Start, int End, int Day, ActivityKinds Kinds, int Shift)
{
    /// <summary>True for history (worked before the horizon, fixed).</summary>
    public bool IsHistory => Shift < 0;

    /// <summary>True when the rules count it as duty.</summary>
    public bool IsDuty => (Kinds & ActivityKinds.Duty) != 0;

    /// <summary>True when it prevents a free day (duty or home call).</summary>
    public bool IsBusy => (Kinds & (ActivityKinds.Duty | ActivityKinds.HomeCall)) != 0;
}

/// <summary>Rule parameters of one person, program defaults with the person's overrides applied.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct PersonRules(
    bool DutyHourRules,
    int MaxDutyMinutesPerWindow,
    int MinFreeDaysPerWindow,
    int MaxContinuousDutyMinutes,
    int MaxDutyPeriodMinutes,
    int MaxCallsPerWindow,
    int MaxConsecutiveNights);
