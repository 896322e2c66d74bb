using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Service;

namespace Scheduler.Cli;

/// <summary>
/// `scheduler check-swap` (is one change to a published schedule legal, and what it would add and remove) and
/// `scheduler partners` (every legal taker or swap partner for one person's shift, least burdened first).
/// </summary>
internal static class ChangeCommands
{
    public static Command CheckSwap(TextWriter stdout)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string>("--schedule") { Description = "The schedule to change (it is not written).", Required = true };
        var kind = new Option<string>("--kind")
        {
            Description = "swap (person gives shift to other-person and takes other-shift from them), give (person gives shift to other-person), add (person takes shift), remove (person leaves shift).",
            DefaultValueFactory = _ => "swap",
        };
        var person = new Option<string>("--person") { Description = "The person who gives, takes or leaves a shift (id).", Required = true };
        var shift = new Option<string>("--shift") { Description = "That person's shift (id).", Required = true };
        var otherPerson = new Option<string?>("--other-person") { Description = "swap and give: the other person (id)." };
        var otherShift = new Option<string?>("--other-shift") { Description = "swap: the other person's shift, given in return (id)." };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON." };
        var command = new Command(
            "check-swap",
            "Judge one change to a schedule without making it, on the incremental checker: legal when it adds no violation of a hard rule. Exit code 0 legal, 1 not, 2 bad input.")
        {
            problemPath, schedulePath, kind, person, shift, otherPerson, otherShift, json,
        };

        command.SetAction(parse =>
        {
            var name = parse.GetValue(kind)!;
            var index = Array.FindIndex([.. ScheduleChange.KindNames], k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new ModelException("kind", $"expected {string.Join(", ", ScheduleChange.KindNames)}, got '{name}'");
            }

            var engine = new SchedulerEngine();
            var problem = engine.LoadProblem(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = engine.LoadSchedule(problem.Hash, ScheduleFile.Read(parse.GetValue(schedulePath)!));
            var change = new ScheduleChange((ChangeKind)index, parse.GetValue(person)!, parse.GetValue(shift)!, parse.GetValue(otherPerson), parse.GetValue(otherShift));
            var check = engine.CheckChange(problem.Hash, schedule.Hash, change);
            var compiled = problem.Problem;
            if (parse.GetValue(json))
            {
                ReportOutput.WriteJsonObject(stdout, w =>
                {
                    w.WriteBoolean("legal", check.Legal);
                    WriteViolations(w, "added", compiled, check.Added);
                    WriteViolations(w, "removed", compiled, check.Removed);
                });
            }
            else
            {
                var hard = check.Added.Count(v => !compiled.IsSoft(v));
                stdout.WriteLine(check.Legal
                    ? "Legal     adds no violation of a hard rule"
                    : $"NOT legal adds {ReportOutput.Plural(hard, "violation")} of hard rules");
                foreach (var (label, list) in new[] { ("Adds", check.Added), ("Removes", check.Removed) })
                {
                    stdout.WriteLine($"{label,-9} {(list.Count == 0 ? "nothing" : ReportOutput.Plural(list.Count, "violation"))}");
                    foreach (var v in list)
                    {
                        stdout.WriteLine($"  - {(compiled.IsSoft(v) ? "(soft) " : "")}{ViolationText.Describe(compiled, v)}");
                    }
                }
            }

            return check.Legal ? SchedulerCli.Ok : SchedulerCli.Violations;
        });
        return command;
    }

    public static Command Partners(TextWriter stdout)
    {
        var problemPath = new Argument<string>("problem") { Description = ProblemInput.Description };
        var schedulePath = new Option<string>("--schedule") { Description = "The schedule (it is not written).", Required = true };
        var person = new Option<string>("--person") { Description = "The person giving the shift away (id).", Required = true };
        var shift = new Option<string>("--shift") { Description = "Their shift (id).", Required = true };
        var within = new Option<int>("--within")
        {
            Description = "Offer swaps for the partner's shifts of the same activity starting within this many days (default 7).",
            DefaultValueFactory = _ => SwapPartners.DefaultWithinDays,
        };
        var top = new Option<int>("--top") { Description = "Partners to list, best first (0: all; default 20).", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the partners as JSON (all of them)." };
        var command = new Command(
            "partners",
            "List every legal taker of one person's shift and every legal swap for it (a shift of the same activity within --within days), ranked by the least burden on the partner: duty hours in the 4 weeks up to the shift, then calls, then nights. Exit code 0, 2 bad input.")
        {
            problemPath, schedulePath, person, shift, within, top, json,
        };

        command.SetAction(parse =>
        {
            var days = parse.GetValue(within);
            if (days is < 0 or > 366)
            {
                throw new ModelException("within", $"expected 0..366 days, got {days}");
            }

            var problem = CompiledProblem.Compile(ProblemInput.Read(parse.GetValue(problemPath)!));
            var schedule = CompiledSchedule.Compile(problem, ScheduleFile.Read(parse.GetValue(schedulePath)!, problem.Source));
            var personId = parse.GetValue(person)!;
            var shiftId = parse.GetValue(shift)!;
            if (!problem.TryGetPerson(personId, out var p))
            {
                throw new ModelException("person", $"unknown person '{personId}'");
            }

            if (!problem.TryGetShift(shiftId, out var s))
            {
                throw new ModelException("shift", $"unknown shift '{shiftId}'");
            }

            if (schedule.PeopleOn(s).BinarySearch(p) < 0)
            {
                throw new ModelException("shift", $"{personId} does not work {shiftId} in this schedule");
            }

            var partners = SwapPartners.Find(new IncrementalChecker(problem, schedule), p, s, days);
            if (parse.GetValue(json))
            {
                ReportOutput.WriteJsonObject(stdout, w =>
                {
                    w.WriteString("person", personId);
                    w.WriteString("shift", shiftId);
                    w.WriteNumber("withinDays", days);
                    w.WriteStartArray("partners");
                    foreach (var x in partners)
                    {
                        w.WriteStartObject();
                        w.WriteString("person", problem.PersonId(x.Person));
                        w.WriteString("kind", x.OtherShift < 0 ? "take" : "swap");
                        if (x.OtherShift >= 0)
                        {
                            w.WriteString("otherShift", problem.ShiftId(x.OtherShift));
                        }

                        w.WriteNumber("dutyHours", Math.Round(x.DutyMinutes / 60.0, 2));
                        w.WriteNumber("calls", x.Calls);
                        w.WriteNumber("nights", x.Nights);
                        w.WriteNumber("softAdded", x.SoftAdded);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return SchedulerCli.Ok;
            }

            var takes = partners.Count(x => x.OtherShift < 0);
            stdout.WriteLine($"{personId}'s {shiftId} ({ViolationText.Local(problem, problem.ShiftStart[s])} to {ViolationText.Local(problem, problem.ShiftEnd[s])}): "
                + $"{ReportOutput.Plural(takes, "legal taker")}, {ReportOutput.Plural(partners.Count - takes, "legal swap")} within {days} days");
            var listed = parse.GetValue(top) is > 0 and var n ? partners.Take(n).ToList() : partners.ToList();
            if (listed.Count > 0)
            {
                stdout.WriteLine($"  {"#",3}  {"person",-12} {"change",-42} {"hours",7} {"calls",5} {"nights",6} {"soft",4}");
            }

            for (var k = 0; k < listed.Count; k++)
            {
                var x = listed[k];
                var change = x.OtherShift < 0 ? "takes it" : $"swaps for {problem.ShiftId(x.OtherShift)}";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {k + 1,3}  {problem.PersonId(x.Person),-12} {change,-42} {x.DutyMinutes / 60.0,7:0.#} {x.Calls,5} {x.Nights,6} {x.SoftAdded,4}"));
            }

            if (listed.Count < partners.Count)
            {
                stdout.WriteLine($"  and {partners.Count - listed.Count} more (--top 0 lists all)");
            }

            stdout.WriteLine("hours, calls and nights: the partner's in the 4 weeks up to the shift's day, after the change; soft: soft violations it adds");
            return SchedulerCli.Ok;
        });
        return command;
    }

    private static void WriteViolations(Utf8JsonWriter w, string name, CompiledProblem problem, IReadOnlyList<Violation> violations)
    {
        w.WriteStartArray(name);
        foreach (var v in violations)
        {
            w.WriteStartObject();
            w.WriteString("rule", ReportOutput.JsonName(v.Rule));
            w.WriteBoolean("soft", problem.IsSoft(v));
            w.WriteString("message", ViolationText.Describe(problem, v));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
