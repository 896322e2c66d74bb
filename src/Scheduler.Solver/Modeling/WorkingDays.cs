using Scheduler.Core.Compiled;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// Per person and horizon day, a literal that is true exactly when one of the person's shifts starts that day
/// (the generic rostering rules' working day); constant false on days with no shift the person may work.
/// Built on first use and shared by the encoders that need it.
/// </summary>
internal sealed class WorkingDays(ModelContext context)
{
    private readonly Lit[]?[] _days = new Lit[]?[context.Problem.PersonCount];

    /// <summary>The person's literals, indexed by horizon day (0 = the horizon's first day).</summary>
    public Lit[] Of(int person)
    {
        if (_days[person] is { } cached)
        {
            return cached;
        }

        var problem = context.Problem;
        var vars = context.Vars;
        var days = new Lit[problem.HorizonDays];
        Array.Fill(days, Lit.False);
        var range = vars.OfPerson(person);
        var shifts = vars.PairShift;
        for (var k = range.Start.Value; k < range.End.Value;)
        {
            // A person's pairs are in shift start order, so each day's pairs are one stretch.
            var day = problem.ShiftDay[shifts[k]];
            var end = k + 1;
            while (end < range.End.Value && problem.ShiftDay[shifts[end]] == day)
            {
                end++;
            }

            days[day - problem.HistoryDays] = Day(k, end);
            k = end;
        }

        return _days[person] = days;
    }

    private Lit Day(int from, int to)
    {
        var vars = context.Vars;
        if (to - from == 1)
        {
            return Lit.Of(vars.Index[from]);
        }

        var proto = context.Proto;
        var work = proto.NewBool();
        var candidates = vars.Index.AsSpan(from, to - from);
        if (vars.ShareAnInstant(context.Problem, (from..to).Enumerate()))
        {
            // The shifts overlap, so double booking lets at most one be worked: the day is their sum.
            var sum = new LinearTerms().Add(work, -1);
            foreach (var x in candidates)
            {
                sum.Add(x);
            }

            proto.Linear(sum, 0, 0);
        }
        else
        {
            foreach (var x in candidates)
            {
                proto.Implies(x, work);
            }

            proto.Or([ProtoWriter.Not(work), .. candidates]);
        }

        return Lit.Of(work);
    }
}
