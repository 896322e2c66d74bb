using Scheduler.Core.Checking;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver.Encoders;

/// <summary>
/// The CP-SAT faces of <see cref="Core.Rules.ConsecutiveDays"/> and <see cref="Core.Rules.ConsecutiveDaysOff"/>,
/// over the working-day literals (see <see cref="WorkingDays"/>).
/// </summary>
/// <remarks>
/// Maximum k: every k + 1 consecutive horizon days hold at most k working days. Minimum k: a run that starts on
/// day d after the first day (working d, not d - 1) also works each of the next k - 1 days that lie in the
/// horizon, so a short run is allowed only when it reaches the last day; days off the same way with the
/// literals negated. That is the checker's exemption of runs touching either end of the horizon.
/// </remarks>
internal static class ConsecutiveDaysEncoder
{
    public static void Encode(ModelContext context)
    {
        var problem = context.Problem;
        for (var p = 0; p < problem.PersonCount; p++)
        {
            context.ForPerson(p);
            if (problem.Roster(p) is not { } roster
                || (roster.MinConsecutiveDays < 0 && roster.MaxConsecutiveDays < 0 && roster.MinConsecutiveDaysOff < 0))
            {
                continue;
            }

            var work = context.WorkingDays.Of(p);
            if (roster.MaxConsecutiveDays >= 0)
            {
                EncodeMax(context, work, roster.MaxConsecutiveDays);
            }

            EncodeMin(context, work, roster.MinConsecutiveDays, RuleId.ConsecutiveDays);
            if (roster.MinConsecutiveDaysOff > 0)
            {
                EncodeMin(context, Array.ConvertAll(work, w => w.Not()), roster.MinConsecutiveDaysOff, RuleId.ConsecutiveDaysOff);
            }
        }
    }

    private static void EncodeMax(ModelContext context, Lit[] work, int max)
    {
        var block = new LinearTerms();
        for (var start = 0; start + max < work.Length; start++)
        {
            block.Clear();
            var fixedDays = 0;
            for (var d = start; d <= start + max; d++)
            {
                if (work[d].Literal is { } literal)
                {
                    block.Add(literal);
                }
                else if (work[d].IsTrue)
                {
                    fixedDays++;
                }
            }

            if (block.Count + fixedDays > max)
            {
                context.Bound(block, 0, max - fixedDays, RuleId.ConsecutiveDays);
            }
        }
    }

    private static void EncodeMin(ModelContext context, Lit[] on, int min, RuleId rule)
    {
        for (var d = 1; d < on.Length; d++)
        {
            for (var j = 1; j < min && d + j < on.Length; j++)
            {
                // Broken when a run starts on d (on d, not on d - 1) and d + j is not on.
                context.Emit(context.Clause().When(on[d]).When(on[d - 1].Not()).When(on[d + j].Not()), rule, 1);
            }
        }
    }
}
