using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver.Local;

/// <summary>
/// The requests' part of the objective, laid out for a schedule's changes: what it is with nobody working (every want
/// unmet), and what working changes it by, per (person, shift) for a shift request and per (person, day) for a day
/// request (met or broken once however many of the day's shifts the person works). Requests naming a person or shift
/// the problem lacks (a slice of a larger problem) count for nothing.
/// </summary>
internal sealed class RequestTable
{
    private readonly int _shifts;
    private readonly int _days;

    public RequestTable(CompiledProblem problem)
    {
        (_shifts, _days) = (problem.ShiftCount, problem.DayCount);
        Unmet = new long[problem.PersonCount];
        Day = new long[problem.PersonCount * problem.DayCount];
        var multiplier = problem.Source.Objective.Requests;
        foreach (var request in problem.Source.Requests)
        {
            if (!problem.TryGetPerson(request.PersonId, out var p))
            {
                continue;
            }

            var cost = (long)request.Weight * multiplier;
            var want = request.Kind == RequestKind.Want;
            if (want && (request.ShiftId is not null || request.Day is not null))
            {
                Unmet[p] += cost;
            }

            var change = want ? -cost : cost;
            if (request.ShiftId is { } id && problem.TryGetShift(id, out var s))
            {
                Shift[ShiftKey(p, s)] = Shift.GetValueOrDefault(ShiftKey(p, s)) + change;
            }
            else if (request.ShiftId is null && request.Day is { } day && problem.HistoryDays + day is var local && local >= 0 && local < problem.DayCount)
            {
                Day[DayKey(p, local)] += change;
            }
        }
    }

    /// <summary>By person: the cost of their wants, each unmet.</summary>
    public long[] Unmet { get; }

    /// <summary>By <see cref="ShiftKey"/>: the cost when the person works the shift less the cost when not.</summary>
    public Dictionary<long, long> Shift { get; } = [];

    /// <summary>By <see cref="DayKey"/> (a local day): the cost when the person works that day less the cost when not.</summary>
    public long[] Day { get; }

    public long ShiftKey(int person, int shift) => ((long)person * _shifts) + shift;

    public int DayKey(int person, int day) => (person * _days) + day;

    /// <summary>The shift requests' changes (<see cref="Shift"/>) with their person and shift.</summary>
    public IEnumerable<(int Person, int Shift, long Change)> ShiftChanges() =>
        Shift.Select(x => ((int)(x.Key / _shifts), (int)(x.Key % _shifts), x.Value));
}
