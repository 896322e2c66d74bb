namespace Scheduler.Core.Generation;

/// <summary>
/// How many of each service a generated program runs, sized from its residents and faculty.
/// </summary>
/// <remarks>
/// Sizing starts from a target of resident-hours of coverage a week, <see cref="TargetHoursPerResident"/>
/// times the residents, split over the services by <see cref="CallShare"/> and its siblings, then
/// converted to people per shift. At about 54 h a week per resident (60 h for those not on leave or
/// post-call) the rules bind, since the 80-hour average, four free days in 28, rest after call and
/// six-night limits leave little slack, but a compliant schedule plausibly exists, because faculty may fill
/// ward and clinic places too. Supervised services (ward teams, ICU units, clinic sites) are then cut down
/// until the faculty can supervise them.
/// </remarks>
internal sealed record ProgramShape
{
    public const double TargetHoursPerResident = 54;
    public const double CallShare = 0.22;
    public const double NightShare = 0.12;
    public const double IcuShare = 0.14;
    public const double WardShare = 0.32;
    public const double ClinicShare = 0.20;

    /// <summary>Residents per ward team (plus an attending).</summary>
    public const int WardTeamResidents = 3;

    /// <summary>Residents per ICU unit (all PGY-2+, so one intensivist supervises four).</summary>
    public const int IcuUnitResidents = 4;

    /// <summary>Resident places per clinic site and session.</summary>
    public const int ClinicSiteResidents = 6;

    /// <summary>Share of faculty free for supervised service on a given weekday (the rest: leave, admin, research).</summary>
    public const double FacultyOnServiceShare = 0.7;

    public required int Years { get; init; }

    /// <summary>Residents of PGY-1, PGY-2, ... (index 0 is PGY-1).</summary>
    public required int[] PgyCounts { get; init; }

    public required int CallSlots { get; init; }

    public required int NightSlots { get; init; }

    /// <summary>Residents per ICU unit per day, one entry per unit.</summary>
    public required int[] IcuUnits { get; init; }

    /// <summary>Residents per ward team on a weekday, one entry per team (one fewer on weekends).</summary>
    public required int[] WardTeams { get; init; }

    /// <summary>Resident places per clinic site and session, one entry per site.</summary>
    public required int[] ClinicSites { get; init; }

    /// <summary>Faculty on attending home call each night.</summary>
    public required int HomeCallAttendings { get; init; }

    /// <summary>Senior residents on backup home call on Saturday and Sunday nights.</summary>
    public required int BackupHomeCall { get; init; }

    /// <summary>Lowest PGY year taking backup home call.</summary>
    public required int BackupMinPgy { get; init; }

    public required int IcuFaculty { get; init; }

    public static int YearsFor(int residents) => residents < 40 ? 3 : residents < 120 ? 4 : 5;

    /// <summary>Preceptors planned for a clinic site with this many residents (PGY-1 need 1:2, seniors 1:4; a mix averages about 1:3).</summary>
    public static int Preceptors(int residents) => (residents + 2) / 3;

    public static ProgramShape For(int residents, int faculty)
    {
        var years = YearsFor(residents);
        var pgy = new int[years];
        for (var y = 0; y < years; y++)
        {
            pgy[y] = residents / years + (y < residents % years ? 1 : 0);
        }

        var seniors = residents - pgy[0];
        var target = residents * TargetHoursPerResident;

        // A call is 24 h plus 3 h of post-call hand-over, seven days a week.
        var call = Math.Max(1, (int)Math.Round(CallShare * target / (7 * 27)));
        // At most about half the call-frequency limit (9 in 28) on average, so that leave and rotations fit.
        call = Math.Clamp(call, 1, Math.Max(1, seniors * 9 / 56));
        var nights = Math.Clamp((int)Math.Round(NightShare * target / (7 * 12)), 1, Math.Max(1, residents / 3));
        var icu = Math.Clamp((int)Math.Round(IcuShare * target / (7 * 12)), 1, Math.Max(1, seniors / 2));
        var ward = Math.Max(1, (int)Math.Round(WardShare * target / (7 * 11)));
        // Nine sessions a week: Monday to Friday, AM and PM, except Wednesday afternoon (didactics).
        var clinic = Math.Max(1, (int)Math.Round(ClinicShare * target / (9 * 4)));

        var icuUnits = Split(icu, IcuUnitResidents);
        var supply = Math.Max(1, (int)(faculty * FacultyOnServiceShare));
        int[] wardTeams, clinicSites;
        while (true)
        {
            wardTeams = Split(ward, WardTeamResidents);
            clinicSites = Split(clinic, ClinicSiteResidents);
            var demand = wardTeams.Length + icuUnits.Length;
            foreach (var site in clinicSites)
            {
                demand += Preceptors(site);
            }

            if (demand <= supply || (ward == 1 && clinic == 1))
            {
                break;
            }

            // Too few faculty to supervise: shrink the larger supervised service by a tenth.
            if (ward >= clinic)
            {
                ward = Math.Max(1, ward - Math.Max(1, ward / 10));
            }
            else
            {
                clinic = Math.Max(1, clinic - Math.Max(1, clinic / 10));
            }
        }

        return new ProgramShape
        {
            Years = years,
            PgyCounts = pgy,
            CallSlots = call,
            NightSlots = nights,
            IcuUnits = icuUnits,
            WardTeams = wardTeams,
            ClinicSites = clinicSites,
            HomeCallAttendings = Math.Max(1, (wardTeams.Length + 3) / 4),
            BackupHomeCall = Math.Max(1, (call + 3) / 4),
            BackupMinPgy = Math.Max(2, years - 1),
            IcuFaculty = Math.Min(faculty, Math.Max(icuUnits.Length + 1, (int)Math.Round(faculty * 0.2))),
        };
    }

    /// <summary>Splits <paramref name="total"/> places into as few groups of at most <paramref name="size"/> as
    /// possible, as even as possible (larger groups first).</summary>
    private static int[] Split(int total, int size)
    {
        var groups = (total + size - 1) / size;
        var result = new int[groups];
        for (var g = 0; g < groups; g++)
        {
            result[g] = total / groups + (g < total % groups ? 1 : 0);
        }

        return result;
    }
}
