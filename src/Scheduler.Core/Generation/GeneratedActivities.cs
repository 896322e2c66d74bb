using Scheduler.Core.Model;

namespace Scheduler.Core.Generation;

/// <summary>The activities of a generated program, their ids and how the rules treat them.</summary>
public static class GeneratedActivities
{
    /// <summary>Outpatient clinic half-day session (duty, supervised; continuity: AM and PM with the same people).</summary>
    public const string Clinic = "clinic";

    /// <summary>Inpatient ward day (duty, supervised).</summary>
    public const string Ward = "ward";

    /// <summary>Intensive care unit day (duty, supervised, needs the ICU qualification).</summary>
    public const string Icu = "icu";

    /// <summary>24-hour in-house call (duty, in-house call).</summary>
    public const string InHouseCall = "call";

    /// <summary>Hand-over after in-house call (duty, transition: within the 4 extra hours of 24+4).</summary>
    public const string PostCall = "post-call";

    /// <summary>Night float night (duty, night).</summary>
    public const string NightFloat = "night-float";

    /// <summary>Home call (not duty; no free day while it lasts).</summary>
    public const string HomeCall = "home-call";

    /// <summary>Didactics / conference (duty).</summary>
    public const string Conference = "conference";

    /// <summary>Qualification needed for ICU shifts: PGY-2+ residents and intensivist faculty hold it.</summary>
    public const string IcuQualification = "icu";

    /// <summary>Qualification needed for the procedure clinic.</summary>
    public const string ProceduresQualification = "procedures";

    /// <summary>All activities, in the order a generated problem lists them.</summary>
    public static IReadOnlyList<Activity> All { get; } =
    [
        new(Clinic, "Clinic", ActivityKinds.Duty | ActivityKinds.Clinic | ActivityKinds.Continuity),
        new(Ward, "Inpatient ward", ActivityKinds.Duty),
        new(Icu, "Intensive care unit", ActivityKinds.Duty),
        new(InHouseCall, "In-house call", ActivityKinds.Duty | ActivityKinds.InHouseCall),
        new(PostCall, "Post-call transition", ActivityKinds.Duty | ActivityKinds.Transition),
        new(NightFloat, "Night float", ActivityKinds.Duty | ActivityKinds.Night),
        new(HomeCall, "Home call", ActivityKinds.HomeCall),
        new(Conference, "Conference", ActivityKinds.Duty),
    ];
}
