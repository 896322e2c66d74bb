using System.Globalization;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Core.Generation;

/// <summary>
/// Generates realistic residency-program problems: an academic year of 28-day blocks (Thursday to
/// Wednesday) from the first Thursday on or after July 1, residents by PGY year, faculty with
/// qualifications, clinic half-days, ward and ICU days, 24-hour in-house call with post-call hand-over,
/// night float, home call, didactics, leave and requests. Deterministic: the same options give the same
/// problem on every machine and .NET version.
/// </summary>
/// <remarks>
/// Shift times are local wall-clock times converted with <see cref="ProgramCalendar"/>, so a night float
/// or call across a daylight-saving change is an hour shorter or longer in elapsed time. How many people
/// each service needs is sized from the number of residents and faculty: enough that the duty-hour rules
/// bind, not so much that no compliant schedule exists.
/// </remarks>
public static class InstanceGenerator
{
    /// <summary>Rounds of <c>FitClinics</c> at most (each lowers every clinic session a capacity finding names by one place).</summary>
    private const int MaxFitRounds = 64;

    /// <summary>Days in an academic block.</summary>
    public const int BlockDays = 28;

    /// <summary>The first day of the academic year starting in <paramref name="year"/>: the first Thursday on or after July 1.</summary>
    public static DateOnly AcademicYearStart(int year)
    {
        var july1 = new DateOnly(year, 7, 1);
        var offset = ((int)DayOfWeek.Thursday - (int)july1.DayOfWeek + 7) % 7;
        return july1.AddDays(offset);
    }

    /// <summary>
    /// The objective of generated programs: their coverage asks for more than the people can always give
    /// (as real programs do), so coverage is soft, each person short costing 100, far above any other term.
    /// </summary>
    public static ObjectiveWeights Objective { get; } = new() { SoftRules = [new SoftRule(Checking.RuleId.Coverage, 100)] };

    /// <summary>Generates a problem; throws <see cref="ModelException"/> listing every invalid option.</summary>
    public static Problem Generate(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ModelException(errors);
        }

        return new Builder(options).Build();
    }

    private sealed class Builder
    {
        private const ulong PeopleStream = 1;
        private const ulong LeaveStream = 2;
        private const ulong RequestStream = 3;

        private static readonly string[] FirstNames =
        [
            "Aisha", "Ben", "Carmen", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kiran", "Lena",
            "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wei", "Yara", "Zoe",
        ];

        private static readonly string[] LastNames =
        [
            "Adeyemi", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad", "Ito", "Jensen",
            "Kowalski", "Lindqvist", "Mensah", "Nakamura", "Okafor", "Patel", "Quintero", "Rossi", "Schmidt",
            "Tanaka", "Uddin", "Varga", "Walsh", "Yilmaz", "Zhang",
        ];

        private readonly GeneratorOptions _options;
        private readonly ProgramShape _shape;
        private readonly ProgramCalendar _calendar;
        private readonly DateOnly _start;
        private readonly int _days;
        private readonly List<Person> _people = [];
        private readonly List<Shift> _shifts = [];

        // Shift indices by purpose, for requests.
        private readonly List<int> _callShifts = [];
        private readonly List<int> _nightShifts = [];
        private readonly List<int> _clinicShifts = [];
        private readonly List<int> _homeCallShifts = [];

        // Per person (index into _people): absent local days [From, To).
        private List<(int From, int To, AbsenceKind Kind)>[] _absentDays = [];

        public Builder(GeneratorOptions options)
        {
            _options = options;
            _shape = ProgramShape.For(options.Residents, options.Faculty);
            _start = AcademicYearStart(options.StartYear);
            _days = options.Weeks * 7;
            _calendar = ProgramCalendar.Create(options.TimeZone, _start);
        }

        public Problem Build()
        {
            BuildPeople();
            BuildShifts();
            var absences = BuildAbsences();
            var requests = BuildRequests();
            return FitClinics(new Problem
            {
                Name = string.Create(
                    CultureInfo.InvariantCulture,
                    $"generated-r{_options.Residents}-f{_options.Faculty}-w{_options.Weeks}-s{_options.Seed}"),
                TimeZone = _options.TimeZone,
                StartDate = _start,
                HorizonDays = _days,
                HistoryDays = 0,
                Rules = ProgramRules.Acgme,
                Objective = Objective,
                People = _people.ToArray(),
                Activities = GeneratedActivities.All,
                Shifts = _shifts.ToArray(),
                Absences = absences,
                Requests = requests,
                History = [],
            });
        }

        /// <summary>
        /// Runs clinic sessions with fewer places where the capacity checks (<see cref="CapacityChecks"/>) find that no
        /// schedule can staff them: a session whose preceptors are on leave, or that competes with the wards for the
        /// people left that half-day. Each round lowers the minimum of one clinic session of each finding (the one
        /// with the most places) by one, until no finding names a clinic session.
        /// </summary>
        private static Problem FitClinics(Problem problem)
        {
            for (var round = 0; round < MaxFitRounds; round++)
            {
                var compiled = CompiledProblem.Compile(problem);
                var lower = new HashSet<string>(StringComparer.Ordinal);
                foreach (var finding in CapacityChecks.Run(compiled).Findings)
                {
                    if (!finding.IsStaffing)
                    {
                        continue;
                    }

                    var clinic = -1;
                    foreach (var s in finding.Shifts)
                    {
                        if ((compiled.ShiftKinds[s] & ActivityKinds.Clinic) != 0 && compiled.MinPeople[s] > 0
                            && (clinic < 0 || compiled.MinPeople[s] > compiled.MinPeople[clinic]))
                        {
                            clinic = s;
                        }
                    }

                    if (clinic >= 0)
                    {
                        lower.Add(compiled.ShiftId(clinic));
                    }
                }

                if (lower.Count == 0)
                {
                    break;
                }

                problem = problem with
                {
                    Shifts = [.. problem.Shifts.Select(x => lower.Contains(x.Id) ? x with { Requirement = x.Requirement with { MinPeople = x.Requirement.MinPeople - 1 } } : x)],
                };
            }

            return problem;
        }

        private void BuildPeople()
        {
            var rng = SplitMix64.ForStream(_options.Seed, PeopleStream);
            var residents = _options.Residents;
            var faculty = _options.Faculty;
            var seniors = residents - _shape.PgyCounts[0];

            // Half the seniors (at least two) have done the procedures course.
            var seniorOrder = Sequence(seniors);
            rng.Shuffle(seniorOrder);
            var proceduresSenior = new bool[seniors];
            for (var i = 0; i < Math.Min(seniors, Math.Max(2, (seniors + 1) / 2)); i++)
            {
                proceduresSenior[seniorOrder[i]] = true;
            }

            var width = Math.Max(3, Math.Max(residents, faculty).ToString(CultureInfo.InvariantCulture).Length);
            var n = 0;
            for (var y = 0; y < _shape.Years; y++)
            {
                for (var k = 0; k < _shape.PgyCounts[y]; k++)
                {
                    List<string> qualifications = [];
                    if (y >= 1)
                    {
                        qualifications.Add(GeneratedActivities.IcuQualification);
                        if (proceduresSenior[n - _shape.PgyCounts[0]])
                        {
                            qualifications.Add(GeneratedActivities.ProceduresQualification);
                        }
                    }

                    n++;
                    _people.Add(new Person(
                        "res-" + n.ToString("D" + width, CultureInfo.InvariantCulture),
                        Name(ref rng, ""),
                        Role.Resident,
                        y + 1,
                        qualifications.ToArray()));
                }
            }

            var icuOrder = Sequence(faculty);
            rng.Shuffle(icuOrder);
            var icu = new bool[faculty];
            for (var i = 0; i < _shape.IcuFaculty; i++)
            {
                icu[icuOrder[i]] = true;
            }

            var proceduresOrder = Sequence(faculty);
            rng.Shuffle(proceduresOrder);
            var procedures = new bool[faculty];
            for (var i = 0; i < Math.Max(1, (int)Math.Round(faculty * 0.3)); i++)
            {
                procedures[proceduresOrder[i]] = true;
            }

            for (var f = 0; f < faculty; f++)
            {
                List<string> qualifications = [];
                if (icu[f])
                {
                    qualifications.Add(GeneratedActivities.IcuQualification);
                }

                if (procedures[f])
                {
                    qualifications.Add(GeneratedActivities.ProceduresQualification);
                }

                _people.Add(new Person(
                    "fac-" + (f + 1).ToString("D" + width, CultureInfo.InvariantCulture),
                    Name(ref rng, "Dr. "),
                    Role.Faculty,
                    0,
                    qualifications.ToArray()));
            }
        }

        private static string Name(ref SplitMix64 rng, string prefix) =>
            prefix + FirstNames[rng.Next(FirstNames.Length)] + " " + LastNames[rng.Next(LastNames.Length)];

        private static int[] Sequence(int count)
        {
            var result = new int[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = i;
            }

            return result;
        }

        private void BuildShifts()
        {
            var years = _shape.Years;
            var clinic = new Eligibility(true, true, 1, years, []);
            var ward = clinic;
            var didactics = clinic;
            var icu = new Eligibility(true, true, 2, years, [GeneratedActivities.IcuQualification]);
            var procedures = new Eligibility(true, true, 2, years, [GeneratedActivities.ProceduresQualification]);
            var call = new Eligibility(true, false, 2, years, []);
            var nights = new Eligibility(true, false, 1, years, []);
            var attending = new Eligibility(false, true, 1, years, []);
            var backup = new Eligibility(true, false, _shape.BackupMinPgy, years, []);
            var callSlots = _shape.CallSlots;
            var everyone = Math.Min(1000, _options.Residents + _options.Faculty);

            for (var d = 0; d < _days; d++)
            {
                var date = _start.AddDays(d);
                var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var dow = date.DayOfWeek;
                var weekend = dow is DayOfWeek.Saturday or DayOfWeek.Sunday;

                // The hand-over from the end of yesterday's call to 10:00; none on the first day (no call before it).
                if (d > 0)
                {
                    _shifts.Add(new Shift($"{day}/post-call/am", GeneratedActivities.PostCall, CallEnd(d - 1),
                        _calendar.ToMinutes(date, new TimeOnly(10, 0)), new(callSlots, callSlots, call, false)));
                }

                _callShifts.Add(_shifts.Count);
                _shifts.Add(new Shift($"{day}/call/24h", GeneratedActivities.InHouseCall, CallStart(d), CallEnd(d),
                    new(callSlots, callSlots, call, false)));

                for (var t = 0; t < _shape.WardTeams.Length; t++)
                {
                    // Weekend rounds run with one resident fewer per team.
                    var residents = weekend ? Math.Max(1, _shape.WardTeams[t] - 1) : _shape.WardTeams[t];
                    Add($"{day}/ward-{t + 1}/day", GeneratedActivities.Ward, d, 7, 0, 18, new(residents + 1, residents + 2, ward, true));
                }

                for (var u = 0; u < _shape.IcuUnits.Length; u++)
                {
                    var residents = _shape.IcuUnits[u];
                    Add($"{day}/icu-{u + 1}/day", GeneratedActivities.Icu, d, 7, 0, 19, new(residents + 1, residents + 2, icu, true));
                }

                if (!weekend)
                {
                    for (var s = 0; s < _shape.ClinicSites.Length; s++)
                    {
                        var residents = _shape.ClinicSites[s];
                        var people = residents + ProgramShape.Preceptors(residents);
                        // Two spare exam rooms: capacity is the maximum.
                        var requirement = new Requirement(people, people + 2, clinic, true);
                        var site = SiteName(s);
                        _clinicShifts.Add(_shifts.Count);
                        Add($"{day}/clinic-{site}/am", GeneratedActivities.Clinic, d, 8, 0, 12, requirement);
                        if (dow != DayOfWeek.Wednesday)
                        {
                            _clinicShifts.Add(_shifts.Count);
                            Add($"{day}/clinic-{site}/pm", GeneratedActivities.Clinic, d, 13, 0, 17, requirement);
                        }
                    }

                    if (dow == DayOfWeek.Tuesday)
                    {
                        Add($"{day}/clinic-proc/pm", GeneratedActivities.Clinic, d, 13, 0, 17, new(2, 4, procedures, true));
                    }

                    if (dow == DayOfWeek.Wednesday)
                    {
                        // Protected didactics: a quarter of the residents at least (the rest are on wards,
                        // ICU, nights or post-call), faculty teach.
                        var min = Math.Min(everyone, (_options.Residents + 3) / 4);
                        Add($"{day}/didactics/pm", GeneratedActivities.Conference, d, 13, 0, 17, new(min, everyone, didactics, false));
                    }
                }

                _homeCallShifts.Add(_shifts.Count);
                Add($"{day}/home-call/attending", GeneratedActivities.HomeCall, d, 17, 1, 8,
                    new(_shape.HomeCallAttendings, _shape.HomeCallAttendings, attending, false));
                if (weekend)
                {
                    Add($"{day}/home-call/backup", GeneratedActivities.HomeCall, d, 17, 1, 8,
                        new(_shape.BackupHomeCall, _shape.BackupHomeCall, backup, false));
                }

                _nightShifts.Add(_shifts.Count);
                Add($"{day}/night-float/night", GeneratedActivities.NightFloat, d, 19, 1, 7,
                    new(_shape.NightSlots, _shape.NightSlots, nights, false));
            }
        }

        private int CallStart(int day) => _calendar.ToMinutes(_start.AddDays(day), new TimeOnly(7, 0));

        // 07:00 to 07:00, but never over 24 elapsed hours: on the fall-back night the call ends at 06:00, as
        // programs do, so that it stays within 24 + 4 (on the spring-forward night it is 23 h).
        private int CallEnd(int day) =>
            Math.Min(_calendar.ToMinutes(_start.AddDays(day + 1), new TimeOnly(7, 0)), CallStart(day) + 24 * 60);

        /// <summary>Adds a shift from <paramref name="startHour"/>:00 on day <paramref name="day"/> to
        /// <paramref name="endHour"/>:00 on the day <paramref name="endDayOffset"/> days later (local time).</summary>
        private void Add(string id, string activity, int day, int startHour, int endDayOffset, int endHour, Requirement requirement)
        {
            var start = _calendar.ToMinutes(_start.AddDays(day), new TimeOnly(startHour, 0));
            var end = _calendar.ToMinutes(_start.AddDays(day + endDayOffset), new TimeOnly(endHour, 0));
            _shifts.Add(new Shift(id, activity, start, end, requirement));
        }

        /// <summary>a, b, ..., z, aa, ab, ... (spreadsheet column names).</summary>
        private static string SiteName(int index)
        {
            var name = "";
            for (var i = index + 1; i > 0; i = (i - 1) / 26)
            {
                name = (char)('a' + (i - 1) % 26) + name;
            }

            return name;
        }

        private Absence[] BuildAbsences()
        {
            var rng = SplitMix64.ForStream(_options.Seed, LeaveStream);
            var residents = _options.Residents;
            var faculty = _options.Faculty;
            _absentDays = new List<(int, int, AbsenceKind)>[_people.Count];
            for (var i = 0; i < _absentDays.Length; i++)
            {
                _absentDays[i] = [];
            }

            // Leave is planned for whole academic years even when the horizon is shorter, so a 4-week
            // horizon sees the residents whose leave falls in it.
            var years = (_options.Weeks + 51) / 52;
            var residentLoad = new int[years * 52];
            var facultyLoad = new int[years * 52];
            var residentCap = Math.Max(1, (residents * 3 + 51) / 52);
            var facultyCap = Math.Max(1, (faculty * 5 + 51) / 52);
            for (var p = 0; p < _people.Count; p++)
            {
                var person = _people[p];
                var isResident = person.Role == Role.Resident;
                for (var y = 0; y < years; y++)
                {
                    // Residents: a week or two of vacation a year (none in an intern's first block,
                    // orientation); faculty: two or three.
                    var weeks = isResident ? 1 + rng.Next(2) : 2 + rng.Next(2);
                    var first = y * 52 + (isResident && person.Pgy == 1 ? 4 : 0);
                    for (var k = 0; k < weeks; k++)
                    {
                        var load = isResident ? residentLoad : facultyLoad;
                        var cap = isResident ? residentCap : facultyCap;
                        var week = PickWeek(ref rng, first, y * 52 + 52, load, cap, p);
                        load[week]++;
                        // Monday to Sunday of that Thursday-to-Wednesday week: with the weekends
                        // around it, a real week away.
                        AddAbsentDays(p, week * 7 + 4, week * 7 + 11, AbsenceKind.Leave);
                    }

                    // Conferences away: most faculty (Wednesday to Friday) and some seniors (Thursday, Friday).
                    if (isResident ? person.Pgy >= 2 && rng.Chance(0.25) : rng.Chance(0.5))
                    {
                        var week = rng.Next(y * 52, y * 52 + 52);
                        var from = week * 7 + (isResident ? 7 : 6);
                        AddAbsentDays(p, from, week * 7 + 9, AbsenceKind.Conference);
                    }
                }

                // Now and then a day or two of sick leave.
                for (var block = 0; block * BlockDays < _days; block++)
                {
                    if (rng.Chance(0.03))
                    {
                        var from = block * BlockDays + rng.Next(BlockDays);
                        AddAbsentDays(p, from, from + 1 + rng.Next(2), AbsenceKind.Sick);
                    }
                }
            }

            var absences = new List<Absence>();
            for (var p = 0; p < _people.Count; p++)
            {
                var list = _absentDays[p];
                list.Sort((a, b) => a.From.CompareTo(b.From));
                foreach (var (from, to, kind) in list)
                {
                    absences.Add(new Absence(_people[p].Id, kind, _calendar.DayStart(from), _calendar.DayStart(to)));
                }
            }

            return absences.ToArray();
        }

        private int PickWeek(ref SplitMix64 rng, int from, int to, int[] load, int cap, int person)
        {
            var week = rng.Next(from, to);
            for (var attempt = 0; attempt < 32; attempt++)
            {
                if (load[week] < cap && !Overlaps(person, week * 7 + 4, week * 7 + 11))
                {
                    break;
                }

                week = rng.Next(from, to);
            }

            return week;
        }

        /// <summary>Records an absence clipped to the horizon, unless it is empty or overlaps another of the person.</summary>
        private void AddAbsentDays(int person, int from, int to, AbsenceKind kind)
        {
            from = Math.Max(from, 0);
            to = Math.Min(to, _days);
            if (from < to && !Overlaps(person, from, to))
            {
                _absentDays[person].Add((from, to, kind));
            }
        }

        private bool Overlaps(int person, int from, int to)
        {
            foreach (var (f, t, _) in _absentDays[person])
            {
                if (from < t && f < to)
                {
                    return true;
                }
            }

            return false;
        }

        private Request[] BuildRequests()
        {
            var rng = SplitMix64.ForStream(_options.Seed, RequestStream);
            var residents = _options.Residents;
            var count = Math.Max(4, residents * _options.Weeks / 8);
            var requests = new List<Request>(count);
            var seen = new HashSet<(int Person, int Shift, int Day)>();
            for (var attempt = 0; requests.Count < count && attempt < 4 * count; attempt++)
            {
                var p = rng.Chance(0.85) ? rng.Next(residents) : residents + rng.Next(_options.Faculty);
                var person = _people[p];
                var weight = rng.Next(1, 11);
                var roll = rng.Next(100);
                int shift = -1, day;
                RequestKind kind;
                if (roll < 50)
                {
                    // A day off (a wedding, a move) or, less often, a day they want to work.
                    kind = roll < 40 ? RequestKind.Avoid : RequestKind.Want;
                    day = rng.Next(_days);
                }
                else
                {
                    List<int> pool;
                    if (roll < 75)
                    {
                        // Rather not: a call or a night for residents, attending home call for faculty.
                        kind = RequestKind.Avoid;
                        pool = person.Role == Role.Faculty ? _homeCallShifts : person.Pgy >= 2 ? _callShifts : _nightShifts;
                    }
                    else
                    {
                        // Would like: a clinic session (continuity with their patients).
                        kind = RequestKind.Want;
                        pool = _clinicShifts;
                    }

                    if (pool.Count == 0)
                    {
                        continue;
                    }

                    shift = pool[rng.Next(pool.Count)];
                    day = DayOf(_shifts[shift].Start);
                }

                if (Overlaps(p, day, day + 1) || !seen.Add((p, shift, shift < 0 ? day : -1)))
                {
                    continue;
                }

                requests.Add(shift < 0
                    ? new Request(person.Id, kind, null, day, weight)
                    : new Request(person.Id, kind, _shifts[shift].Id, null, weight));
            }

            return requests.ToArray();
        }

        private int DayOf(int minutes) => _calendar.ToLocal(minutes).Date.Subtract(_start.ToDateTime(TimeOnly.MinValue)).Days;
    }
}
