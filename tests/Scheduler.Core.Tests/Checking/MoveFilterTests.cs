using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Testing;
using static Scheduler.Testing.ResidentScheduleBuilder;

namespace Scheduler.Core.Tests.Checking;

/// <summary>
/// The checker's cheap checks of a shift not yet given (<see cref="IncrementalChecker.DoubleBooks"/>,
/// <see cref="IncrementalChecker.BreaksDutyPeriods"/>) on a resident who works day 2, 08:00-16:00: each says what
/// the full check finds once the shift is given.
/// </summary>
public sealed class MoveFilterTests
{
    [Theory]
    [InlineData(2, 23, 59, 3, 4, false, true)]  // 7 h 59 of rest after the day shift
    [InlineData(3, 0, 0, 3, 4, false, false)]   // exactly 8 h
    [InlineData(2, 17, 0, 3, 9, false, true)]   // continues its period: 08:00 to 09:00 the next day, 25 h
    [InlineData(2, 17, 0, 2, 23, false, false)] // continues it, 15 h
    [InlineData(1, 20, 0, 2, 4, false, true)]   // ends 4 h before it: a period of its own with too little rest
    [InlineData(1, 20, 0, 2, 6, false, false)]  // ends 2 h before it: one period, 20 h
    [InlineData(1, 12, 0, 2, 6, false, true)]   // the same from noon: 28 h
    [InlineData(2, 12, 0, 2, 20, true, false)]  // overlaps it: double booked
    public void Checks_ShiftNearADayShift_SayWhatTheFullCheckFinds(int fromDay, int fromHour, int fromMinute, int toDay, int toHour, bool doubleBooks, bool breaksPeriods)
    {
        var b = new ResidentScheduleBuilder()
            .Resident("ada")
            .Work("ada", ShiftTemplate.At(Ward, 2, new(8, 0), new(16, 0)))
            .Shift("candidate", new ShiftTemplate(Ward, fromDay, new(fromHour, fromMinute), toDay, new(toHour, 0)));
        var problem = CompiledProblem.Compile(b.BuildProblem());
        var checker = new IncrementalChecker(problem, CompiledSchedule.Compile(problem, b.BuildSchedule()));
        Assert.True(problem.TryGetPerson("ada", out var ada));
        Assert.True(problem.TryGetShift("candidate", out var candidate));

        var said = (checker.DoubleBooks(ada, candidate), !doubleBooks && checker.BreaksDutyPeriods(ada, candidate));
        var added = checker.Add(ada, candidate).Added.ToArray();

        Assert.Equal((doubleBooks, breaksPeriods), said);
        Assert.Equal(doubleBooks, added.Any(v => v.Rule == RuleId.DoubleBooking));
        Assert.Equal(breaksPeriods, added.Any(v => v.Rule is RuleId.Rest or RuleId.ContinuousDuty));
    }
}
