using Scheduler.Core.Compiled;
using Scheduler.Core.Rules;

namespace Scheduler.Core.Checking;

/// <summary>
/// Runs every rule over a compiled schedule. <see cref="Check(CompiledSchedule, ViolationSink)"/> allocates
/// nothing once the sink and the pooled workspaces have grown; it is linear in shifts plus days per person.
/// </summary>
public static class ComplianceChecker
{
    /// <summary>Checks the whole schedule, appending every violation to <paramref name="sink"/> (not cleared first).</summary>
    public static void Check(CompiledSchedule schedule, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(sink);
        var problem = schedule.Problem;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            CheckPerson(problem, p, schedule.Duties(p), sink);
        }

        for (var s = 0; s < problem.ShiftCount; s++)
        {
            CheckShift(problem, s, schedule.PeopleOn(s), sink);
        }
    }

    /// <summary>Checks the whole schedule and returns a report.</summary>
    public static ComplianceReport Check(CompiledSchedule schedule)
    {
        var sink = new ViolationSink();
        Check(schedule, sink);
        return new ComplianceReport(schedule.Problem, sink.Items.ToArray());
    }

    /// <summary>Runs every per-person rule on one person's duties.</summary>
    public static void CheckPerson(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckPersonWindows(problem, person, duties, problem.FirstWindow, problem.LastWindow, sink);
        CheckPersonPeriods(problem, person, duties, sink);
        FacultyClinicSessions.Check(problem, person, duties, 0, problem.WeekCount - 1, sink);
        CheckRoster(problem, person, duties, sink);
    }

    /// <summary>Runs the generic rostering rules (person limits over the horizon, forbidden successions).</summary>
    public static void CheckRoster(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ShiftsPerActivity.Check(problem, person, duties, sink);
        TotalMinutes.Check(problem, person, duties, sink);
        ConsecutiveDays.Check(problem, person, duties, sink);
        ConsecutiveDaysOff.Check(problem, person, duties, sink);
        Weekends.Check(problem, person, duties, sink);
        Succession.Check(problem, person, duties, sink);
    }

    /// <summary>Runs the windowed per-person rules on windows starting on days <paramref name="firstWindow"/>..<paramref name="lastWindow"/>.</summary>
    public static void CheckPersonWindows(
        CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, int firstWindow, int lastWindow, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ref readonly var rules = ref problem.PersonRules[person];
        WeeklyHours.Check(problem, rules, person, duties, firstWindow, lastWindow, sink);
        DaysOff.Check(problem, rules, person, duties, firstWindow, lastWindow, sink);
        CallFrequency.Check(problem, rules, person, duties, firstWindow, lastWindow, sink);
    }

    /// <summary>Runs the per-person rules that are not windowed (periods, runs, overlaps, absences, eligibility).</summary>
    public static void CheckPersonPeriods(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ref readonly var rules = ref problem.PersonRules[person];
        CheckDutyPeriods(problem, person, duties, sink);
        ConsecutiveNights.Check(problem, rules, person, duties, sink);
        DoubleBooking.Check(person, duties, sink);
        Availability.Check(problem, person, duties, sink);
        Eligibility.Check(problem, person, duties, sink);
    }

    /// <summary>Continuous duty and rest over one build of the person's duty periods.</summary>
    internal static void CheckDutyPeriods(CompiledProblem problem, int person, ReadOnlySpan<Duty> duties, ViolationSink sink)
    {
        ref readonly var rules = ref problem.PersonRules[person];
        if (!rules.DutyHourRules)
        {
            return;
        }

        var workspace = CheckWorkspace.Rent();
        try
        {
            var periods = DutyPeriods.Collect(duties, problem.Rules.ContinuityGapMinutes, workspace);
            ContinuousDuty.Check(rules, person, periods, sink);
            Rest.Check(problem.Rules, person, periods, sink);
        }
        finally
        {
            CheckWorkspace.Return(workspace);
        }
    }

    /// <summary>Runs the per-shift rules (coverage, supervision) on one shift.</summary>
    public static void CheckShift(CompiledProblem problem, int shift, ReadOnlySpan<int> people, ViolationSink sink)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Coverage.Check(problem, shift, people.Length, sink);
        Supervision.Check(problem, shift, people, sink);
    }
}
