using System.Net;
using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Qdrant;

/// <summary>A failed Qdrant call: carries Qdrant's HTTP status and its error message (null when no response arrived).</summary>
public sealed class QdrantVectorStoreException : VectorStoreException
{
    public QdrantVectorStoreException()
    {
    }

    public QdrantVectorStoreException(string message)
        : base(message)
    {
    }

    public QdrantVectorStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status Qdrant answered with, or null when the request never got an answer.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>Qdrant's own error text (<c>status.error</c> of the response body).</summary>
    public string? QdrantError { get; init; }

    /// <summary>The server's Retry-After hint on 429/503, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
