namespace Scheduler.Solver;

/// <summary>
/// How long each neighbourhood of <see cref="NeighbourhoodSearch"/> may be solved, in seconds of wall time or, for a
/// repeatable run, of CP-SAT's deterministic time. It starts short, so that the picker's sizes settle on
/// neighbourhoods that are solved to optimality quickly and many of them run; after
/// <see cref="StaleNeighbourhoods"/> neighbourhoods in a row (over all threads) without a better schedule it doubles,
/// up to <see cref="Most"/>, so that the sizes can grow past a local optimum of the neighbourhoods solved within the
/// shorter limit. Safe to share between threads.
/// </summary>
internal sealed class NeighbourhoodLimit
{
    /// <summary>The limit at first.</summary>
    public const double First = 0.2;

    /// <summary>The longest limit.</summary>
    public const double Most = 3.2;

    /// <summary>Neighbourhoods in a row without a better schedule after which the limit doubles.</summary>
    public const int StaleNeighbourhoods = 100;

    private readonly Lock _gate = new();
    private double _limit = First;
    private int _stale;

    /// <summary>The limit now.</summary>
    public double Current
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>Counts a neighbourhood solved: whether it found a better schedule than the best.</summary>
    public void After(bool better)
    {
        lock (_gate)
        {
            _stale = better ? 0 : _stale + 1;
            if (_stale >= StaleNeighbourhoods)
            {
                _stale = 0;
                _limit = Math.Min(Most, _limit * 2);
            }
        }
    }
}
