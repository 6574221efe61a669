using Microsoft.Extensions.Logging;

namespace RagBot.VectorData.Qdrant.Internals;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Created Qdrant collection {Collection} with dense vectors [{DenseVectors}] and BM25 sparse vectors [{SparseVectors}]")]
    public static partial void CollectionCreated(ILogger logger, string collection, string denseVectors, string sparseVectors);

    [LoggerMessage(2, LogLevel.Information, "Qdrant alias change on {Alias}: {Actions}")]
    public static partial void AliasesChanged(ILogger logger, string alias, string actions);

    [LoggerMessage(3, LogLevel.Warning, "Qdrant {Operation} on {Collection} failed with HTTP {Status}: {Error}")]
    public static partial void RequestFailed(ILogger logger, string operation, string? collection, int status, string? error);

    [LoggerMessage(4, LogLevel.Warning, "Qdrant {Operation} on {Collection} got no answer: {Error}")]
    public static partial void RequestUnanswered(ILogger logger, string operation, string? collection, string error);

    [LoggerMessage(5, LogLevel.Debug, "Qdrant {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int status, long elapsedMs);
}
