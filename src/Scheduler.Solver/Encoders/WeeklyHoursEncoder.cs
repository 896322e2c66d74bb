using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.WeeklyHours"/>: in every judged window, the duty minutes of the
/// person's items clipped to the window, history included, are at most the limit.
/// </summary>
/// <remarks>
/// Windows are whole local days, so each day's duty minutes are one expression (an integer variable when
/// it has any variable term) and a window sums its days: linear in days times the window, not in windows
/// times shifts. Items never overlap (double booking is hard), so summing equals the checker's union.
/// Soft, each started hour over costs the weight once.
/// </remarks>
internal static class WeeklyHoursEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var days = problem.DayStarts;
        var windowDays = problem.WindowDays;
        if (problem.LastWindow < problem.FirstWindow)
        {
            return;
        }

        var first = problem.FirstWindow;
        var dayCount = problem.LastWindow + windowDays - first;
        var constant = new long[dayCount];
        var maximum = new long[dayCount];
        var dayTerms = new List<(int Literal, long Minutes)>[dayCount];
        var dayExpr = new (int Variable, long Coefficient)?[dayCount];
        var sum = new LinearTerms();
        foreach (var t in context.Timelines)
        {
            context.ForPerson(t.Person);
            ref readonly var rules = ref problem.PersonRules[t.Person];
            if (!rules.DutyHourRules)
            {
                continue;
            }

            Array.Clear(constant);
            Array.Clear(maximum);
            for (var d = 0; d < dayCount; d++)
            {
                (dayTerms[d] ??= []).Clear();
            }

            for (var i = 0; i < t.Count; i++)
            {
                if (!t.IsDuty(i) || t.End[i] <= days[first] || t.Start[i] >= days[first + dayCount])
                {
                    continue;
                }

                for (var d = Math.Max(t.Day[i] - first, 0); d < dayCount && days[first + d] < t.End[i]; d++)
                {
                    var minutes = Math.Min(t.End[i], days[first + d + 1]) - Math.Max(t.Start[i], days[first + d]);
                    if (minutes <= 0)
                    {
                        continue;
                    }

                    maximum[d] += minutes;
                    if (t.Items[i].Literal is { } literal)
                    {
                        dayTerms[d].Add((literal, minutes));
                    }
                    else
                    {
                        constant[d] += minutes;
                    }
                }
            }

            var limit = rules.MaxDutyMinutesPerWindow;
            long windowMax = 0;
            for (var d = 0; d < windowDays; d++)
            {
                windowMax += maximum[d];
            }

            for (var w = 0; w + windowDays <= dayCount; w++)
            {
                if (w > 0)
                {
                    windowMax += maximum[w + windowDays - 1] - maximum[w - 1];
                }

                // A window that cannot exceed the limit even with every possible shift needs no constraint.
                if (windowMax <= limit)
                {
                    continue;
                }

                sum.Clear();
                long fixedMinutes = 0;
                for (var d = w; d < w + windowDays; d++)
                {
                    fixedMinutes += constant[d];
                    if (dayTerms[d].Count > 0)
                    {
                        var (variable, coefficient) = dayExpr[d] ??= DayMinutes(context, dayTerms[d], maximum[d] - constant[d]);
                        sum.Add(variable, coefficient);
                    }
                }

                context.Bound(sum, long.MinValue / 2, limit - fixedMinutes, RuleId.WeeklyHours, slackUnit: 60);
            }

            Array.Clear(dayExpr);
        }
    }

    // The day's duty minutes as one term: the item's literal times its minutes when there is one item, else a
    // variable equal to the sum.
    private static (int Variable, long Coefficient) DayMinutes(ModelContext context, List<(int Literal, long Minutes)> terms, long upper)
    {
        if (terms.Count == 1)
        {
            return terms[0];
        }

        var minutes = context.Proto.NewInt(0, upper);
        var sum = new LinearTerms().Add(minutes, -1);
        foreach (var (literal, m) in terms)
        {
            sum.Add(literal, m);
        }

        context.Proto.Linear(sum, 0, 0);
        return (minutes, 1);
    }
}
