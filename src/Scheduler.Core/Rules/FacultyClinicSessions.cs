using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>
/// Optional, off by default: each faculty member works at least
/// <see cref="ProgramRules.FacultyMinClinicSessionsPerWeek"/> and at most
/// <see cref="ProgramRules.FacultyMaxClinicSessionsPerWeek"/> clinic sessions (shifts of a
/// <see cref="ActivityKinds.Clinic"/> activity) a week.
/// </summary>
/// <remarks>
/// Edges, decided once: weeks are 7 local days from the horizon's start (the program's week start); a
/// trailing partial week is not judged. A session counts in the week that contains its start. A week in
/// which the faculty member has any absence is not held to the minimum (the maximum still holds).
/// Residents are not judged.
/// </remarks>
public static class FacultyClinicSessions
{
    /// <summary>Checks weeks <paramref name="firstWeek"/>..<paramref name="lastWeek"/> of one person.</summary>
    public static void Check(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, int firstWeek, int lastWeek, ViolationSink sink)
    {
        var min = problem.Rules.FacultyMinClinicSessionsPerWeek;
        var max = problem.Rules.FacultyMaxClinicSessionsPerWeek;
        if ((min is null && max is null) || problem.Roles[person] != Role.Faculty)
        {
            return;
        }

        var days = problem.DayStarts;
        var i = DutySearch.FirstStartingAtOrAfter(duties, days[problem.HistoryDays + 7 * Math.Max(firstWeek, 0)]);
        for (var week = Math.Max(firstWeek, 0); week <= Math.Min(lastWeek, problem.WeekCount - 1); week++)
        {
            var from = days[problem.HistoryDays + 7 * week];
            var to = days[problem.HistoryDays + 7 * week + 7];
            var sessions = 0;
            for (; i < duties.Length && duties[i].Start < to; i++)
            {
                sessions += (duties[i].Kinds & ActivityKinds.Clinic) != 0 ? 1 : 0;
            }

            if (max is { } most && sessions > most)
            {
                sink.Add(new Violation(RuleId.FacultyClinicSessions, person, -1, from, to, sessions, most));
            }
            else if (min is { } least && sessions < least && !problem.IsAbsent(person, from, to))
            {
                sink.Add(new Violation(RuleId.FacultyClinicSessions, person, -1, from, to, sessions, least));
            }
        }
    }

}
