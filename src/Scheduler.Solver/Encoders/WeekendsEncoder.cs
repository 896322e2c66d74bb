using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.Weekends"/>: one literal per weekend, implied by working its Saturday
/// or its Sunday (only ever true more often than the schedule says), and at most the limit of them true.
/// </summary>
internal static class WeekendsEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var first = problem.HistoryDays;
        var weekends = new LinearTerms();
        var days = new List<int>();
        for (var p = 0; p < problem.PersonCount; p++)
        {
            context.ForPerson(p);
            if (problem.Roster(p) is not { } roster || roster.MaxWeekends < 0)
            {
                continue;
            }

            var work = context.WorkingDays.Of(p);
            weekends.Clear();
            for (var d = 0; d < work.Length; d++)
            {
                var weekday = problem.DayOfWeek(first + d);
                if (weekday != DayOfWeek.Saturday && !(weekday == DayOfWeek.Sunday && d == 0))
                {
                    continue;
                }

                // The weekend's days in the horizon: Saturday and Sunday, or a lone Sunday on the first day.
                days.Clear();
                for (var w = d; w < work.Length && w <= d + (weekday == DayOfWeek.Saturday ? 1 : 0); w++)
                {
                    if (work[w].Literal is { } literal)
                    {
                        days.Add(literal);
                    }
                }

                if (days.Count == 1)
                {
                    weekends.Add(days[0]);
                }
                else if (days.Count > 1)
                {
                    var worked = context.Proto.NewBool();
                    foreach (var literal in days)
                    {
                        context.Proto.Implies(literal, worked);
                    }

                    weekends.Add(worked);
                }
            }

            if (weekends.Count > roster.MaxWeekends)
            {
                context.Bound(weekends, 0, roster.MaxWeekends, RuleId.Weekends);
            }
        }
    }
}
