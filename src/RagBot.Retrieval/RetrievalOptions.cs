using System.ComponentModel.DataAnnotations;

namespace RagBot.Retrieval;

/// <summary>Which legs of search run: both fused (default), vectors only, or keywords (BM25) only.</summary>
public enum RetrievalMode
{
    Hybrid,
    Vector,
    Keyword,
}

/// <summary>How chunks are found for a question.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "RagBot:Retrieval";

    /// <summary>Chunks given to the answerer (a request's <c>topK</c> overrides it).</summary>
    [Range(1, 100)]
    public int TopK { get; set; } = 5;

    /// <summary>Candidates fetched from the store before stale, duplicate and weak chunks are dropped.</summary>
    [Range(1, 1000)]
    public int Candidates { get; set; } = 40;

    /// <summary>
    /// Least cosine similarity between the question and a chunk for the chunk to count as relevant (a
    /// request's <c>minScore</c> overrides it). Below it for every chunk, RagBot says it found nothing
    /// without calling the model. Null (default): the value calibrated for the configured embedder
    /// (<see cref="RagBot.Core.Embeddings.RelevanceCalibration"/>), since cosines differ from model to model.
    /// </summary>
    [Range(-1.0, 1.0)]
    public double? MinRelevance { get; set; }

    /// <summary>
    /// How many of the question's most similar chunks the relevance gate averages: the question counts as found when
    /// their mean cosine reaches <see cref="MinRelevance"/> (1: the best chunk alone). A question a large collection is
    /// about finds several related chunks, an off-topic one that shares a phrase with one chunk finds that one: 3 cut
    /// false answers on CACM, Cranfield and man pages, but on a small collection with one chunk per topic (the sample
    /// corpus) it loses real answers, so the default stays 1 (figures: docs/guide/chat.md).
    /// </summary>
    [Range(1, 20)]
    public int RelevanceDepth { get; set; } = 1;

    /// <summary>Two chunks whose word sets overlap at least this much (Jaccard) count as duplicates.</summary>
    [Range(0.0, 1.0)]
    public double DuplicateSimilarity { get; set; } = 0.85;

    public RetrievalMode Mode { get; set; } = RetrievalMode.Hybrid;

    /// <summary>How hybrid mode fuses the two legs: by their scores (default) or by their ranks (RRF).</summary>
    public HybridFusion Fusion { get; set; } = HybridFusion.Convex;

    /// <summary>How the convex fusion scales each leg's scores before weighting them.</summary>
    public ScoreNormalization Normalization { get; set; } = ScoreNormalization.MinMax;

    /// <summary>The k of the weighted reciprocal rank fusion (<see cref="HybridFusion.Rrf"/>): score = sum of weight / (k + rank).</summary>
    [Range(1, 10_000)]
    public int RrfK { get; set; } = 60;

    /// <summary>
    /// Weight of the vector leg in hybrid fusion (<see cref="HybridRanking"/>, the same on every store). This default suits the lexical hashing embedder; the host sets 1.0 for neural embedders
    /// unless configured (EmbedderRetrievalDefaults in RagBot.Hosting, figures in docs/guide/cli.md).
    /// </summary>
    [Range(0.0, 10.0)]
    public double VectorWeight { get; set; } = 0.15;

    /// <summary>Weight of the keyword (BM25) leg in hybrid fusion.</summary>
    [Range(0.0, 10.0)]
    public double KeywordWeight { get; set; } = 1.0;
}
