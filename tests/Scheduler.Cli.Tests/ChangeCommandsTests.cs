using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Testing;
using static Scheduler.Cli.Tests.CliRun;

namespace Scheduler.Cli.Tests;

public sealed class ChangeCommandsTests
{
    private static readonly string Small = TestData.Problem("small.msgpack");
    private static readonly string SmallSchedule = TestData.Problem("small.schedule.msgpack");

    [Fact]
    public void CheckSwap_GiveToSomeoneOnCallTheDayBefore_NotLegalNamingWhatItBreaks()
    {
        var (code, output, _) = Run(
            "check-swap", Small, "--schedule", SmallSchedule, "--kind", "give", "--person", "res-007", "--shift", "2026-07-03/call/24h", "--other-person", "res-005");

        Assert.Equal(1, code);
        Assert.Contains("NOT legal adds 2 violations of hard rules", output, StringComparison.Ordinal);
        Assert.Contains("(res-005) is double-booked: 2026-07-03/call/24h overlaps another shift by 3 h", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSwap_GiveToTheFirstPartner_LegalAndTheSameInJson()
    {
        var args = new[] { "check-swap", Small, "--schedule", SmallSchedule, "--kind", "give", "--person", "res-007", "--shift", "2026-07-03/call/24h", "--other-person", "res-006" };

        var (code, output, _) = Run(args);
        var (jsonCode, json, _) = Run([.. args, "--json"]);

        Assert.Equal(0, code);
        Assert.StartsWith("Legal     adds no violation of a hard rule", output, StringComparison.Ordinal);
        Assert.Equal(0, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("legal").GetBoolean());
    }

    [Fact]
    public void Partners_CallShift_ListsTheLibrarysPartnersBestFirst()
    {
        var (code, output, _) = Run("partners", Small, "--schedule", SmallSchedule, "--person", "res-007", "--shift", "2026-07-03/call/24h", "--json");

        Assert.Equal(0, code);
        var problem = CompiledProblem.Compile(ProblemFile.Read(Small));
        var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(SmallSchedule));
        problem.TryGetPerson("res-007", out var person);
        problem.TryGetShift("2026-07-03/call/24h", out var shift);
        var expected = SwapPartners.Find(new IncrementalChecker(problem, schedule), person, shift);
        using var doc = JsonDocument.Parse(output);
        var listed = doc.RootElement.GetProperty("partners").EnumerateArray()
            .Select(x => (x.GetProperty("person").GetString()!, x.TryGetProperty("otherShift", out var other) ? other.GetString() : null)).ToList();
        Assert.NotEmpty(listed);
        Assert.Equal(expected.Select(x => (problem.PersonId(x.Person), x.OtherShift < 0 ? null : problem.ShiftId(x.OtherShift))), listed);

        var (textCode, text, _) = Run("partners", Small, "--schedule", SmallSchedule, "--person", "res-007", "--shift", "2026-07-03/call/24h");
        Assert.Equal(0, textCode);
        Assert.Contains($"{expected.Count(x => x.OtherShift < 0)} legal taker", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("partners", "--person", "res-999", "person")]
    [InlineData("partners", "--shift", "2026-07-04/call/24h", "shift")]
    [InlineData("partners", "--within", "-1", "within")]
    [InlineData("check-swap", "--kind", "trade", "kind")]
    [InlineData("check-swap", "--other-person", "res-999", "otherPerson")]
    public void ChangeCommands_BadInput_ExitTwoNamingTheField(string command, string option, string value, string field)
    {
        var args = new List<string> { command, Small, "--schedule", SmallSchedule, "--person", "res-007", "--shift", "2026-07-03/call/24h" };
        if (command == "check-swap" && option != "--other-person")
        {
            args.AddRange(["--other-person", "res-006"]);
        }

        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        if (command == "check-swap" && option == "--other-person")
        {
            args.AddRange(["--kind", "give"]);
        }

        var (code, _, err) = Run([.. args]);

        Assert.Equal(2, code);
        Assert.Contains(field, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_OneShiftGivenAway_TwoPersonDaysChanged()
    {
        var dir = Directory.CreateTempSubdirectory("scheduler-diff-").FullName;
        try
        {
            var schedule = ScheduleFile.Read(SmallSchedule);
            var changed = schedule with
            {
                Assignments = [.. schedule.Assignments.Select(a => a is { PersonId: "res-007", ShiftId: "2026-07-03/call/24h" } ? a with { PersonId = "res-006" } : a)],
            };
            var path = Path.Combine(dir, "changed.json");
            ScheduleFile.Write(changed, path);

            var (code, output, _) = Run("diff", SmallSchedule, path, "--problem", Small);
            var (jsonCode, json, _) = Run("diff", SmallSchedule, path, "--problem", Small, "--json");
            var page = Path.Combine(dir, "diff.html");
            var (htmlCode, _, _) = Run("diff", SmallSchedule, path, "--problem", Small, "--html", page);
            var (guardCode, guarded, _) = Run("diff", SmallSchedule, path, "--problem", Small, "--guard");
            var (strictCode, strict, _) = Run("diff", SmallSchedule, path, "--problem", Small, "--guard", "--max-person-churn", "0.05");
            var (same, sameOutput, _) = Run("diff", SmallSchedule, SmallSchedule, "--problem", Small);
            var other = Path.Combine(dir, "other.json");
            ScheduleFile.Write(new Schedule("other", [new Assignment("res-001", "no-such-shift")]), other);
            var (bad, _, err) = Run("diff", SmallSchedule, other, "--problem", Small);

            Assert.Equal(0, code);
            Assert.Contains("Diff      2 person-days changed of", output, StringComparison.Ordinal);
            Assert.Contains("    2026-07-03 Fri  - 2026-07-03/call/24h", output, StringComparison.Ordinal);
            Assert.Contains("    2026-07-03 Fri  + 2026-07-03/call/24h", output, StringComparison.Ordinal);
            Assert.Equal(0, jsonCode);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(2, doc.RootElement.GetProperty("changedDays").GetInt32());
            Assert.Equal(["res-006", "res-007"], doc.RootElement.GetProperty("changes").EnumerateArray().Select(x => x.GetProperty("person").GetString()).Order());
            Assert.Equal(0, htmlCode);
            var html = File.ReadAllText(page);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<td class=\"(we )?chg\""));
            Assert.Contains("add\" title=\"2026-07-03/call/24h", html, StringComparison.Ordinal);
            Assert.Contains("del\" title=\"2026-07-03/call/24h", html, StringComparison.Ordinal);
            Assert.Contains("<tr><th>Changes</th><td>2 person-days of", html, StringComparison.Ordinal);
            Assert.Equal(0, guardCode);
            Assert.Contains("Guard     within the limits", guarded, StringComparison.Ordinal);
            Assert.Equal(1, strictCode);
            Assert.Contains("Guard     REFUSED:", strict, StringComparison.Ordinal);
            Assert.Contains("(res-006): churn 7.1 % (1 of 14 days worked), over the 5 % limit for anyone", strict, StringComparison.Ordinal);
            Assert.Equal(0, same);
            Assert.Contains("nobody's schedule changed", sameOutput, StringComparison.Ordinal);
            Assert.Equal(2, bad);
            Assert.Contains("assignments[", err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
