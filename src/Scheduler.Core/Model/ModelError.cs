namespace Scheduler.Core.Model;

/// <summary>One thing wrong with an input, at a field path such as <c>people[12].pgy</c>.</summary>
/// <param name="Path">Where the problem is, in the file schema's field names.</param>
/// <param name="Message">What is wrong, e.g. "expected 1..7, got 0".</param>
public readonly record struct ModelError(string Path, string Message)
{
    /// <summary>The one-line form: "path: message".</summary>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>An input (model, file, option) is invalid; nothing was loaded or changed.</summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception from one or more errors (the first is the message).</summary>
    public ModelException(IReadOnlyList<ModelError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from one error.</summary>
    public ModelException(string path, string message)
        : this([new ModelError(path, message)])
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ModelException(string message)
        : this([new ModelError("", message)])
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ModelException()
        : this("invalid input")
    {
    }

    /// <summary>Creates the exception with a plain message and the error that caused it.</summary>
    public ModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ModelError("", message)];
    }

    /// <summary>Every error found (at least one).</summary>
    public IReadOnlyList<ModelError> Errors { get; }

    private static string Describe(IReadOnlyList<ModelError> errors) =>
        errors.Count switch
        {
            0 => "invalid input",
            1 => errors[0].ToString(),
            _ => $"{errors[0]} (and {errors.Count - 1} more)",
        };
}
