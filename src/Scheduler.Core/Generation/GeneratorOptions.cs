using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Core.Generation;

/// <summary>
/// What <see cref="InstanceGenerator"/> makes: program size, horizon, seed, year and time zone.
/// Immutable; checked by <see cref="Validate"/> (and by <see cref="InstanceGenerator.Generate"/>).
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>Most residents or faculty a generated program may have.</summary>
    public const int MaxPeople = 2000;

    /// <summary>Most weeks a generated horizon may have (ten years, the validator's limit).</summary>
    public const int MaxWeeks = ProblemValidator.MaxDays / 7;

    /// <summary>A family-medicine sized program (12 residents, 8 faculty) over one 4-week block.</summary>
    public static GeneratorOptions Default { get; } = new();

    /// <summary>Number of residents (at least 3, one per PGY year of the smallest program).</summary>
    public int Residents { get; init; } = 12;

    /// <summary>Number of faculty. Supervision needs about one for every two residents; fewer shrinks
    /// the supervised services (ward, clinic) to what the faculty can supervise.</summary>
    public int Faculty { get; init; } = 8;

    /// <summary>Horizon length in weeks; the horizon starts at the academic year's first Thursday.</summary>
    public int Weeks { get; init; } = 4;

    /// <summary>Seed of the pseudo-random choices (leave, qualifications, requests, names).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Calendar year in which the academic year starts (it starts the first Thursday on or after July 1).</summary>
    public int StartYear { get; init; } = 2026;

    /// <summary>IANA time zone of the program.</summary>
    public string TimeZone { get; init; } = "America/New_York";

    /// <summary>Every error in the options, with the option name as path; empty when they are valid.</summary>
    public IReadOnlyList<ModelError> Validate()
    {
        var errors = new List<ModelError>();
        if (Residents is < 3 or > MaxPeople)
        {
            errors.Add(new("residents", $"expected 3..{MaxPeople}, got {Residents}"));
        }

        if (Faculty is < 1 or > MaxPeople)
        {
            errors.Add(new("faculty", $"expected 1..{MaxPeople}, got {Faculty}"));
        }

        if (Weeks is < 1 or > MaxWeeks)
        {
            errors.Add(new("weeks", $"expected 1..{MaxWeeks}, got {Weeks}"));
        }

        if (StartYear is < 1900 or > 2200)
        {
            errors.Add(new("startYear", $"expected 1900..2200, got {StartYear}"));
        }

        if (!ProgramCalendar.TryFindZone(TimeZone, out _))
        {
            errors.Add(new("timeZone", $"unknown IANA time zone '{TimeZone}'"));
        }

        return errors;
    }
}
