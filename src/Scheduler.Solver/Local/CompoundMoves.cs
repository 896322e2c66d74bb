using Scheduler.Core.Compiled;
using Scheduler.Core.Rules;

namespace Scheduler.Solver.Local;

/// <summary>
/// The local search's moves made of several changes, each one compound move of a <see cref="LocalScore"/> (kept or
/// reverted whole): a block swap (two people exchange what they work over a run of days), a run added (a person
/// free over a run of days takes the same activity's shift on each) or a run dropped (a person's whole run of
/// working days around a shift), and ruin and recreate (a few people lose everything over a run of days, then day
/// by day, each in turn takes the shift that betters the score most, or none). Each returns the score's change, or
/// null when the move does not fit the schedule (nothing is changed then); it lists the (person, shift) pairs it
/// touched. Not thread-safe: one per search.
/// </summary>
internal sealed class CompoundMoves
{
    private readonly CompiledProblem _problem;
    private readonly int[] _activityDay;       // (activity, day) -> a shift of the activity starting that day, or -1
    private readonly List<int> _mine = [], _theirs = [];
    private readonly List<int> _people = [];

    public CompoundMoves(CompiledProblem problem)
    {
        _problem = problem;
        var days = problem.DayCount;
        _activityDay = new int[problem.ActivityCount * days];
        Array.Fill(_activityDay, -1);
        for (var s = problem.ShiftCount - 1; s >= 0; s--)
        {
            _activityDay[(problem.ShiftActivity[s] * days) + problem.ShiftDay[s]] = s;
        }
    }

    /// <summary>The pairs the last move touched.</summary>
    public List<(int Person, int Shift)> Touched { get; } = [];

    /// <summary>
    /// <paramref name="a"/> and <paramref name="b"/> exchange every shift they work starting on days
    /// <paramref name="first"/>..<paramref name="last"/>; null when neither works then or one may not work the other's.
    /// </summary>
    public (long Hard, long Soft)? BlockSwap(LocalScore score, int a, int b, int first, int last)
    {
        var checker = score.Checker;
        ShiftsOn(checker, a, first, last, _mine);
        ShiftsOn(checker, b, first, last, _theirs);

        // A shift both work stays as it is; each of the rest must be open to the other person.
        for (var i = _mine.Count - 1; i >= 0; i--)
        {
            if (_theirs.Remove(_mine[i]))
            {
                _mine.RemoveAt(i);
            }
        }

        if (_mine.Count + _theirs.Count == 0 || !OpenTo(b, _mine) || !OpenTo(a, _theirs))
        {
            return null;
        }

        Touched.Clear();
        score.BeginCompound();
        foreach (var s in _mine)
        {
            score.Reassign(s, a, b);
            Touch(a, s);
            Touch(b, s);
        }

        foreach (var s in _theirs)
        {
            score.Reassign(s, b, a);
            Touch(a, s);
            Touch(b, s);
        }

        return score.EndCompound();
    }

    /// <summary>
    /// <paramref name="person"/>, free on days <paramref name="first"/>..<paramref name="last"/>, takes the shift of
    /// <paramref name="activity"/> on each; null when they work one of them, or a day has no such shift open to them.
    /// </summary>
    public (long Hard, long Soft)? AddRun(LocalScore score, int person, int activity, int first, int last)
    {
        var checker = score.Checker;
        ShiftsOn(checker, person, first, last, _mine);
        if (_mine.Count > 0 || first < 0 || last >= _problem.DayCount)
        {
            return null;
        }

        for (var d = first; d <= last; d++)
        {
            var s = _activityDay[(activity * _problem.DayCount) + d];
            if (s < 0 || !_problem.CanWork(person, s) || checker.PeopleOn(s).Length > _problem.MaxPeople[s])
            {
                return null;
            }
        }

        Touched.Clear();
        score.BeginCompound();
        for (var d = first; d <= last; d++)
        {
            var s = _activityDay[(activity * _problem.DayCount) + d];
            score.Add(person, s);
            Touch(person, s);
        }

        return score.EndCompound();
    }

    /// <summary>
    /// <paramref name="person"/> drops every shift of their run of working days through <paramref name="day"/> (days
    /// in a row on which they start a shift); null when they work nothing that day.
    /// </summary>
    public (long Hard, long Soft)? DropRun(LocalScore score, int person, int day)
    {
        var checker = score.Checker;
        int first = day, last = day;
        while (first > 0 && Works(checker, person, first - 1))
        {
            first--;
        }

        while (last < _problem.DayCount - 1 && Works(checker, person, last + 1))
        {
            last++;
        }

        ShiftsOn(checker, person, first, last, _mine);
        if (_mine.Count == 0)
        {
            return null;
        }

        Touched.Clear();
        score.BeginCompound();
        foreach (var s in _mine)
        {
            score.Remove(person, s);
            Touch(person, s);
        }

        return score.EndCompound();
    }

    /// <summary>
    /// Ruin and recreate: <paramref name="person"/> and up to <paramref name="others"/> people working a shift of
    /// day <paramref name="first"/> lose every shift of days <paramref name="first"/>..<paramref name="last"/>; then
    /// day by day, each of them in a random order takes the shift of the day that betters the score most (each
    /// tried and taken back), or none when none betters it. Null when none of them worked then.
    /// </summary>
    public (long Hard, long Soft)? RuinAndRecreate(LocalScore score, Random rng, int person, int others, int first, int last)
    {
        var checker = score.Checker;
        _people.Clear();
        _people.Add(person);
        var (from, to) = _problem.ShiftsOnDay(first);
        for (var s = from; s < to; s++)
        {
            foreach (var p in checker.PeopleOn(s))
            {
                if (_people.Count <= others && !_people.Contains(p) && rng.Next(2) == 0)
                {
                    _people.Add(p);
                }
            }
        }

        Touched.Clear();
        var begun = false;
        foreach (var p in _people)
        {
            ShiftsOn(checker, p, first, last, _mine);
            foreach (var s in _mine)
            {
                if (!begun)
                {
                    score.BeginCompound();
                    begun = true;
                }

                score.Remove(p, s);
                Touch(p, s);
            }
        }

        if (!begun)
        {
            return null;
        }

        for (var d = first; d <= last; d++)
        {
            // A random order of the people each day.
            for (var i = _people.Count - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (_people[i], _people[j]) = (_people[j], _people[i]);
            }

            foreach (var p in _people)
            {
                int bestShift = -1;
                long bestDelta = 0;
                var (dayFrom, dayTo) = _problem.ShiftsOnDay(d);
                for (var s = dayFrom; s < dayTo; s++)
                {
                    if (!_problem.CanWork(p, s) || checker.IsAssigned(p, s) || checker.PeopleOn(s).Length > _problem.MaxPeople[s])
                    {
                        continue;
                    }

                    var mark = score.Mark;
                    var (hard, soft) = score.Add(p, s);
                    score.RevertTo(mark);
                    var delta = (hard * LocalSearch.HardWeight) + soft;
                    if (delta < bestDelta)
                    {
                        (bestShift, bestDelta) = (s, delta);
                    }
                }

                if (bestShift >= 0)
                {
                    score.Add(p, bestShift);
                    Touch(p, bestShift);
                }
            }
        }

        return score.EndCompound();
    }

    // The person's shifts starting on days first..last (history duties aside), into `into`.
    private void ShiftsOn(Core.Checking.IncrementalChecker checker, int person, int first, int last, List<int> into)
    {
        into.Clear();
        first = Math.Max(first, 0);
        if (first >= _problem.DayCount)
        {
            return;
        }

        var duties = checker.Duties(person);
        for (var i = DutySearch.FirstStartingAtOrAfter(duties, _problem.DayStarts[first]); i < duties.Length && duties[i].Day <= last; i++)
        {
            if (!duties[i].IsHistory)
            {
                into.Add(duties[i].Shift);
            }
        }
    }

    private bool OpenTo(int person, List<int> shifts)
    {
        foreach (var s in shifts)
        {
            if (!_problem.CanWork(person, s))
            {
                return false;
            }
        }

        return true;
    }

    private bool Works(Core.Checking.IncrementalChecker checker, int person, int day)
    {
        ShiftsOn(checker, person, day, day, _theirs);
        return _theirs.Count > 0;
    }

    private void Touch(int person, int shift) => Touched.Add((person, shift));
}
