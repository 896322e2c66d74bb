using Scheduler.Core.Checking;
using Scheduler.Core.Model;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT face of <see cref="Core.Rules.FacultyClinicSessions"/>: per faculty member and full week of the
/// horizon, clinic sessions starting in the week are at most the maximum, and at least the minimum unless
/// the person has an absence that week. Soft, each session short or over costs the weight once.
/// </summary>
internal static class FacultyClinicSessionsEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        var min = problem.Rules.FacultyMinClinicSessionsPerWeek;
        var max = problem.Rules.FacultyMaxClinicSessionsPerWeek;
        if (min is null && max is null)
        {
            return;
        }

        var days = problem.DayStarts;
        var sessions = new LinearTerms();
        foreach (var t in context.Timelines)
        {
            context.ForPerson(t.Person);
            if (problem.Roles[t.Person] != Role.Faculty)
            {
                continue;
            }

            for (var week = 0; week < problem.WeekCount; week++)
            {
                var from = days[problem.HistoryDays + 7 * week];
                var to = days[problem.HistoryDays + 7 * week + 7];
                sessions.Clear();
                for (var i = t.HistoryCount; i < t.Count; i++)
                {
                    if ((t.Kinds[i] & ActivityKinds.Clinic) != 0 && t.Start[i] >= from && t.Start[i] < to)
                    {
                        sessions.Add(t.Items[i].Index);
                    }
                }

                var lower = min is { } least && !problem.IsAbsent(t.Person, from, to) ? least : 0;
                var upper = max ?? int.MaxValue;
                if (lower > 0 || sessions.Count > upper)
                {
                    context.Bound(sessions, lower, upper, RuleId.FacultyClinicSessions);
                }
            }
        }
    }

}
