namespace RagBot.Indexing;

/// <summary>Another process (or another request in this one) is already reindexing the data directory.</summary>
public sealed class ReindexInProgressException : Exception
{
    public ReindexInProgressException()
    {
    }

    public ReindexInProgressException(string message)
        : base(message)
    {
    }

    public ReindexInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
