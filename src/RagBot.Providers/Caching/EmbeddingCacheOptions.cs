namespace RagBot.Providers.Caching;

/// <summary>
/// The persistent embedding cache (<c>RagBot:Embeddings:Cache</c>): vectors keyed by provider, model and a
/// hash of the text, kept in a SQLite file so unchanged chunks are never embedded twice, even across restarts.
/// </summary>
public sealed class EmbeddingCacheOptions
{
    /// <summary>Whether the cache is used. The Local hashing embedder is never cached (storing costs more than recomputing).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The SQLite file. Default: <c>&lt;RagBot:DataDirectory&gt;/embedding-cache.db</c>.</summary>
    public string? Path { get; set; }
}
