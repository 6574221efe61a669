namespace RagBot.Indexing;

/// <summary>Some documents could not be rebuilt; the new generation was not activated (a re-run retries them).</summary>
public sealed class ReindexFailedException : Exception
{
    public ReindexFailedException()
    {
    }

    public ReindexFailedException(string message)
        : base(message)
    {
    }

    public ReindexFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<ReindexFailure> Failures { get; init; } = [];
}
