using Microsoft.Extensions.Logging;

namespace Scheduler.Cli.Mcp;

/// <summary>The MCP SDK's log, warnings and errors only, as lines on stderr (stdout carries the protocol alone).</summary>
internal sealed class StderrLoggerFactory(TextWriter log) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.WriteLine($"scheduler mcp: {logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}{(exception is null ? "" : $"{Environment.NewLine}{exception}")}");
            }
        }
    }
}
