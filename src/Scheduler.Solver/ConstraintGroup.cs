using Scheduler.Core.Checking;

namespace Scheduler.Solver;

/// <summary>
/// A group of hard constraints that an explanation can name and drop as one: a rule for one person (weekly hours of
/// res-014), a shift's coverage or supervision (or those of every shift of an activity), or one absence of a person.
/// </summary>
/// <param name="Rule">The rule (<see cref="RuleId.Availability"/> for an absence).</param>
/// <param name="Person">The person, or -1.</param>
/// <param name="Shift">The shift, or -1.</param>
/// <param name="Absence">The person's absence (index into the compiled absences), or -1.</param>
/// <param name="Activity">
/// For the minimums or supervision of every shift of one activity taken as one group, the activity; else -1.
/// </param>
public readonly record struct ConstraintGroup(RuleId Rule, int Person, int Shift, int Absence, int Activity = -1);
