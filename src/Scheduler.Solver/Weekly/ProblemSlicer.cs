using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver.Weekly;

/// <summary>
/// A part of a problem's horizon, days [From, To), as a problem of its own: the same people, rules and
/// objective, the shifts starting in it, and as history the committed assignments (and the problem's own
/// history) of the days before it that any rule can still see.
/// </summary>
/// <param name="Problem">The part, compiled; it continues (see <see cref="CompiledProblem.Compile(Problem, bool)"/>)
/// unless it ends where the whole horizon ends.</param>
/// <param name="FullShift">For each shift of the part, its index in the whole problem.</param>
/// <param name="From">First horizon day of the part (a day of the whole problem).</param>
/// <param name="To">Day after the part's last day.</param>
internal sealed record Slice(CompiledProblem Problem, int[] FullShift, int From, int To)
{
    /// <summary>A schedule of the part as (person, shift) pairs of the whole problem.</summary>
    public IEnumerable<(int Person, int Shift)> ToFull(CompiledSchedule schedule)
    {
        foreach (var (person, shift) in schedule.ToPairs())
        {
            yield return (person, FullShift[shift]);
        }
    }
}

/// <summary>
/// Cuts a problem into <see cref="Slice"/>s. A slice keeps enough history that every rule judges each item
/// of its horizon exactly as the whole problem does: every rolling window, night block and duty period that
/// reaches into the slice lies inside its history plus horizon. Times are re-based to the slice's first day.
/// </summary>
internal sealed class ProblemSlicer
{
    private readonly CompiledProblem _full;
    private readonly Shift[] _shifts; // by compiled shift index
    private readonly int _keepDays;

    public ProblemSlicer(CompiledProblem full)
    {
        _full = full;
        _shifts = new Shift[full.ShiftCount];
        foreach (var shift in full.Source.Shifts)
        {
            full.TryGetShift(shift.Id, out var s);
            _shifts[s] = shift;
        }

        // Windows need WindowDays - 1 days before the first horizon day, night blocks MaxConsecutiveNights; one
        // more day plus the longest duty interval keeps whole any interval that reaches into the first day of
        // a judged window, and a duty period that runs into the horizon.
        var nights = 0;
        foreach (ref readonly var rules in full.PersonRules)
        {
            nights = Math.Max(nights, rules.MaxConsecutiveNights);
        }

        _keepDays = Math.Max(Math.Max(full.Rules.WindowDays - 1, nights), 2) + 1 + (full.MaxDutyLength + 1439) / 1440;
    }

    /// <summary>
    /// The slice of days [from, to) given the committed (person, shift) pairs of the whole problem; only the
    /// committed shifts starting within the kept history matter.
    /// </summary>
    public Slice Make(int from, int to, IReadOnlyList<(int Person, int Shift)> committed)
    {
        var full = _full;
        var source = full.Source;
        var historyDays = Math.Min(full.HistoryDays + from, _keepDays);
        var offset = full.Calendar.DayStart(from);
        var historyStart = full.Calendar.DayStart(from - historyDays);
        var end = full.Calendar.DayStart(to);

        var history = new List<HistoryEntry>();
        foreach (var h in source.History)
        {
            if (h.Start >= historyStart)
            {
                history.Add(h with { Start = h.Start - offset, End = h.End - offset });
            }
        }

        foreach (var (person, shift) in committed)
        {
            var start = full.ShiftStart[shift];
            if (start >= historyStart && start < offset)
            {
                var s = _shifts[shift];
                history.Add(new HistoryEntry(full.PersonId(person), s.ActivityId, start - offset, full.ShiftEnd[shift] - offset));
            }
        }

        var shifts = new List<Shift>();
        var shiftIds = new HashSet<string>(StringComparer.Ordinal);
        var horizonFirst = from + full.HistoryDays;
        var horizonEnd = to + full.HistoryDays;
        for (var s = 0; s < full.ShiftCount; s++)
        {
            var day = full.ShiftDay[s];
            if (day >= horizonFirst && day < horizonEnd)
            {
                var shift = _shifts[s];
                shifts.Add(shift with { Start = shift.Start - offset, End = shift.End - offset });
                shiftIds.Add(shift.Id);
            }
        }

        var absences = new List<Absence>();
        foreach (var a in source.Absences)
        {
            if (a.End > offset && a.Start < end + full.MaxDutyLength)
            {
                absences.Add(a with { Start = a.Start - offset, End = a.End - offset });
            }
        }

        var requests = new List<Request>();
        foreach (var r in source.Requests)
        {
            if (r.ShiftId is { } id ? shiftIds.Contains(id) : r.Day >= from && r.Day < to)
            {
                requests.Add(r.Day is { } day ? r with { Day = day - from } : r);
            }
        }

        var part = source with
        {
            StartDate = source.StartDate.AddDays(from),
            HorizonDays = to - from,
            HistoryDays = historyDays,
            Shifts = shifts,
            Absences = absences,
            Requests = requests,
            History = history,
        };
        var compiled = CompiledProblem.Compile(part, horizonContinues: to < full.HorizonDays);
        var fullShift = new int[compiled.ShiftCount];
        for (var s = 0; s < compiled.ShiftCount; s++)
        {
            full.TryGetShift(compiled.ShiftId(s), out fullShift[s]);
        }

        return new Slice(compiled, fullShift, from, to);
    }
}
