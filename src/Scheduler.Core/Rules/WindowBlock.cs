namespace Scheduler.Core.Rules;

/// <summary>
/// The windowed rules judge windows in blocks of consecutive start days: a cheap bound over a span that
/// holds (or that lies inside) every window of the block settles the whole block when it passes, and
/// only blocks that fail the bound are judged window by window. The verdict is the same; the bound only
/// saves work.
/// </summary>
internal static class WindowBlock
{
    /// <summary>Start days per block.</summary>
    public const int Days = 7;
}
