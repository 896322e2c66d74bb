using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// One person's items in start order: history first (fixed, constant true), then the time slots the person
/// may work. A slot groups the person's candidate shifts with the same interval and kinds (two parallel
/// clinic rooms, two ward teams): the rules cannot tell them apart, and double booking lets at most one be
/// worked, so the slot's literal is their sum. The per-person encoders read this the way the checkers read
/// a person's duties, once per slot instead of once per shift.
/// </summary>
internal sealed class Timeline
{
    public Timeline(ProtoWriter proto, CompiledProblem problem, AssignmentVariables vars, int person)
    {
        Person = person;
        var history = problem.History(person);
        var pairs = vars.OfPerson(person);
        var items = new List<(Duty Duty, Lit Item)>(history.Length + pairs.End.Value - pairs.Start.Value);
        foreach (ref readonly var duty in history)
        {
            items.Add((duty, Lit.True));
        }

        HistoryCount = items.Count;

        // Shifts come in start order; group equal (start, end, kinds) among those starting together.
        var group = new List<int>();
        var terms = new LinearTerms();
        var taken = new List<bool>();
        for (var k = pairs.Start.Value; k < pairs.End.Value;)
        {
            var first = problem.DutyOf(vars.PairShift[k]);
            var next = k;
            while (next < pairs.End.Value && problem.ShiftStart[vars.PairShift[next]] == first.Start)
            {
                next++;
            }

            taken.Clear();
            for (var m = k; m < next; m++)
            {
                taken.Add(false);
            }

            for (var m = k; m < next; m++)
            {
                if (taken[m - k])
                {
                    continue;
                }

                var duty = problem.DutyOf(vars.PairShift[m]);
                group.Clear();
                group.Add(m);
                for (var o = m + 1; o < next; o++)
                {
                    var other = problem.DutyOf(vars.PairShift[o]);
                    if (!taken[o - k] && other.End == duty.End && other.Kinds == duty.Kinds)
                    {
                        group.Add(o);
                        taken[o - k] = true;
                    }
                }

                if (group.Count == 1)
                {
                    items.Add((duty, Lit.Of(vars.Index[m])));
                    continue;
                }

                // slot - sum of the group = 0
                var slot = proto.NewBool();
                terms.Clear().Add(slot);
                foreach (var o in group)
                {
                    terms.Add(vars.Index[o], -1);
                }

                proto.Linear(terms, 0, 0);
                items.Add((duty, Lit.Of(slot)));
            }

            k = next;
        }

        var count = items.Count;
        Start = new int[count];
        End = new int[count];
        Day = new int[count];
        Kinds = new ActivityKinds[count];
        Items = new Lit[count];
        for (var i = 0; i < count; i++)
        {
            var (duty, item) = items[i];
            Start[i] = duty.Start;
            End[i] = duty.End;
            Day[i] = duty.Day;
            Kinds[i] = duty.Kinds;
            Items[i] = item;
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

    /// <summary>Whether the item is worked: constant true for history, a shift's variable or a slot's sum otherwise.</summary>
    public Lit[] Items { get; }

    public bool IsDuty(int i) => (Kinds[i] & ActivityKinds.Duty) != 0;

    public bool IsBusy(int i) => (Kinds[i] & (ActivityKinds.Duty | ActivityKinds.HomeCall)) != 0;

    public bool IsHistory(int i) => i < HistoryCount;
}
