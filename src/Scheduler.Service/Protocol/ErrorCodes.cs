namespace Scheduler.Service;

/// <summary>The error codes of the service protocol (docs/PROTOCOL.md, "Errors").</summary>
public static class ErrorCodes
{
    /// <summary>The body is not a request map, or a request key has the wrong type.</summary>
    public const string BadFrame = "bad-frame";

    /// <summary>The length prefix is 0 or above the maximum frame size; the server closes the connection.</summary>
    public const string FrameTooLarge = "frame-too-large";

    /// <summary>The method names no method.</summary>
    public const string UnknownMethod = "unknown-method";

    /// <summary>A parameter is missing, of the wrong type or out of range, or a problem or schedule is invalid.</summary>
    public const string BadParams = "bad-params";

    /// <summary>A hash names nothing loaded.</summary>
    public const string UnknownHash = "unknown-hash";

    /// <summary>The id is that of a request still in flight on the connection.</summary>
    public const string DuplicateId = "duplicate-id";

    /// <summary>The solve queue is full.</summary>
    public const string Busy = "busy";

    /// <summary>The request's deadline passed before it could start (or, for evaluate, before it ended).</summary>
    public const string DeadlineExceeded = "deadline-exceeded";

    /// <summary>A cancel reached the request before it could start.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The server speaks no version the client asked for.</summary>
    public const string UnsupportedVersion = "unsupported-version";

    /// <summary>The server is shutting down.</summary>
    public const string ShuttingDown = "shutting-down";

    /// <summary>A bug in the server.</summary>
    public const string Internal = "internal";
}

/// <summary>A request that gets an error response: the code, the message and the field it names.</summary>
internal sealed class ProtocolException(string code, string message, string? field) : Exception(message)
{
    public string Code { get; } = code;

    public string? Field { get; } = field;
}
