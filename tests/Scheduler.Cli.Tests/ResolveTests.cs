using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Formats;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

/// <summary>`scheduler resolve` on small after a resident's week of sick leave.</summary>
public sealed class ResolveTests : IDisposable
{
    private static readonly string Small = TestData.Problem("small.msgpack");
    private static readonly string SmallSchedule = TestData.Problem("small.schedule.msgpack");
    private readonly string _dir = Directory.CreateTempSubdirectory("scheduler-resolve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Change(string body)
    {
        var path = PathOf($"change-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{ "format": "scheduler-change", "version": 1, {{body}} }""");
        return path;
    }

    private static string SickWeek => """ "absences": [ { "person": "res-007", "kind": "sick", "from": "2026-07-10", "to": "2026-07-17" } ] """;

    private static (CompiledProblem Problem, CompiledSchedule Published, CompiledSchedule Changed) Load(string changed)
    {
        var problem = CompiledProblem.Compile(ProblemFile.Read(Small));
        return (problem, CompiledSchedule.Compile(problem, ScheduleFile.Read(SmallSchedule)), CompiledSchedule.Compile(problem, ScheduleFile.Read(changed)));
    }

    [Fact]
    public void Resolve_WeekOfSickLeave_FillsTheHoleWithFewChangesAndBreaksNothing()
    {
        var output = PathOf("new.msgpack");

        var (code, stdout, stderr) = Run("resolve", Small, "--from", SmallSchedule, "--change", Change(SickWeek), "--out", output, "--workers", "2", "--time-limit", "30");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("Guard     within the limits", stdout, StringComparison.Ordinal);
        var (problem, published, changed) = Load(output);
        problem.TryGetPerson("res-007", out var sick);
        var from = problem.DayStarts[problem.HistoryDays + 8];
        var to = problem.DayStarts[problem.HistoryDays + 15];
        Assert.DoesNotContain(changed.Duties(sick).ToArray(), d => d.Start < to && d.End > from);
        var diff = ScheduleDiff.Of(published, changed);
        Assert.InRange(diff.Churn, 0.001, 0.05);
        var report = ComplianceChecker.Check(changed);
        Assert.Equal(0, report.HardCount);

        // Every shift the published schedule covered is still covered.
        var shortBefore = ComplianceChecker.Check(published).Violations.Count(v => v.Rule == RuleId.Coverage);
        Assert.True(report.Violations.Count(v => v.Rule == RuleId.Coverage) <= shortBefore);
    }

    [Fact]
    public void Resolve_ChurnOverTheLimit_RefusedAndNothingWrittenUnlessForced()
    {
        var output = PathOf("refused.msgpack");
        var change = Change(SickWeek);

        var (code, stdout, _) = Run("resolve", Small, "--from", SmallSchedule, "--change", change, "--out", output, "--workers", "2", "--max-churn", "0.001");
        var (forced, _, _) = Run("resolve", Small, "--from", SmallSchedule, "--change", change, "--out", output, "--workers", "2", "--max-churn", "0.001", "--force");

        Assert.Equal(1, code);
        Assert.Contains("Guard     REFUSED:", stdout, StringComparison.Ordinal);
        Assert.Contains("over the 0 % limit", stdout, StringComparison.Ordinal);
        Assert.Contains("Written   nothing", stdout, StringComparison.Ordinal);
        Assert.Equal(0, forced);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Resolve_FrozenUntilAfterTheLeave_OnlyTheForcedRemovalsBeforeIt()
    {
        var output = PathOf("frozen.msgpack");
        var change = Change(""" "absences": [ { "person": "res-007", "from": "2026-07-03", "to": "2026-07-05" } ], "frozenUntil": "2026-07-10" """);

        var (code, stdout, stderr) = Run("resolve", Small, "--from", SmallSchedule, "--change", change, "--out", output, "--workers", "2", "--time-limit", "30");

        Assert.True(code == 0, stdout + stderr);
        var (problem, published, changed) = Load(output);
        problem.TryGetPerson("res-007", out var sick);
        var frozenDays = 8;
        var before = ScheduleDiff.Of(published, changed).Changes.Where(c => c.Day < frozenDays).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, c => Assert.True(c.Person == sick && c.Added.Count == 0, $"a change on day {c.Day} of person {c.Person} in the frozen days"));
    }

    [Fact]
    public void Resolve_LeaverAndNewcomerInMessagePack_NewcomerWorksOnlyFromTheirDate()
    {
        var json = Change("""
            "leaving": [ { "person": "res-007", "date": "2026-07-15" } ],
            "arriving": [ { "person": { "id": "res-new", "name": "Dana New", "role": "resident", "pgy": 2, "qualifications": ["icu", "procedures"] }, "date": "2026-07-15" } ]
            """);
        var binary = PathOf("change.msgpack");
        var output = PathOf("arrived.json");
        Assert.Equal(0, Run("convert", json, binary).Code);

        var (code, stdout, stderr) = Run("resolve", Small, "--from", SmallSchedule, "--change", binary, "--out", output, "--workers", "2", "--time-limit", "30");

        Assert.True(code == 0, stdout + stderr);
        var source = ProblemFile.Read(Small);
        var change = ChangeFile.Read(File.ReadAllBytes(binary), CompiledProblem.Compile(source));
        var problem = CompiledProblem.Compile(change.ApplyTo(source));
        var changed = CompiledSchedule.Compile(problem, ScheduleFile.Read(output));
        problem.TryGetPerson("res-new", out var newcomer);
        problem.TryGetPerson("res-007", out var leaver);
        var date = problem.DayStarts[problem.HistoryDays + 13];
        Assert.All(changed.Duties(newcomer).ToArray(), d => Assert.True(d.Start >= date));
        Assert.All(changed.Duties(leaver).ToArray(), d => Assert.True(d.IsHistory || d.Start < date));
        Assert.Equal(0, ComplianceChecker.Check(changed).HardCount);
    }

    [Theory]
    [InlineData(""" "absences": [ { "person": "res-999", "from": "2026-07-10", "to": "2026-07-17" } ] """, "absences[0].person")]
    [InlineData(""" "absences": [ { "person": "res-007", "from": "2026-07-17", "to": "2026-07-10" } ] """, "absences[0].to")]
    [InlineData(""" "frozenUntil": "2027-01-01" """, "frozenUntil")]
    [InlineData(""" "coverage": [ { "shift": "2026-07-03/call/24h", "minPeople": 2, "maxPeople": 1 } ] """, "coverage[0].maxPeople")]
    [InlineData(""" "pinned": [ { "person": "res-007", "shift": "nope" } ] """, "pinned[0].shift")]
    public void Resolve_BadChange_ExitsTwoNamingTheFieldAndWritesNothing(string body, string field)
    {
        var output = PathOf("bad.msgpack");

        var (code, _, err) = Run("resolve", Small, "--from", SmallSchedule, "--change", Change(body), "--out", output);

        Assert.Equal(2, code);
        Assert.Contains(field, err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Resolve_ScheduleOfAnotherProblem_ExitsTwoNamingTheHashAndWritesNothing()
    {
        var other = PathOf("other.msgpack");
        var output = PathOf("never.msgpack");
        ScheduleFile.Write(ScheduleFile.Read(SmallSchedule) with { ProblemHash = ContentHash.Of(ProblemFile.Read(TestData.Problem("tiny.msgpack"))) }, other);

        var (code, _, err) = Run("resolve", Small, "--from", other, "--change", Change(SickWeek), "--out", output);
        var (validate, _, validateErr) = Run("validate", Small, "--schedule", other);

        Assert.Equal(2, code);
        Assert.Contains("problemHash: this schedule was made for another problem", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal(2, validate);
        Assert.Contains("problemHash", validateErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WrittenScheduleRecordsTheProblemGiven_AndResolvesAgainFromIt()
    {
        var first = PathOf("first.msgpack");
        var second = PathOf("second.msgpack");

        var (one, out1, err1) = Run("resolve", Small, "--from", SmallSchedule, "--change", Change(SickWeek), "--out", first, "--workers", "2", "--time-limit", "30");
        var (two, out2, err2) = Run("resolve", Small, "--from", first, "--change", Change(""" "leaving": [ { "person": "res-011", "date": "2026-07-20" } ] """), "--out", second, "--workers", "2", "--time-limit", "30");

        Assert.True(one == 0, out1 + err1);
        Assert.True(two == 0, out2 + err2);
        Assert.Equal(ContentHash.Of(ProblemFile.Read(Small)), ScheduleFile.Read(first).ProblemHash);
    }

    [Fact]
    public void Contingency_FirstWeekOfSmall_NamesTheFacultyNobodyCanReplace()
    {
        var (code, output, _) = Run("contingency", Small, "--schedule", SmallSchedule, "--json");

        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var people = doc.RootElement.GetProperty("absences").EnumerateArray().ToList();
        var first = people[0];
        Assert.Equal(["fac-003"], first.GetProperty("people").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("atRisk", first.GetProperty("kind").GetString());
        Assert.True(first.GetProperty("certain").GetBoolean());
        Assert.Contains("2026-07-07/ward-1/day", first.GetProperty("shiftsAtRisk").EnumerateArray().Select(x => x.GetString()));

        // Every other person who works that week is covered (mended or re-solved) or at risk, never left out.
        Assert.Equal(16, people.Count(p => p.GetProperty("kind").GetString() != "idle"));
        Assert.All(
            people.Where(p => p.GetProperty("kind").GetString() is "mended" or "resolved"),
            p => Assert.Empty(p.GetProperty("shiftsAtRisk").EnumerateArray()));
    }

    [Fact]
    public void ContingencyN2_FirstWeekOfSmall_TriesPairsWithoutACertainSinglePointOfFailure()
    {
        var (one, single, _) = Run("contingency", Small, "--schedule", SmallSchedule, "--json");
        var (two, paired, _) = Run("contingency", Small, "--schedule", SmallSchedule, "--n", "2", "--pairs", "4", "--json");

        Assert.Equal(0, one);
        Assert.Equal(0, two);
        static List<System.Text.Json.JsonElement> Absences(string json) =>
            [.. System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("absences").EnumerateArray()];
        static string[] People(System.Text.Json.JsonElement e) => [.. e.GetProperty("people").EnumerateArray().Select(x => x.GetString()!)];
        var certain = Absences(single).Where(a => a.GetProperty("certain").GetBoolean()).Select(a => People(a)[0]).ToHashSet();
        var pairs = Absences(paired);
        Assert.NotEmpty(certain);
        Assert.Equal(4, pairs.Count);
        Assert.Equal(4, pairs.Select(p => string.Join(",", People(p).Order())).Distinct().Count());
        Assert.All(pairs, p =>
        {
            Assert.Equal(2, People(p).Distinct().Count());
            Assert.DoesNotContain(People(p), certain.Contains);
            Assert.Equal(p.GetProperty("kind").GetString() == "atRisk", p.GetProperty("shiftsAtRisk").GetArrayLength() > 0);
        });
    }

    [Theory]
    [InlineData("--from", "2027-01-01")]
    [InlineData("--to", "July 3")]
    [InlineData("--n", "3")]
    [InlineData("--pairs", "0")]
    public void Contingency_BadWindow_ExitsTwo(string option, string value)
    {
        var (code, _, err) = Run("contingency", Small, "--schedule", SmallSchedule, option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, err, StringComparison.Ordinal);
    }
}
