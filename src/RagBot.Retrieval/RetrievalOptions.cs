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
    /// How many of the question's most similar chunks the relevance gate averages (1: the best chunk alone). Null
    /// (default): 3 with the per-index gate (<see cref="RelevanceGate"/>, which calibrates its threshold with the same
    /// depth, so a small collection gets a lower one), 1 with a fixed or per-model threshold (those were measured on the
    /// best chunk). A question a collection is about finds several related chunks, an off-topic one that shares a phrase
    /// with one chunk finds that one (figures: docs/guide/chat.md).
    /// </summary>
    [Range(1, 20)]
    public int? RelevanceDepth { get; set; }

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

    /// <summary>
    /// Pseudo-relevance feedback for the vector leg (Rocchio): how many of the first round's best chunks (fused, in
    /// hybrid mode) the question's vector moves toward before a second vector search; 0 (default) = one round.
    /// The answer gate still compares the question's own vector. Figures: docs/guide/cli.md.
    /// </summary>
    [Range(0, 50)]
    public int VectorFeedbackDepth { get; set; }

    /// <summary>How far the vector moves: question + this × mean of the feedback chunks' vectors (unit vectors).</summary>
    [Range(0.0, 10.0)]
    public double VectorFeedbackWeight { get; set; } = 0.5;

    /// <summary>
    /// Pseudo-relevance feedback for the keyword leg (RM3-style expansion): how many of the first round's best chunks
    /// give words to add to the BM25 query for a second keyword search; 0 (default) = one round.
    /// </summary>
    [Range(0, 50)]
    public int KeywordFeedbackDepth { get; set; }

    /// <summary>Most words the keyword feedback adds.</summary>
    [Range(1, 100)]
    public int KeywordFeedbackTerms { get; set; } = 10;

    /// <summary>How many times the question's own words are repeated in the expanded query (BM25 weight against an added word's 1).</summary>
    [Range(1, 10)]
    public int KeywordFeedbackQueryRepeats { get; set; } = 2;

    /// <summary>
    /// Document-level aggregation: a document's rank is its best chunk's score plus this times its second best's
    /// (<see cref="DocumentAggregation"/>); 0 (default) = its best chunk alone (max).
    /// </summary>
    [Range(0.0, 1.0)]
    public double SecondChunkWeight { get; set; }

    /// <summary>
    /// Whether the relevance threshold is calibrated for the active index (<see cref="RelevanceGate"/>) when
    /// <see cref="MinRelevance"/> is not set; false: the model's calibrated cosine for every index, as before.
    /// </summary>
    public bool PerIndexGate { get; set; } = true;

    /// <summary>
    /// The per-index gate's margin: its threshold is the probes' <see cref="GatePercentile"/> plus this many times that
    /// percentile's distance from their median (a margin in units of the model's cosine spread).
    /// </summary>
    [Range(0.0, 10.0)]
    public double GateSpread { get; set; } = 0.5;

    /// <summary>Which percentile (0..1) of the off-topic probes' best cosines the per-index gate starts from.</summary>
    [Range(0.5, 1.0)]
    public double GatePercentile { get; set; } = 0.95;

    /// <summary>Seconds after which the per-index gate is recomputed in the background (documents added or deleted move it).</summary>
    [Range(1, 86_400)]
    public int GateRefreshSeconds { get; set; } = 300;
}
