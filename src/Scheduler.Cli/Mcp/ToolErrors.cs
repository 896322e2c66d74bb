using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Scheduler.Cli.Mcp;

/// <summary>
/// Wraps a tool so that every failure comes back as a tool error result with a message a reader can act on: the
/// tool's own "field: what is wrong", the binder's message for a missing or mistyped argument, or the exception for
/// a bug (also logged to stderr). The server keeps serving either way.
/// </summary>
internal sealed class ToolErrors(McpServerTool inner, TextWriter log) : DelegatingMcpServerTool(inner)
{
    /// <inheritdoc />
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of a tool is reported to the client as that tool's error; none may end the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var message = e switch
            {
                McpException => e.Message,
                ArgumentException or JsonException => $"bad arguments: {e.Message}",
                _ => $"internal error: {e.GetType().Name}: {e.Message}",
            };
            if (e is not (McpException or ArgumentException or JsonException))
            {
                log.WriteLine($"scheduler mcp: {ProtocolTool.Name}: {e}");
            }

            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = message }] };
        }
    }
}
