using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Core.Compiled;

/// <summary>
/// The struct-of-arrays form of a <see cref="Problem"/> that checkers and encoders read: shifts sorted by
/// start, ids interned to indices, local midnights precomputed as elapsed minutes, per-person rule
/// parameters resolved, history and absences grouped per person. Immutable and thread-safe.
/// </summary>
public sealed class CompiledProblem
{
    private readonly Dictionary<string, int> _personIndex;
    private readonly Dictionary<string, int> _shiftIndex;
    private readonly string[] _personIds;
    private readonly string[] _shiftIds;
    private readonly int[] _dayStart;
    private readonly int[] _shiftStart;
    private readonly int[] _shiftEnd;
    private readonly int[] _shiftDay;
    private readonly int[] _dayFirstShift;
    private readonly int[] _shiftActivity;
    private readonly ActivityKinds[] _shiftKinds;
    private readonly int[] _minPeople;
    private readonly int[] _maxPeople;
    private readonly bool[] _supervised;
    private readonly CoverPenalty?[] _coverPenalty;
    private readonly bool[] _residentsEligible;
    private readonly bool[] _facultyEligible;
    private readonly byte[] _minPgy;
    private readonly byte[] _maxPgy;
    private readonly ulong[] _requiredQualifications;
    private readonly ulong[] _eligibleClasses;
    private readonly int[] _personClass;
    private readonly Role[] _role;
    private readonly int[] _pgy;
    private readonly ulong[] _qualifications;
    private readonly PersonRules[] _personRules;
    private readonly int[] _historyOffsets;
    private readonly Duty[] _history;
    private readonly int[] _absenceOffsets;
    private readonly int[] _absenceStart;
    private readonly int[] _absenceEnd;
    private readonly CompiledRoster?[] _roster;
    private readonly bool[] _forbiddenSuccession;
    private readonly DayOfWeek[] _dayOfWeek;

    private CompiledProblem(Problem problem, ProgramCalendar calendar, bool horizonContinues)
    {
        Source = problem;
        HorizonContinues = horizonContinues;
        Calendar = calendar;
        Rules = problem.Rules;
        HistoryDays = problem.HistoryDays;
        HorizonDays = problem.HorizonDays;
        DayCount = HistoryDays + HorizonDays;

        _dayStart = new int[DayCount + 1];
        _dayOfWeek = new DayOfWeek[DayCount];
        for (var d = 0; d <= DayCount; d++)
        {
            _dayStart[d] = calendar.DayStart(d - HistoryDays);
            if (d < DayCount)
            {
                _dayOfWeek[d] = problem.StartDate.AddDays(d - HistoryDays).DayOfWeek;
            }
        }

        var activityIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var activityKinds = new ActivityKinds[problem.Activities.Count];
        for (var i = 0; i < problem.Activities.Count; i++)
        {
            activityIndex[problem.Activities[i].Id] = i;
            activityKinds[i] = problem.Activities[i].Kinds;
        }

        ActivityCount = activityKinds.Length;
        _forbiddenSuccession = new bool[ActivityCount * ActivityCount];
        foreach (var succession in problem.Rules.ForbiddenSuccessions)
        {
            _forbiddenSuccession[(activityIndex[succession.FromActivityId] * ActivityCount) + activityIndex[succession.ToActivityId]] = true;
            HasForbiddenSuccessions = true;
        }

        var qualificationBit = new Dictionary<string, int>(StringComparer.Ordinal);
        ulong QualificationMask(IReadOnlyList<string> names)
        {
            ulong mask = 0;
            foreach (var name in names)
            {
                if (!qualificationBit.TryGetValue(name, out var bit))
                {
                    bit = qualificationBit.Count;
                    qualificationBit[name] = bit;
                }

                mask |= 1UL << bit;
            }

            return mask;
        }

        // People keep their file order: person indices are positions in Problem.People.
        var people = problem.People;
        PersonCount = people.Count;
        _personIds = new string[PersonCount];
        _personIndex = new Dictionary<string, int>(PersonCount, StringComparer.Ordinal);
        _role = new Role[PersonCount];
        _pgy = new int[PersonCount];
        _qualifications = new ulong[PersonCount];
        _personRules = new PersonRules[PersonCount];
        _personClass = new int[PersonCount];
        _roster = new CompiledRoster?[PersonCount];
        var rules = problem.Rules;
        for (var p = 0; p < PersonCount; p++)
        {
            var person = people[p];
            _personIds[p] = person.Id;
            _personIndex[person.Id] = p;
            _role[p] = person.Role;
            _pgy[p] = person.Pgy;
            _qualifications[p] = QualificationMask(person.Qualifications);
            _personClass[p] = person.Role == Role.Faculty ? 0 : person.Pgy;
            _roster[p] = person.Roster is { } roster ? new CompiledRoster(roster, activityIndex) : null;
            var o = person.Overrides;
            var maxContinuous = o?.MaxContinuousDutyMinutes ?? rules.MaxContinuousDutyMinutes;
            var maxPeriod = rules.MaxDutyPeriodMinutes;
            if (person.Role == Role.Resident && person.Pgy == 1 && rules.Pgy1MaxDutyPeriodMinutes is { } pgy1Max)
            {
                maxContinuous = Math.Min(maxContinuous, pgy1Max);
                maxPeriod = Math.Min(maxPeriod, pgy1Max);
            }

            _personRules[p] = new PersonRules(
                DutyHourRules: person.Role == Role.Resident,
                MaxDutyMinutesPerWindow: ProrateMax(o?.MaxDutyMinutesPerWindow ?? rules.MaxDutyMinutesPerWindow),
                MinFreeDaysPerWindow: ProrateMin(o?.MinFreeDaysPerWindow ?? rules.MinFreeDaysPerWindow),
                MaxContinuousDutyMinutes: maxContinuous,
                MaxDutyPeriodMinutes: maxPeriod,
                MaxCallsPerWindow: ProrateMax(o?.MaxCallsPerWindow ?? rules.MaxCallsPerWindow),
                MaxConsecutiveNights: o?.MaxConsecutiveNights ?? rules.MaxConsecutiveNights);
        }

        // Shifts sorted by start, then end, then id (ordinal): the order is part of the contract.
        var order = new int[problem.Shifts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var shifts = problem.Shifts;
        Array.Sort(order, (x, y) =>
        {
            var c = shifts[x].Start.CompareTo(shifts[y].Start);
            if (c == 0)
            {
                c = shifts[x].End.CompareTo(shifts[y].End);
            }

            return c != 0 ? c : string.CompareOrdinal(shifts[x].Id, shifts[y].Id);
        });

        ShiftCount = order.Length;
        _shiftIds = new string[ShiftCount];
        _shiftIndex = new Dictionary<string, int>(ShiftCount, StringComparer.Ordinal);
        _shiftStart = new int[ShiftCount];
        _shiftEnd = new int[ShiftCount];
        _shiftDay = new int[ShiftCount];
        _shiftActivity = new int[ShiftCount];
        _shiftKinds = new ActivityKinds[ShiftCount];
        _minPeople = new int[ShiftCount];
        _maxPeople = new int[ShiftCount];
        _supervised = new bool[ShiftCount];
        _coverPenalty = new CoverPenalty?[ShiftCount];
        _residentsEligible = new bool[ShiftCount];
        _facultyEligible = new bool[ShiftCount];
        _minPgy = new byte[ShiftCount];
        _maxPgy = new byte[ShiftCount];
        _requiredQualifications = new ulong[ShiftCount];
        _eligibleClasses = new ulong[ShiftCount];
        var errors = new List<ModelError>();
        var horizonEnd = _dayStart[DayCount];
        for (var i = 0; i < ShiftCount; i++)
        {
            var source = order[i];
            var s = shifts[source];
            if (s.Start >= horizonEnd)
            {
                errors.Add(new ModelError($"shifts[{source}].start", $"starts at minute {s.Start}, after the horizon ends (minute {horizonEnd})"));
            }

            _shiftIds[i] = s.Id;
            _shiftIndex[s.Id] = i;
            _shiftStart[i] = s.Start;
            _shiftEnd[i] = s.End;
            _shiftDay[i] = DayOf(s.Start);
            _shiftActivity[i] = activityIndex[s.ActivityId];
            _shiftKinds[i] = activityKinds[_shiftActivity[i]];
            var r = s.Requirement;
            _minPeople[i] = r.MinPeople;
            _maxPeople[i] = r.MaxPeople;
            _supervised[i] = r.Supervised;
            _coverPenalty[i] = r.Penalty;
            _residentsEligible[i] = r.Eligibility.Residents;
            _facultyEligible[i] = r.Eligibility.Faculty;
            _minPgy[i] = (byte)r.Eligibility.MinPgy;
            _maxPgy[i] = (byte)r.Eligibility.MaxPgy;
            _requiredQualifications[i] = QualificationMask(r.Eligibility.Qualifications);

            // One bit per person class (bit 0 faculty, bit k PGY-k residents): eligibility is one shift and mask.
            var classes = r.Eligibility.Faculty ? 1UL : 0UL;
            for (var pgy = r.Eligibility.MinPgy; r.Eligibility.Residents && pgy <= r.Eligibility.MaxPgy; pgy++)
            {
                classes |= 1UL << pgy;
            }

            _eligibleClasses[i] = classes;
            MaxDutyLength = Math.Max(MaxDutyLength, s.End - s.Start);
        }

        if (errors.Count > 0)
        {
            throw new ModelException(errors);
        }

        // The first shift starting on or after each local day: shifts are sorted by start, so a day's are consecutive.
        _dayFirstShift = new int[DayCount + 1];
        for (int d = 0, next = 0; d <= DayCount; d++)
        {
            while (next < ShiftCount && _shiftDay[next] < d)
            {
                next++;
            }

            _dayFirstShift[d] = next;
        }

        // History per person, sorted by start (validation guarantees no overlaps within a person).
        _historyOffsets = new int[PersonCount + 1];
        foreach (var h in problem.History)
        {
            _historyOffsets[_personIndex[h.PersonId] + 1]++;
        }

        for (var p = 0; p < PersonCount; p++)
        {
            _historyOffsets[p + 1] += _historyOffsets[p];
        }

        _history = new Duty[problem.History.Count];
        var fill = (int[])_historyOffsets.Clone();
        foreach (var h in problem.History)
        {
            var p = _personIndex[h.PersonId];
            _history[fill[p]++] = new Duty(h.Start, h.End, DayOf(h.Start), activityKinds[activityIndex[h.ActivityId]], -1);
            MaxDutyLength = Math.Max(MaxDutyLength, h.End - h.Start);
        }

        for (var p = 0; p < PersonCount; p++)
        {
            _history.AsSpan(_historyOffsets[p], _historyOffsets[p + 1] - _historyOffsets[p]).Sort(DutyOrder.Instance);
        }

        // Absences per person, sorted by start, for availability.
        _absenceOffsets = new int[PersonCount + 1];
        foreach (var a in problem.Absences)
        {
            _absenceOffsets[_personIndex[a.PersonId] + 1]++;
        }

        for (var p = 0; p < PersonCount; p++)
        {
            _absenceOffsets[p + 1] += _absenceOffsets[p];
        }

        var absences = new (int Start, int End)[problem.Absences.Count];
        fill = (int[])_absenceOffsets.Clone();
        foreach (var a in problem.Absences)
        {
            absences[fill[_personIndex[a.PersonId]]++] = (a.Start, a.End);
        }

        _absenceStart = new int[absences.Length];
        _absenceEnd = new int[absences.Length];
        for (var p = 0; p < PersonCount; p++)
        {
            var span = absences.AsSpan(_absenceOffsets[p], _absenceOffsets[p + 1] - _absenceOffsets[p]);
            span.Sort();
            for (var k = 0; k < span.Length; k++)
            {
                _absenceStart[_absenceOffsets[p] + k] = span[k].Start;
                _absenceEnd[_absenceOffsets[p] + k] = span[k].End;
            }
        }

        if (DayCount >= Rules.WindowDays || horizonContinues)
        {
            // A continuing horizon judges only whole windows: none at all when the span is shorter than one.
            WindowDays = Rules.WindowDays;
            FirstWindow = Math.Max(0, HistoryDays - WindowDays + 1);
            LastWindow = DayCount - WindowDays;
        }
        else
        {
            // Shorter than one window: the whole span is the one window, limits prorated by days.
            WindowDays = DayCount;
            FirstWindow = 0;
            LastWindow = 0;
        }
    }

    /// <summary>The problem this was compiled from.</summary>
    public Problem Source { get; }

    /// <summary>Whether the horizon continues after its end (see <see cref="Compile(Problem, bool)"/>).</summary>
    public bool HorizonContinues { get; }

    /// <summary>The program's calendar (local time to minutes).</summary>
    public ProgramCalendar Calendar { get; }

    /// <summary>
    /// The version of the time zone database the problem's local times were converted with (see
    /// <see cref="ProgramCalendar.TzdbVersion"/>): another version may give other minutes where a zone's rules changed.
    /// </summary>
    public string TzdbVersion { get; } = ProgramCalendar.TzdbVersion;

    /// <summary>Program rule parameters.</summary>
    public ProgramRules Rules { get; }

    /// <summary>Local days of history before the horizon.</summary>
    public int HistoryDays { get; }

    /// <summary>Local days in the horizon.</summary>
    public int HorizonDays { get; }

    /// <summary>History plus horizon days. Day indices count from the first history day.</summary>
    public int DayCount { get; }

    /// <summary>Number of activities; activity indices follow <see cref="Problem.Activities"/>.</summary>
    public int ActivityCount { get; }

    /// <summary>Whether the program forbids any succession of activities (see <see cref="ProgramRules.ForbiddenSuccessions"/>).</summary>
    public bool HasForbiddenSuccessions { get; }

    /// <summary>Number of people; person indices follow <see cref="Problem.People"/>.</summary>
    public int PersonCount { get; }

    /// <summary>Number of shifts; shift indices follow start order.</summary>
    public int ShiftCount { get; }

    /// <summary>The longest shift or history entry in minutes (bounds how far back an interval can reach).</summary>
    public int MaxDutyLength { get; }

    /// <summary>Days in a rolling window (the whole span when it is shorter than the rule's window).</summary>
    public int WindowDays { get; }

    /// <summary>Full weeks in the horizon (week k covers horizon days 7k..7k+6).</summary>
    public int WeekCount => HorizonDays / 7;

    /// <summary>Day index of the first judged window's start.</summary>
    public int FirstWindow { get; }

    /// <summary>Day index of the last judged window's start (inclusive); below <see cref="FirstWindow"/> when none.</summary>
    public int LastWindow { get; }

    /// <summary>
    /// Elapsed minutes of every local midnight from the first history day to the end of the horizon
    /// (<see cref="DayCount"/> + 1 entries); the horizon starts at minute 0.
    /// </summary>
    public ReadOnlySpan<int> DayStarts => _dayStart;

    /// <summary>Start of each shift (sorted ascending).</summary>
    public ReadOnlySpan<int> ShiftStart => _shiftStart;

    /// <summary>End of each shift.</summary>
    public ReadOnlySpan<int> ShiftEnd => _shiftEnd;

    /// <summary>Local day index (from the first history day) each shift starts on.</summary>
    public ReadOnlySpan<int> ShiftDay => _shiftDay;

    /// <summary>The shifts starting on a local day: those from <c>First</c> up to, not including, <c>End</c>.</summary>
    public (int First, int End) ShiftsOnDay(int day) => (_dayFirstShift[day], _dayFirstShift[day + 1]);

    /// <summary>Activity kinds of each shift.</summary>
    public ReadOnlySpan<ActivityKinds> ShiftKinds => _shiftKinds;

    /// <summary>Activity index of each shift (into <see cref="Problem.Activities"/>).</summary>
    public ReadOnlySpan<int> ShiftActivity => _shiftActivity;

    /// <summary>Coverage minimum of each shift.</summary>
    public ReadOnlySpan<int> MinPeople => _minPeople;

    /// <summary>Coverage maximum of each shift.</summary>
    public ReadOnlySpan<int> MaxPeople => _maxPeople;

    /// <summary>The prices of a shift's soft coverage (see <see cref="Requirement.Penalty"/>), or null.</summary>
    public CoverPenalty? CoverPenalty(int shift) => _coverPenalty[shift];

    /// <summary>Whether each shift needs supervision.</summary>
    public ReadOnlySpan<bool> Supervised => _supervised;

    /// <summary>Role of each person.</summary>
    public ReadOnlySpan<Role> Roles => _role;

    /// <summary>PGY year of each person (0 for faculty).</summary>
    public ReadOnlySpan<int> Pgy => _pgy;

    /// <summary>Resolved rule parameters of each person.</summary>
    public ReadOnlySpan<PersonRules> PersonRules => _personRules;

    /// <summary>Whether any person has generic rostering limits.</summary>
    public bool HasRosterLimits => Array.Exists(_roster, r => r is not null);

    /// <summary>A person's generic rostering limits, or null when they have none.</summary>
    public CompiledRoster? Roster(int person) => _roster[person];

    /// <summary>Whether a shift of activity <paramref name="to"/> may not start the local day after one of <paramref name="from"/>.</summary>
    public bool IsForbiddenSuccession(int from, int to) => _forbiddenSuccession[(from * ActivityCount) + to];

    /// <summary>The day of the week of a local day index (from the first history day).</summary>
    public DayOfWeek DayOfWeek(int day) => _dayOfWeek[day];

    /// <summary>The id of a person.</summary>
    public string PersonId(int person) => _personIds[person];

    /// <summary>The id of a shift.</summary>
    public string ShiftId(int shift) => _shiftIds[shift];

    /// <summary>Finds a person by id.</summary>
    public bool TryGetPerson(string id, out int person) => _personIndex.TryGetValue(id, out person);

    /// <summary>Finds a shift by id.</summary>
    public bool TryGetShift(string id, out int shift) => _shiftIndex.TryGetValue(id, out shift);

    /// <summary>The duty worked by a person before the horizon, sorted by start.</summary>
    public ReadOnlySpan<Duty> History(int person) =>
        _history.AsSpan(_historyOffsets[person], _historyOffsets[person + 1] - _historyOffsets[person]);

    /// <summary>The duty interval a person assigned to a shift works.</summary>
    public Duty DutyOf(int shift) => new(_shiftStart[shift], _shiftEnd[shift], _shiftDay[shift], _shiftKinds[shift], shift);

    /// <summary>Compiles and validates a problem; throws <see cref="ModelException"/> listing every error.</summary>
    public static CompiledProblem Compile(Problem problem) => Compile(problem, horizonContinues: false);

    /// <summary>
    /// Compiles and validates a problem whose horizon is the first part of a longer one (a week of a week-by-week
    /// solve, with the weeks before it as history): rolling windows that would run past its end are left to the
    /// later parts, and a span shorter than one window judges no window instead of one prorated window.
    /// </summary>
    public static CompiledProblem Compile(Problem problem, bool horizonContinues)
    {
        ProblemValidator.ThrowIfInvalid(problem);
        return new CompiledProblem(problem, ProgramCalendar.Create(problem.TimeZone, problem.StartDate), horizonContinues);
    }

    /// <summary>Whether the person's role, PGY year and qualifications let them work the shift.</summary>
    public bool IsEligible(int person, int shift)
    {
        var required = _requiredQualifications[shift];
        return ((_eligibleClasses[shift] >> _personClass[person]) & 1) != 0 && (_qualifications[person] & required) == required;
    }

    /// <summary>What decides who is eligible for a shift: shifts with equal keys have the same eligible people.</summary>
    internal (ulong Classes, ulong Qualifications) EligibilityKey(int shift) => (_eligibleClasses[shift], _requiredQualifications[shift]);

    /// <summary>Start of each of a person's absences, ascending.</summary>
    public ReadOnlySpan<int> AbsenceStarts(int person) =>
        _absenceStart.AsSpan(_absenceOffsets[person], _absenceOffsets[person + 1] - _absenceOffsets[person]);

    /// <summary>End of each of a person's absences, in the order of <see cref="AbsenceStarts"/>.</summary>
    public ReadOnlySpan<int> AbsenceEnds(int person) =>
        _absenceEnd.AsSpan(_absenceOffsets[person], _absenceOffsets[person + 1] - _absenceOffsets[person]);

    /// <summary>Whether the shift overlaps none of the person's absences.</summary>
    public bool IsAvailable(int person, int shift) => !IsAbsent(person, _shiftStart[shift], _shiftEnd[shift]);

    /// <summary>Whether any of the person's absences overlaps [from, to).</summary>
    public bool IsAbsent(int person, int from, int to)
    {
        for (var k = _absenceOffsets[person]; k < _absenceOffsets[person + 1]; k++)
        {
            if (_absenceStart[k] < to && _absenceEnd[k] > from)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the person may be assigned the shift: eligible and not absent.</summary>
    public bool CanWork(int person, int shift) => IsEligible(person, shift) && IsAvailable(person, shift);

    /// <summary>
    /// Whether a violation breaks a soft rule, one the problem's objective prices: a rule listed in
    /// <see cref="ObjectiveWeights.SoftRules"/>, or the coverage of a shift with its own <see cref="Model.CoverPenalty"/>.
    /// </summary>
    public bool IsSoft(in Violation violation) =>
        Source.Objective.SoftWeight(violation.Rule) is not null
        || (violation.Rule == RuleId.Coverage && _coverPenalty[violation.Shift] is not null);

    /// <summary>The local day index (from the first history day) that contains an elapsed minute, clamped to the span.</summary>
    public int DayOf(int minute)
    {
        var k = Array.BinarySearch(_dayStart, minute);
        k = k >= 0 ? k : ~k - 1;
        return Math.Clamp(k, 0, DayCount - 1);
    }

    private int ProrateMax(int limit) =>
        DayCount >= Rules.WindowDays || HorizonContinues ? limit : (int)((long)limit * DayCount / Rules.WindowDays);

    private int ProrateMin(int limit) =>
        DayCount >= Rules.WindowDays || HorizonContinues ? limit : (int)(((long)limit * DayCount + Rules.WindowDays - 1) / Rules.WindowDays);
}

/// <summary>Orders duties by start, then end, then shift index: the order every per-person span keeps.</summary>
public sealed class DutyOrder : IComparer<Duty>
{
    /// <summary>The one instance.</summary>
    public static DutyOrder Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(Duty x, Duty y)
    {
        var c = x.Start.CompareTo(y.Start);
        if (c == 0)
        {
            c = x.End.CompareTo(y.End);
        }

        return c != 0 ? c : x.Shift.CompareTo(y.Shift);
    }
}
