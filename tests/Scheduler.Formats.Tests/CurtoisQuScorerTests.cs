using System.Globalization;
using Scheduler.Core.Model;
using Scheduler.Testing;

namespace Scheduler.Formats.Tests;

/// <summary>
/// The independent Curtois-Qu scorer of the test utilities, on hand-made rosters of Instance1 (one shift type D of
/// 480 minutes; every employee: at most 14 D, 3360..4320 minutes, 2..5 days in a row, at least 2 days off in a row,
/// at most 1 weekend) and Instance3 (E, D, L; D and L may not precede E, L may not precede D).
/// </summary>
public sealed class CurtoisQuScorerTests
{
    private static string PathOf(int instance) => Path.Combine(TestData.CurtoisQu, $"Instance{instance}.txt");

    private static readonly CurtoisQuInstance Instance1 = CurtoisQuInstance.Load(PathOf(1));

    private static readonly CurtoisQuInstance Instance3 = CurtoisQuInstance.Load(PathOf(3));

    private static string?[,] Empty(CurtoisQuInstance instance) => new string?[instance.Employees.Count, instance.Days];

    /// <summary>A roster where <paramref name="employee"/> works <paramref name="type"/> on <paramref name="days"/>.</summary>
    private static string?[,] Working(CurtoisQuInstance instance, string employee, string type, params int[] days)
    {
        var roster = Empty(instance);
        foreach (var day in days)
        {
            roster[instance.EmployeeOf(employee), day] = type;
        }

        return roster;
    }

    private static List<CurtoisQuBreach> Breaches(CurtoisQuInstance instance, string?[,] roster, string constraint, string? employee = null) =>
        CurtoisQuScorer.Score(instance, roster).Breaches.Where(b => b.Constraint == constraint && (employee is null || b.Employee == employee)).ToList();

    [Fact]
    public void Score_EmptyRosterOfInstance1_CostsEveryUnderCoverAndOnRequest()
    {
        // From the file's own lines: each cover line's requirement times its under weight, and each on-request's weight.
        var expected = 0;
        string? section = null;
        foreach (var line in File.ReadAllLines(PathOf(1)))
        {
            if (line.StartsWith("SECTION_", StringComparison.Ordinal))
            {
                section = line;
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                var f = line.Split(',').Select(x => int.TryParse(x, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
                expected += section switch
                {
                    "SECTION_COVER" => f[2] * f[3],
                    "SECTION_SHIFT_ON_REQUESTS" => f[3],
                    _ => 0,
                };
            }
        }

        var score = CurtoisQuScorer.Score(Instance1, Empty(Instance1));

        // By hand: 71 people of cover at 100 each, and 10 on-requests of weight 1, 6 of 2 and 5 of 3.
        Assert.Equal(7100 + 37, expected);
        Assert.Equal(expected, score.Objective);
        Assert.Equal((37, 0, 7100, 0), (score.UnmetOnRequests, score.MetOffRequests, score.UnderCover, score.OverCover));

        // Nobody works: only the minimum minutes are broken (the one run of days off touches both ends).
        Assert.Equal(Instance1.Employees, score.Breaches.Select(b => b.Employee));
        Assert.All(score.Breaches, b => Assert.Equal(CurtoisQuScorer.MinMinutes, b.Constraint));
    }

    [Fact]
    public void Score_EveryoneWorksEveryDay_CostsOverCoverAndOffRequests()
    {
        var roster = Empty(Instance1);
        for (var e = 0; e < Instance1.Employees.Count; e++)
        {
            for (var d = 0; d < Instance1.Days; d++)
            {
                roster[e, d] = "D";
            }
        }

        var score = CurtoisQuScorer.Score(Instance1, roster);

        // 8 people a day over 14 days is 112 against 71 required: 41 over at 1 each; off-requests 1 + 1 + 3 + 3 + 3.
        Assert.Equal((0, 11, 0, 41), (score.UnmetOnRequests, score.MetOffRequests, score.UnderCover, score.OverCover));
        Assert.Equal(52, score.Objective);
        Assert.Equal(8, score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.DaysOff));
        Assert.Equal(8, score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.MaxConsecutive));
        Assert.Equal(8, score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.MaxMinutes));
        Assert.Equal(8, score.Breaches.Count(b => b.Constraint == CurtoisQuScorer.MaxWeekends));
        Assert.DoesNotContain(score.Breaches, b => b.Constraint is CurtoisQuScorer.MaxShifts or CurtoisQuScorer.MinConsecutive or CurtoisQuScorer.MinDaysOff);
    }

    [Fact]
    public void Score_OneRequestMetEachWay_ChangesOnlyItsTerm()
    {
        // B asked for D on days 0..4 at weight 3; H asked not to work D on day 2 at weight 3.
        var roster = Working(Instance1, "B", "D", 0, 1, 2, 3, 4);
        roster[Instance1.EmployeeOf("H"), 2] = "D";

        var score = CurtoisQuScorer.Score(Instance1, roster);

        Assert.Equal((37 - 15, 3), (score.UnmetOnRequests, score.MetOffRequests));
        Assert.Equal(7100 - 600, score.UnderCover);
    }

    [Fact]
    public void Score_ForbiddenSuccession_IsReportedOnlyInThatOrder()
    {
        // D then E is forbidden; E then D is allowed.
        var roster = Working(Instance3, "B", "D", 3);
        roster[Instance3.EmployeeOf("B"), 4] = "E";
        roster[Instance3.EmployeeOf("C"), 3] = "E";
        roster[Instance3.EmployeeOf("C"), 4] = "D";

        var breach = Assert.Single(Breaches(Instance3, roster, CurtoisQuScorer.Succession));

        Assert.Equal(new CurtoisQuBreach(CurtoisQuScorer.Succession, "B", "works E on day 4 after D on day 3"), breach);
    }

    [Fact]
    public void Score_ShiftOnDayOff_IsReported()
    {
        // A,0 in SECTION_DAYS_OFF.
        var breach = Assert.Single(Breaches(Instance1, Working(Instance1, "A", "D", 0, 1), CurtoisQuScorer.DaysOff));

        Assert.Equal("A", breach.Employee);
        Assert.Empty(Breaches(Instance1, Working(Instance1, "A", "D", 1, 2), CurtoisQuScorer.DaysOff));
    }

    [Fact]
    public void Score_ShiftTypeWithMaximumZero_IsReported()
    {
        // A,E=14|D=14|L=0,...
        Assert.Single(Breaches(Instance3, Working(Instance3, "A", "L", 5, 6), CurtoisQuScorer.MaxShifts));
        Assert.Empty(Breaches(Instance3, Working(Instance3, "B", "L", 5, 6), CurtoisQuScorer.MaxShifts));
    }

    [Fact]
    public void Score_TotalMinutes_BoundsAreInclusive()
    {
        // 7 shifts of 480 = 3360 (the minimum), 9 = 4320 (the maximum), 10 = 4800.
        Assert.Empty(Breaches(Instance1, Working(Instance1, "E", "D", 0, 1, 2, 3, 4, 6, 7), CurtoisQuScorer.MinMinutes, "E"));
        Assert.Single(Breaches(Instance1, Working(Instance1, "E", "D", 0, 1, 2, 3, 4, 6), CurtoisQuScorer.MinMinutes, "E"));
        Assert.Empty(Breaches(Instance1, Working(Instance1, "E", "D", 0, 1, 2, 3, 4, 6, 7, 8, 10), CurtoisQuScorer.MaxMinutes, "E"));
        Assert.Single(Breaches(Instance1, Working(Instance1, "E", "D", 0, 1, 2, 3, 4, 6, 7, 8, 10, 11), CurtoisQuScorer.MaxMinutes, "E"));
    }

    [Fact]
    public void Score_RunsTouchingTheHorizonsEnds_AreExemptFromMinimums()
    {
        // One day of work at either end, with one long run of days off after or before it.
        Assert.DoesNotContain(CurtoisQuScorer.Score(Instance1, Working(Instance1, "B", "D", 0)).Breaches, IsMinimumOfARun);
        Assert.DoesNotContain(CurtoisQuScorer.Score(Instance1, Working(Instance1, "B", "D", 13)).Breaches, IsMinimumOfARun);

        // One day off at either end: A,0 is A's day off; then A works 1..4, 7..8 and 11..12, off 5..6, 9..10 and 13.
        Assert.DoesNotContain(CurtoisQuScorer.Score(Instance1, Working(Instance1, "A", "D", 1, 2, 3, 4, 7, 8, 11, 12)).Breaches, IsMinimumOfARun);

        // One day further in, the same runs are short.
        Assert.Single(Breaches(Instance1, Working(Instance1, "B", "D", 1), CurtoisQuScorer.MinConsecutive));
        Assert.Single(Breaches(Instance1, Working(Instance1, "A", "D", 1, 2, 3, 4, 7, 8, 10, 11, 12), CurtoisQuScorer.MinDaysOff));
    }

    [Fact]
    public void Score_ShortRunsInside_AreReported()
    {
        // B works day 3 alone (1 < 2 days in a row), 6..7 and 9..10, with one day off between them (1 < 2).
        var roster = Working(Instance1, "B", "D", 3, 6, 7, 9, 10);

        var score = CurtoisQuScorer.Score(Instance1, roster);

        Assert.Equal(
            [
                new CurtoisQuBreach(CurtoisQuScorer.MinConsecutive, "B", "works 1 days in a row from day 3, at least 2"),
                new CurtoisQuBreach(CurtoisQuScorer.MinDaysOff, "B", "is off 1 days in a row from day 8, at least 2"),
            ],
            score.Breaches.Where(IsMinimumOfARun));
    }

    [Fact]
    public void Score_MoreWorkingDaysInARowThanTheMaximum_IsReportedAtTheEndToo()
    {
        // D works 8..13: six days in a row (at most 5), touching the last day; C works 0..5, touching the first.
        var breach = Assert.Single(Breaches(Instance1, Working(Instance1, "D", "D", 8, 9, 10, 11, 12, 13), CurtoisQuScorer.MaxConsecutive));

        Assert.Equal("works 6 days in a row from day 8, at most 5", breach.Detail);
        Assert.Single(Breaches(Instance1, Working(Instance1, "C", "D", 0, 1, 2, 3, 4, 5), CurtoisQuScorer.MaxConsecutive));
        Assert.Empty(Breaches(Instance1, Working(Instance1, "D", "D", 9, 10, 11, 12, 13), CurtoisQuScorer.MaxConsecutive));
    }

    [Fact]
    public void Score_Weekends_SaturdayAndSundayCountOnceAndEitherCounts()
    {
        // Day 0 is a Monday: weekends are days 5-6 and 12-13. G may work one.
        Assert.Empty(Breaches(Instance1, Working(Instance1, "G", "D", 5, 6), CurtoisQuScorer.MaxWeekends));
        Assert.Single(Breaches(Instance1, Working(Instance1, "G", "D", 5, 13), CurtoisQuScorer.MaxWeekends));
        Assert.Single(Breaches(Instance1, Working(Instance1, "G", "D", 6, 12), CurtoisQuScorer.MaxWeekends));
        Assert.Empty(Breaches(Instance1, Working(Instance1, "G", "D", 2, 3, 4, 7, 8, 9, 10, 11), CurtoisQuScorer.MaxWeekends));
    }

    [Fact]
    public void Roster_ScheduleWithImportedShiftIds_FillsEachPersonsDays()
    {
        var schedule = new Schedule("Instance3", [new("A", "E-0"), new("A", "D-1"), new("T", "L-13")]);

        var roster = CurtoisQuScorer.Roster(Instance3, schedule);

        Assert.Equal(("E", "D", "L"), (roster[0, 0], roster[0, 1], roster[Instance3.EmployeeOf("T"), 13]));
        Assert.Equal(3, roster.Cast<string?>().Count(s => s is not null));
    }

    [Fact]
    public void Roster_TwoShiftsOnOneDayOrUnknownIds_Throws()
    {
        Assert.Contains("A works two shifts on day 0", Assert.Throws<ArgumentException>(() =>
            CurtoisQuScorer.Roster(Instance3, new Schedule("x", [new("A", "E-0"), new("A", "D-0")]))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CurtoisQuScorer.Roster(Instance3, new Schedule("x", [new("A", "X-0")])));
        Assert.Throws<ArgumentException>(() => CurtoisQuScorer.Roster(Instance3, new Schedule("x", [new("A", "E-14")])));
        Assert.Throws<ArgumentException>(() => CurtoisQuScorer.Roster(Instance3, new Schedule("x", [new("ZZ", "E-0")])));
    }

    private static bool IsMinimumOfARun(CurtoisQuBreach b) => b.Constraint is CurtoisQuScorer.MinConsecutive or CurtoisQuScorer.MinDaysOff;
}
