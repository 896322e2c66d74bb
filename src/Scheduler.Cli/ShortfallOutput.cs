using System.Text.Json;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;

namespace Scheduler.Cli;

/// <summary>The reasons for short shifts (<see cref="ShortfallReasons"/>) as text and JSON.</summary>
internal static class ShortfallOutput
{
    /// <summary>Per short shift: its count, the change that would mend it, and every eligible person grouped by reason.</summary>
    public static void WriteText(TextWriter o, CompiledProblem problem, IReadOnlyList<ShortShift> shortfalls)
    {
        o.WriteLine($"Short shifts: {shortfalls.Count}");
        foreach (var shortShift in shortfalls)
        {
            var s = shortShift.Shift;
            o.WriteLine($"  {problem.ShiftId(s)} ({When(problem, s)}): {shortShift.Assigned} of {shortShift.Needed} people; "
                + $"{ReportOutput.Plural(shortShift.Candidates.Count, "eligible person", "eligible people")} not on it");
            o.WriteLine($"    mend: {Mend(problem, shortShift.Mend)}");
            var absent = Ids(problem, shortShift.Candidates, CandidateReason.Absent);
            if (absent.Length > 0)
            {
                o.WriteLine($"    absent: {absent}");
            }

            var free = Ids(problem, shortShift.Candidates, CandidateReason.Free);
            if (free.Length > 0)
            {
                o.WriteLine($"    free, adding them breaks no hard rule: {free}");
            }

            foreach (var c in shortShift.Candidates.Where(c => c.Reason == CandidateReason.Overlapping))
            {
                var move = c.Breaks.Count == 0 ? "moving them breaks no hard rule" : $"moving them: {First(problem, c.Breaks)}";
                o.WriteLine($"    {problem.PersonId(c.Person)} works {problem.ShiftId(c.OtherShift)} at that time; {move}");
            }

            foreach (var c in shortShift.Candidates.Where(c => c.Reason == CandidateReason.WouldBreak))
            {
                o.WriteLine($"    {problem.PersonId(c.Person)} would break {ViolationText.RuleName(c.Breaks[0].Rule)}: {First(problem, c.Breaks)}");
            }
        }

        o.WriteLine();
    }

    /// <summary>The <c>shortShifts</c> array: shift, local times, assigned, needed, mend and candidates with reasons.</summary>
    public static void WriteJson(Utf8JsonWriter w, CompiledProblem problem, IReadOnlyList<ShortShift> shortfalls)
    {
        w.WriteStartArray("shortShifts");
        foreach (var shortShift in shortfalls)
        {
            var s = shortShift.Shift;
            w.WriteStartObject();
            w.WriteString("shift", problem.ShiftId(s));
            w.WriteString("from", ViolationText.Local(problem, problem.ShiftStart[s]));
            w.WriteString("to", ViolationText.Local(problem, problem.ShiftEnd[s]));
            w.WriteNumber("assigned", shortShift.Assigned);
            w.WriteNumber("needed", shortShift.Needed);
            if (shortShift.Mend is { } mend)
            {
                w.WritePropertyName("mend");
                WriteCandidate(w, problem, mend);
            }
            else
            {
                w.WriteNull("mend");
            }

            w.WriteStartArray("candidates");
            foreach (var c in shortShift.Candidates)
            {
                WriteCandidate(w, problem, c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteCandidate(Utf8JsonWriter w, CompiledProblem problem, ShortfallCandidate c)
    {
        w.WriteStartObject();
        w.WriteString("person", problem.PersonId(c.Person));
        w.WriteString("reason", ReportOutput.CamelCase(c.Reason.ToString()));
        if (c.OtherShift >= 0)
        {
            w.WriteString("otherShift", problem.ShiftId(c.OtherShift));
        }

        w.WriteStartArray("breaks");
        foreach (var v in c.Breaks)
        {
            w.WriteStartObject();
            w.WriteString("rule", ReportOutput.JsonName(v.Rule));
            w.WriteString("message", ViolationText.Describe(problem, v));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Mend(CompiledProblem problem, ShortfallCandidate? mend) => mend switch
    {
        null => "no single change: every eligible person is absent, or adding or moving them breaks a hard rule or leaves another shift short",
        { Reason: CandidateReason.Free } => $"add {problem.PersonId(mend.Person)} (breaks no hard rule)",
        _ => $"move {problem.PersonId(mend.Person)} from {problem.ShiftId(mend.OtherShift)} (breaks no hard rule, leaves that shift covered)",
    };

    private static string First(CompiledProblem problem, IReadOnlyList<Violation> breaks) =>
        ViolationText.Describe(problem, breaks[0]) + (breaks.Count > 1 ? $" (and {breaks.Count - 1} more)" : "");

    private static string Ids(CompiledProblem problem, IReadOnlyList<ShortfallCandidate> candidates, CandidateReason reason) =>
        string.Join(", ", candidates.Where(c => c.Reason == reason).Select(c => problem.PersonId(c.Person)));

    private static string When(CompiledProblem problem, int shift) =>
        $"{ViolationText.Local(problem, problem.ShiftStart[shift])} to {ViolationText.Local(problem, problem.ShiftEnd[shift])}";
}
