using Scheduler.Core.Compiled;
using Scheduler.Core.Model;

namespace Scheduler.Core.Rules;

/// <summary>One duty period: a maximal run of duty shifts, each starting less than the continuity gap after the run so far ends.</summary>
/// <param name="Start">Start of the first shift.</param>
/// <param name="End">Latest end of any shift in it.</param>
/// <param name="CoreEnd">Latest end of a non-transition shift (equals <paramref name="Start"/> when there is none).</param>
/// <param name="HasInHouseCall">Whether it holds an in-house call shift.</param>
/// <param name="InHorizon">Whether it holds a shift of the horizon (not only history).</param>
internal readonly record struct DutyPeriod(int Start, int End, int CoreEnd, bool HasInHouseCall, bool InHorizon);

/// <summary>
/// Walks a person's duties (sorted by start) period by period, without allocating. Shared by
/// <see cref="ContinuousDuty"/> and <see cref="Rest"/> so both read the one definition.
/// </summary>
internal ref struct DutyPeriods
{
    private readonly ReadOnlySpan<Duty> _duties;
    private readonly int _gap;
    private int _next;

    public DutyPeriods(ReadOnlySpan<Duty> duties, int continuityGap)
    {
        _duties = duties;
        _gap = continuityGap;
        _next = 0;
        Current = default;
    }

    public DutyPeriod Current { get; private set; }

    /// <summary>Every duty period of the duties, in order, in the workspace's buffer.</summary>
    public static ReadOnlySpan<DutyPeriod> Collect(ReadOnlySpan<Duty> duties, int continuityGap, Checking.CheckWorkspace workspace)
    {
        var count = 0;
        var periods = new DutyPeriods(duties, continuityGap);
        while (periods.MoveNext())
        {
            if (count == workspace.Periods.Length)
            {
                Array.Resize(ref workspace.Periods, count * 2);
            }

            workspace.Periods[count++] = periods.Current;
        }

        return workspace.Periods.AsSpan(0, count);
    }

    public bool MoveNext()
    {
        var duties = _duties;
        var i = _next;
        while (i < duties.Length && !duties[i].IsDuty)
        {
            i++;
        }

        if (i >= duties.Length)
        {
            _next = i;
            return false;
        }

        var start = duties[i].Start;
        var end = int.MinValue;
        var coreEnd = start;
        var call = false;
        var horizon = false;
        for (; i < duties.Length; i++)
        {
            ref readonly var duty = ref duties[i];
            if (!duty.IsDuty)
            {
                continue;
            }

            if (end != int.MinValue && duty.Start - end >= _gap)
            {
                break;
            }

            end = Math.Max(end, duty.End);
            if ((duty.Kinds & ActivityKinds.Transition) == 0)
            {
                coreEnd = Math.Max(coreEnd, duty.End);
            }

            call |= (duty.Kinds & ActivityKinds.InHouseCall) != 0;
            horizon |= !duty.IsHistory;
        }

        _next = i;
        Current = new DutyPeriod(start, end, coreEnd, call, horizon);
        return true;
    }
}
