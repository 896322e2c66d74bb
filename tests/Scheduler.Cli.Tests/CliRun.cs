namespace Scheduler.Cli.Tests;

/// <summary>Runs the CLI in process, as the tests do: exit code and what it printed.</summary>
internal static class CliRun
{
    /// <summary>Runs <c>scheduler ARGS</c> with the test's cancellation token.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = SchedulerCli.Run(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
