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
    private readonly int[] _order;
    private int _shape;

    // Each shape's share of the assignment variables to free: where it starts, and its bounds.
    private readonly double[] _size = [StartSize, StartSize, StartSize];
    private const double StartSize = 0.05;
    private const double MinSize = 0.02;
    private const double MaxSize = 0.6;

    public NeighbourhoodPicker(ScheduleModel model)
    {
        var problem = model.Problem;
        _pairPerson = model.AssignmentPerson;
        _pairDay = new int[_pairPerson.Length];
        _days = Math.Max(1, problem.HorizonDays);
        var shifts = model.AssignmentShift;
        for (var k = 0; k < _pairDay.Length; k++)
        {
            _pairDay[k] = Math.Clamp(problem.ShiftDay[shifts[k]] - problem.HistoryDays, 0, _days - 1);
        }

        _people = problem.PersonCount;
        _free = new bool[_pairPerson.Length];
        _chosen = new bool[_people];
        _order = new int[_people];
    }

    /// <summary>
    /// Which assignment variables (by pair) are free: a shape drawn at random, of that shape's current size (at least
    /// two people or two days). The array is reused by the next call.
    /// </summary>
    public bool[] Pick(Random random)
    {
        int people, firstDay, days;
        _shape = random.Next(_size.Length);
        var size = _size[_shape];
        switch (_shape)
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
            // A partial Fisher-Yates draw of distinct people.
            for (var p = 0; p < _people; p++)
            {
                _order[p] = p;
            }

            for (var i = 0; i < people; i++)
            {
                var j = random.Next(i, _people);
                (_order[i], _order[j]) = (_order[j], _order[i]);
                _chosen[_order[i]] = true;
            }
        }

        for (var k = 0; k < _free.Length; k++)
        {
            _free[k] = _chosen[_pairPerson[k]] && _pairDay[k] >= firstDay && _pairDay[k] < firstDay + days;
        }

        return _free;
    }

    /// <summary>
    /// Adapts the last shape's size to how its solve went: larger when it was solved to optimality (there is time for
    /// more), smaller when its limit ran out first.
    /// </summary>
    public void Learn(bool optimal) =>
        _size[_shape] = optimal ? Math.Min(MaxSize, _size[_shape] * 1.1) : Math.Max(MinSize, _size[_shape] / 1.5);

    private static int Count(double wanted, int all) => Math.Clamp((int)Math.Round(wanted), Math.Min(2, all), all);
}
