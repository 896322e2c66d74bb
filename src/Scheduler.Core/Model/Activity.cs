namespace Scheduler.Core.Model;

/// <summary>What a shift of an activity means to the rules.</summary>
[Flags]
public enum ActivityKinds
{
    /// <summary>Not duty, not call: breaks nothing (rare; most activities count as duty).</summary>
    None = 0,

    /// <summary>Counts toward duty hours, continuous duty and rest.</summary>
    Duty = 1,

    /// <summary>In-house call: counted by call frequency; a 24 h period holding it needs 14 h rest after.</summary>
    InHouseCall = 2,

    /// <summary>A night shift: counted by consecutive nights, by the local date it starts on.</summary>
    Night = 4,

    /// <summary>Home call: not duty, but no free day while it lasts.</summary>
    HomeCall = 8,

    /// <summary>Transition duty: counts only within the 4 extra hours of 24+4 (hand-over, education).</summary>
    Transition = 16,

    /// <summary>A clinic session: counted by the optional faculty clinic-sessions rule.</summary>
    Clinic = 32,

    /// <summary>Continuity: consecutive sessions of the activity should go to the same people (a soft objective term).</summary>
    Continuity = 64,
}

/// <summary>A kind of work: clinic, ward, ICU, in-house call, night float, home call, conference, ...</summary>
/// <param name="Id">Unique id, referenced by shifts.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kinds">How the rules treat its shifts.</param>
public sealed record Activity(string Id, string Name, ActivityKinds Kinds);
