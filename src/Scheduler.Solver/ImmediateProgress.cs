namespace Scheduler.Solver;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action at once, on the solver's thread (unlike
/// <see cref="Progress{T}"/>, which posts to a synchronization context or the thread pool).
/// </summary>
public sealed class ImmediateProgress(Action<SolveProgress> report) : IProgress<SolveProgress>
{
    /// <inheritdoc />
    public void Report(SolveProgress value) => report(value);
}
