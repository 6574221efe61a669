using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RagBot.VectorData.Qdrant;

/// <summary>Settings of the Qdrant vector store, bound from <c>RagBot:VectorStore:Qdrant</c>.</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "RagBot:VectorStore:Qdrant";

    /// <summary>REST root of the Qdrant server, e.g. <c>http://localhost:6333</c>.</summary>
    [Required(ErrorMessage = "RagBot:VectorStore:Qdrant:Url is required, e.g. http://localhost:6333.")]
    public Uri? Url { get; set; }

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Prepended to every collection and alias name, so several deployments can share one Qdrant.</summary>
    [RegularExpression("^[A-Za-z0-9_-]*$", ErrorMessage = "RagBot:VectorStore:Qdrant:CollectionPrefix may only contain letters, digits, '_' and '-'.")]
    public string CollectionPrefix { get; set; } = "";

    /// <summary>Timeout of one HTTP attempt (retries get their own).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "RagBot:VectorStore:Qdrant:Timeout must be between 1 second and 1 hour.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 408, 429, 5xx or connection failure (0 disables retrying).</summary>
    [Range(0, 10, ErrorMessage = "RagBot:VectorStore:Qdrant:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially with jitter. A Retry-After header wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "RagBot:VectorStore:Qdrant:RetryBaseDelay must be between 0 and 1 minute.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Points sent per upsert request.</summary>
    [Range(1, 10_000, ErrorMessage = "RagBot:VectorStore:Qdrant:UpsertBatchSize must be between 1 and 10000.")]
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Parameters of the client-side BM25 encoder that feeds the keyword leg of hybrid search.</summary>
    [ValidateObjectMembers]
    public Bm25Options Bm25 { get; set; } = new();
}
