using RagBot.Core.Embeddings;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>How chat searches the active index now (<c>GET /api/admin/index</c> and readiness say it).</summary>
public static class IndexServing
{
    /// <summary>Hybrid search, questions embedded by the configured embedder (the normal state).</summary>
    public const string ConfiguredEmbedder = "configured-embedder";

    /// <summary>Hybrid search of the old generation, questions embedded by the embedder that built it (an upgrade's reindex runs).</summary>
    public const string PreviousEmbedder = "previous-embedder";

    /// <summary>Keyword (BM25) search of the old generation: its embedder cannot run in this process.</summary>
    public const string KeywordOnly = "keyword-only";

    public static string Of(ActiveIndex index, IEmbedderCatalog? embedders)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.MatchesConfiguredEmbedder)
        {
            return ConfiguredEmbedder;
        }

        return embedders?.Find(index.EmbedderModelId, index.Dimensions) is null ? KeywordOnly : PreviousEmbedder;
    }
}
