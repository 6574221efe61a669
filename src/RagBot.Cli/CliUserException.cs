namespace RagBot.Cli;

/// <summary>A mistake the user can fix (reported as the message, exit code 1).</summary>
public sealed class CliUserException : Exception
{
    public CliUserException()
    {
    }

    public CliUserException(string message)
        : base(message)
    {
    }

    public CliUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
