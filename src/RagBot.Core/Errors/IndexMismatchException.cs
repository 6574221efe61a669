namespace RagBot.Core.Errors;

/// <summary>
/// The configured embedder differs from the one that built the active index; RagBot refuses to mix vectors
/// of two embedders (HTTP 503) until <c>ragbot reindex</c> rebuilds the index.
/// </summary>
public sealed class IndexMismatchException : Exception
{
    public IndexMismatchException(string message)
        : base(message)
    {
    }
}
