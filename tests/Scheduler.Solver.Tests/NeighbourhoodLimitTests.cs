namespace Scheduler.Solver.Tests;

/// <summary>The neighbourhood limit: short at first, doubled after a run of neighbourhoods without a better schedule, capped.</summary>
public sealed class NeighbourhoodLimitTests
{
    [Fact]
    public void After_StaleRunDoublesTheLimit_ABetterScheduleRestartsTheRun()
    {
        var limit = new NeighbourhoodLimit();
        Assert.Equal(NeighbourhoodLimit.First, limit.Current);

        for (var k = 1; k < NeighbourhoodLimit.StaleNeighbourhoods; k++)
        {
            limit.After(better: false);
        }

        Assert.Equal(NeighbourhoodLimit.First, limit.Current);
        limit.After(better: true);
        for (var k = 1; k < NeighbourhoodLimit.StaleNeighbourhoods; k++)
        {
            limit.After(better: false);
        }

        Assert.Equal(NeighbourhoodLimit.First, limit.Current);
        limit.After(better: false);
        Assert.Equal(2 * NeighbourhoodLimit.First, limit.Current);
    }

    [Fact]
    public void After_ManyStaleRuns_StopsAtTheMost()
    {
        var limit = new NeighbourhoodLimit();

        for (var k = 0; k < 20 * NeighbourhoodLimit.StaleNeighbourhoods; k++)
        {
            limit.After(better: false);
        }

        Assert.Equal(NeighbourhoodLimit.Most, limit.Current);
    }
}
