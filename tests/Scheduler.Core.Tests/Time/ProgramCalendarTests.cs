using System.Text.RegularExpressions;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Time;

namespace Scheduler.Core.Tests.Time;

/// <summary>
/// The calendar reads zones from the bundled IANA database only: the same ids, the same minutes and the same
/// version on every host.
/// </summary>
public sealed partial class ProgramCalendarTests
{
    [Fact]
    public void TzdbVersion_IsAnIanaRelease_AndTheCompiledProblemRecordsIt()
    {
        Assert.Matches(IanaRelease(), ProgramCalendar.TzdbVersion);

        var problem = new Problem { Name = "p", TimeZone = "UTC", StartDate = new DateOnly(2026, 7, 1), HorizonDays = 1 };
        Assert.Equal(ProgramCalendar.TzdbVersion, CompiledProblem.Compile(problem).TzdbVersion);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("US/Eastern")]
    [InlineData("Pacific/Honolulu")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    public void TryFindZone_IanaIdOrLink_Found(string id) => Assert.True(ProgramCalendar.TryFindZone(id, out _));

    [Theory]
    [InlineData("Eastern Standard Time")]
    [InlineData("america/new_york")]
    [InlineData("America/Nowhere")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void TryFindZone_WindowsIdWrongCaseOrUnknown_NotFound(string? id) => Assert.False(ProgramCalendar.TryFindZone(id, out _));

    [Fact]
    public void Create_UnknownZone_ThrowsNamingTheField()
    {
        var e = Assert.Throws<ModelException>(() => ProgramCalendar.Create("Mars/Olympus_Mons", new DateOnly(2026, 7, 1)));
        Assert.Contains("timeZone", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMinutes_FallBackRepeatedHour_FirstOccurrence()
    {
        // America/New_York falls back at 02:00 EDT on 2026-11-01: 01:30 happens at 05:30 UTC and again at 06:30 UTC.
        var calendar = ProgramCalendar.Create("America/New_York", new DateOnly(2026, 11, 1));

        Assert.Equal(90, calendar.ToMinutes(new DateOnly(2026, 11, 1), new TimeOnly(1, 30)));
        Assert.Equal(new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc), calendar.ToUtcInstant(90));
        Assert.Equal(1500, calendar.DayStart(1));                           // a 25-hour day
        Assert.Equal(new DateTime(2026, 11, 1, 1, 30, 0), calendar.ToLocal(150)); // the second 01:30
        Assert.Equal(TimeSpan.FromHours(-4), calendar.OffsetAt(0));
        Assert.Equal(TimeSpan.FromHours(-5), calendar.OffsetAt(1500));
    }

    [Fact]
    public void ToMinutes_LordHoweHalfHourChange_ElapsedMinutes()
    {
        // Lord Howe Island moves its clocks by 30 minutes: back at 02:00 local on 2026-04-05 (+11 to +10:30).
        var calendar = ProgramCalendar.Create("Australia/Lord_Howe", new DateOnly(2026, 4, 5));

        Assert.Equal(1470, calendar.DayStart(1));
        Assert.Equal(TimeSpan.FromMinutes(660), calendar.OffsetAt(0));
        Assert.Equal(TimeSpan.FromMinutes(630), calendar.OffsetAt(1470));
    }

    [GeneratedRegex(@"^\d{4}[a-z]$")]
    private static partial Regex IanaRelease();
}
