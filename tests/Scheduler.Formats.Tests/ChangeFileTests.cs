using System.Text;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Testing;

namespace Scheduler.Formats.Tests;

/// <summary>The change file in both forms, newcomers, and the errors of a bad one, against small.</summary>
public sealed class ChangeFileTests
{
    private static readonly CompiledProblem Small = CompiledProblem.Compile(ProblemFile.Read(TestData.Problem("small.msgpack")));

    private static byte[] Json(string body) =>
        Encoding.UTF8.GetBytes($$"""{ "format": "scheduler-change", "version": 1, {{body}} }""");

    private const string Everything = """
        "absences": [ { "person": "res-007", "kind": "sick", "from": "2026-07-10", "to": "2026-07-17" } ],
        "leaving": [ { "person": "res-011", "date": "2026-07-20" } ],
        "arriving": [ { "person": { "id": "res-new", "name": "Dana New", "role": "resident", "pgy": 2, "qualifications": ["icu"] }, "date": "2026-07-15" } ],
        "coverage": [ { "shift": "2026-07-14/clinic-a/am", "minPeople": 1, "maxPeople": 3 } ],
        "pinned": [ { "person": "res-002", "shift": "2026-07-12/call/24h" } ],
        "frozenUntil": "2026-07-08"
        """;

    [Fact]
    public void MessagePackTwin_ReadsAsTheJsonAndConvertsBack()
    {
        var json = Json(Everything);

        var binary = ChangeFile.Convert(json, FileFormat.MessagePack);
        var fromJson = ChangeFile.Read(json, Small);
        var fromBinary = ChangeFile.Read(binary, Small);

        Assert.Equal("SCHDD"u8.ToArray(), binary[..5]);
        Assert.Equal(fromJson.Absences, fromBinary.Absences);
        Assert.Equal(fromJson.Leaving, fromBinary.Leaving);
        Assert.Equal(fromJson.Arriving, fromBinary.Arriving);
        Assert.Equal(fromJson.Coverage, fromBinary.Coverage);
        Assert.Equal(fromJson.Pinned, fromBinary.Pinned);
        Assert.Equal(fromJson.FrozenUntil, fromBinary.FrozenUntil);
        Assert.Equal(binary, ChangeFile.Convert(ChangeFile.Convert(binary, FileFormat.Json), FileFormat.MessagePack));
    }

    [Fact]
    public void Arrival_AddsThePersonAbsentBeforeTheirDate()
    {
        var change = ChangeFile.Read(Json(Everything), Small);

        var changed = CompiledProblem.Compile(change.ApplyTo(Small.Source));

        Assert.True(changed.TryGetPerson("res-new", out var newcomer));
        Assert.Equal(Small.PersonCount + 1, changed.PersonCount);
        var arrival = changed.DayStarts[changed.HistoryDays + 13];
        var before = Enumerable.Range(0, changed.ShiftCount).Where(s => changed.ShiftStart[s] < arrival).ToList();
        var after = Enumerable.Range(0, changed.ShiftCount).Where(s => changed.ShiftStart[s] >= arrival).ToList();
        Assert.DoesNotContain(before, s => changed.CanWork(newcomer, s));
        Assert.Contains(after, s => changed.CanWork(newcomer, s));
        Assert.Contains("res-new", change.AffectedPeople);
    }

    [Theory]
    [InlineData(""" "arriving": [ { "person": { "id": "res-007", "name": "Twin", "role": "resident", "pgy": 1 }, "date": "2026-07-15" } ] """, "arriving[0].person.id")]
    [InlineData(""" "arriving": [ { "person": { "id": "res-x", "name": "X", "role": "resident", "pgy": 9 }, "date": "2026-07-15" } ] """, "arriving[0].person.pgy")]
    [InlineData(""" "arriving": [ { "person": { "id": "res-x", "name": "X", "role": "surgeon", "pgy": 1 }, "date": "2026-07-15" } ] """, "arriving[0].person.role")]
    [InlineData(""" "arriving": [ { "person": { "id": "res-x", "name": "X", "role": "resident", "pgy": 1, "qualifications": ["acsl"] }, "date": "2026-07-15" } ] """, "arriving[0].person.qualifications")]
    [InlineData(""" "arriving": [ { "person": "res-x", "date": "2026-07-15" } ] """, "arriving[0].person")]
    [InlineData(""" "arriving": [ { "person": { "id": "res-x", "name": "X", "role": "resident", "pgy": 1 }, "date": "2026-09-01" } ] """, "arriving[0].date")]
    [InlineData(""" "leaving": [ { "person": "res-007", "date": "2025-01-01" } ] """, "leaving[0].date")]
    public void BadChange_NamesTheField(string body, string field)
    {
        var e = Assert.Throws<ModelException>(() => ChangeFile.Read(Json(body), Small));

        Assert.Contains(e.Errors, error => error.Path == field);
    }

    [Fact]
    public void CorruptMessagePack_IsAModelExceptionNotACrash()
    {
        var binary = ChangeFile.Convert(Json(Everything), FileFormat.MessagePack);

        for (var cut = 6; cut < binary.Length; cut += 7)
        {
            Assert.Throws<ModelException>(() => ChangeFile.Read(binary.AsSpan(0, cut), Small));
        }

        Assert.Throws<ModelException>(() => ChangeFile.Read("SCHDP\u0001"u8, Small));
        var e = Assert.Throws<ModelException>(() => ChangeFile.Read("SCHDS\u0001\u0090"u8, Small));
        Assert.Contains("schedule file, not a change file", e.Message, StringComparison.Ordinal);
    }
}
