namespace Scheduler.Solver;

/// <summary>
/// Chooses the assignment variables a neighbourhood of <see cref="NeighbourhoodSearch"/> frees, in one of three
/// shapes, each as likely: some people's whole horizon (they can trade shifts among themselves), some consecutive
/// days of everybody (the day's cover can be rearranged), or a block of some people over some consecutive days.
/// </summary>
internal sealed class NeighbourhoodPicker
{
    private readonly int[] _pairPerson;
    private readonly int[] _pairDay;
    private readonly int _people;
    private readonly int _days;
    private readonly bool[] _free;
    private readonly bool[] _chosen;

    // Each shape's share of the assignment variables to free: where it starts, and its bounds.
    private readonly double[] _size = [StartSize, StartSize, StartSize];
    private const double StartSize = 0.1;
    private const double MinSize = 0.02;
    private const double MaxSize = 0.6;

    public NeighbourhoodPicker(ScheduleModel model)
    {
        var problem = model.Problem;
        _pairPerson = model.AssignmentPerson;
        _pairDay = new int[_pairPerson.Length];
        var shifts = model.AssignmentShift;
        for (var k = 0; k < _pairDay.Length; k++)
        {
            _pairDay[k] = Math.Clamp(problem.ShiftDay[shifts[k]] - problem.HistoryDays, 0, problem.HorizonDays - 1);
        }

        _people = problem.PersonCount;
        _days = Math.Max(1, problem.HorizonDays);
        _free = new bool[_pairPerson.Length];
        _chosen = new bool[_people];
    }

    /// <summary>
    /// Which assignment variables (by pair) are free: a shape drawn at random, of that shape's current size (at least
    /// two people or two days). The array is reused by the next call.
    /// </summary>
    public bool[] Pick(Random random)
    {
        int people, firstDay, days;
        Shape = random.Next(_size.Length);
        var size = _size[Shape];
        switch (Shape)
        {
            case 0:
                (people, firstDay, days) = (Count(size * _people, _people), 0, _days);
                break;
            case 1:
                days = Count(size * _days, _days);
                (people, firstDay) = (_people, random.Next(_days - days + 1));
                break;
            default:
                var side = Math.Sqrt(size);
                days = Count(side * _days, _days);
                (people, firstDay) = (Count(side * _people, _people), random.Next(_days - days + 1));
                break;
        }

        Array.Clear(_chosen);
        if (people == _people)
        {
            Array.Fill(_chosen, true);
        }
        else
        {
            // A partial Fisher-Yates draw of distinct people, over an index array rebuilt each time (people are few).
            var order = new int[_people];
            for (var p = 0; p < _people; p++)
            {
                order[p] = p;
            }

            for (var i = 0; i < people; i++)
            {
                var j = random.Next(i, _people);
                (order[i], order[j]) = (order[j], order[i]);
                _chosen[order[i]] = true;
            }
        }

        for (var k = 0; k < _free.Length; k++)
        {
            _free[k] = _chosen[_pairPerson[k]] && _pairDay[k] >= firstDay && _pairDay[k] < firstDay + days;
        }

        return _free;
    }

    /// <summary>The last neighbourhood's shape: 0 people, 1 days, 2 a block.</summary>
    public int Shape { get; private set; }

    /// <summary>
    /// Adapts the last shape's size to how its solve went: larger when it was solved to optimality (there is time for
    /// more), smaller when its limit ran out first.
    /// </summary>
    public void Learn(bool optimal) =>
        _size[Shape] = optimal ? Math.Min(MaxSize, _size[Shape] * 1.1) : Math.Max(MinSize, _size[Shape] / 1.1);

    private static int Count(double wanted, int all) => Math.Clamp((int)Math.Round(wanted), Math.Min(2, all), all);
}
