using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// One person's items in start order: history first (fixed, constant true), then the shifts the person may
/// work (their assignment variables). The per-person encoders read this the way the checkers read a
/// person's duties.
/// </summary>
internal sealed class Timeline
{
    public Timeline(CompiledProblem problem, AssignmentVariables vars, int person)
    {
        Person = person;
        var history = problem.History(person);
        var pairs = vars.OfPerson(person);
        var count = history.Length + pairs.End.Value - pairs.Start.Value;
        Start = new int[count];
        End = new int[count];
        Day = new int[count];
        Kinds = new ActivityKinds[count];
        Items = new Lit[count];
        Shift = new int[count];
        var i = 0;
        foreach (ref readonly var duty in history)
        {
            Set(i++, duty, Lit.True);
        }

        HistoryCount = i;
        for (var k = pairs.Start.Value; k < pairs.End.Value; k++)
        {
            Set(i++, problem.DutyOf(vars.PairShift[k]), Lit.Of(vars.Vars[k]));
        }
    }

    public int Person { get; }

    public int Count => Start.Length;

    /// <summary>Items [0, HistoryCount) are history.</summary>
    public int HistoryCount { get; }

    public int[] Start { get; }

    public int[] End { get; }

    /// <summary>Local day the item starts on, counted from the first history day.</summary>
    public int[] Day { get; }

    public ActivityKinds[] Kinds { get; }

    /// <summary>Whether the item is worked: constant true for history, the assignment variable otherwise.</summary>
    public Lit[] Items { get; }

    /// <summary>The shift index, or -1 for history.</summary>
    public int[] Shift { get; }

    public bool IsDuty(int i) => (Kinds[i] & ActivityKinds.Duty) != 0;

    public bool IsBusy(int i) => (Kinds[i] & (ActivityKinds.Duty | ActivityKinds.HomeCall)) != 0;

    public bool IsHistory(int i) => i < HistoryCount;

    private void Set(int i, Duty duty, Lit item)
    {
        Start[i] = duty.Start;
        End[i] = duty.End;
        Day[i] = duty.Day;
        Kinds[i] = duty.Kinds;
        Items[i] = item;
        Shift[i] = duty.Shift;
    }
}
