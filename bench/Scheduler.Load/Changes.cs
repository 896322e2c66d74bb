using Scheduler.Core.Compiled;

namespace Scheduler.Load;

/// <summary>One change a <c>check-swap</c> request names (kind as the protocol spells it).</summary>
internal sealed record Change(string Kind, string Person, string Shift, string? OtherPerson = null, string? OtherShift = null)
{
    /// <summary>The request's params for a loaded problem and schedule.</summary>
    public Map Params(string problemHash, string scheduleHash, bool? text = null)
    {
        var p = new Map { { "problem", problemHash }, { "schedule", scheduleHash }, { "kind", Kind }, { "person", Person }, { "shift", Shift } };
        if (OtherPerson is not null)
        {
            p.Add("otherPerson", OtherPerson);
        }

        if (OtherShift is not null)
        {
            p.Add("otherShift", OtherShift);
        }

        if (text is { } t)
        {
            p.Add("text", t);
        }

        return p;
    }
}

/// <summary>
/// Builds changes that fit a schedule (the server answers them with a verdict, not <c>bad-params</c>): 40 % swaps of
/// two assignments of the same activity within two weeks, 30 % gives of a shift to someone who may work it, 15 % adds
/// of a shift to someone who may work it, and 15 % removes. The same seed gives the same changes.
/// </summary>
internal static class Changes
{
    /// <summary><paramref name="count"/> changes to <paramref name="schedule"/>.</summary>
    public static Change[] Build(CompiledSchedule schedule, int count, int seed)
    {
        var problem = schedule.Problem;
        var pairs = schedule.ToPairs();
        var byActivity = pairs.GroupBy(p => problem.ShiftActivity[p.Shift]).ToDictionary(g => g.Key, g => g.ToArray());
        var random = new Random(seed);
        var changes = new List<Change>(count);
        var misses = 0;
        while (changes.Count < count)
        {
            // The kind first, then tries until one fits, so the mix is the one above.
            var roll = random.Next(100);
            Change? change = null;
            while (change is null)
            {
                change = roll switch
                {
                    < 40 => Swap(schedule, byActivity, pairs[random.Next(pairs.Length)], random),
                    < 70 => Give(schedule, pairs[random.Next(pairs.Length)], random),
                    < 85 => Add(schedule, random),
                    _ => Remove(problem, pairs[random.Next(pairs.Length)]),
                };
                if (change is null && ++misses > 100 * count)
                {
                    throw new InvalidOperationException("the schedule leaves too little room for changes that fit");
                }
            }

            changes.Add(change);
        }

        return [.. changes];
    }

    private static Change? Swap(CompiledSchedule schedule, Dictionary<int, (int Person, int Shift)[]> byActivity, (int Person, int Shift) a, Random random)
    {
        var problem = schedule.Problem;
        var same = byActivity[problem.ShiftActivity[a.Shift]];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var b = same[random.Next(same.Length)];
            if (b.Person != a.Person && Math.Abs(problem.ShiftDay[b.Shift] - problem.ShiftDay[a.Shift]) <= 14
                && !Works(schedule, b.Person, a.Shift) && !Works(schedule, a.Person, b.Shift))
            {
                return new Change("swap", problem.PersonId(a.Person), problem.ShiftId(a.Shift), problem.PersonId(b.Person), problem.ShiftId(b.Shift));
            }
        }

        return null;
    }

    private static Change? Give(CompiledSchedule schedule, (int Person, int Shift) a, Random random)
    {
        var problem = schedule.Problem;
        var taker = Taker(schedule, a.Shift, random);
        return taker < 0 || taker == a.Person
            ? null
            : new Change("give", problem.PersonId(a.Person), problem.ShiftId(a.Shift), problem.PersonId(taker));
    }

    private static Change? Add(CompiledSchedule schedule, Random random)
    {
        var problem = schedule.Problem;
        var shift = random.Next(problem.ShiftCount);
        var taker = Taker(schedule, shift, random);
        return taker < 0 ? null : new Change("add", problem.PersonId(taker), problem.ShiftId(shift));
    }

    private static Change Remove(CompiledProblem problem, (int Person, int Shift) a) =>
        new("remove", problem.PersonId(a.Person), problem.ShiftId(a.Shift));

    // Someone who may work the shift and does not yet, or -1.
    private static int Taker(CompiledSchedule schedule, int shift, Random random)
    {
        var problem = schedule.Problem;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var person = random.Next(problem.PersonCount);
            if (problem.CanWork(person, shift) && !Works(schedule, person, shift))
            {
                return person;
            }
        }

        return -1;
    }

    private static bool Works(CompiledSchedule schedule, int person, int shift) => schedule.PeopleOn(shift).BinarySearch(person) >= 0;
}

/// <summary>A problem and a schedule read from files: their bytes for the server, and compiled for building requests.</summary>
internal sealed record Instance(byte[] ProblemBytes, byte[] ScheduleBytes, CompiledSchedule Schedule)
{
    /// <summary>Reads and compiles both files.</summary>
    public static Instance Read(string problemPath, string schedulePath)
    {
        var problemBytes = File.ReadAllBytes(problemPath);
        var scheduleBytes = File.ReadAllBytes(schedulePath);
        var problem = CompiledProblem.Compile(Scheduler.Formats.ProblemFile.Read(problemBytes));
        var schedule = CompiledSchedule.Compile(problem, Scheduler.Formats.ScheduleFile.Read(scheduleBytes));
        return new Instance(problemBytes, scheduleBytes, schedule);
    }

    /// <summary>The problem's people, for messages.</summary>
    public int People => Schedule.Problem.PersonCount;

    /// <summary>The assignments.</summary>
    public int Assignments => Schedule.AssignmentCount;
}
