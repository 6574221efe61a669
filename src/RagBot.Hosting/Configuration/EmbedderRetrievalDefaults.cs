using Microsoft.Extensions.Options;
using RagBot.Providers.Configuration;
using RagBot.Retrieval;

namespace RagBot.Hosting.Configuration;

/// <summary>
/// Retrieval defaults that suit the configured embedder, applied before <c>RagBot:Retrieval</c> is bound so an
/// explicit setting always wins. A lexical embedder (hashing) mostly re-finds what BM25 finds and gets a small
/// vector weight; a neural one carries meaning BM25 misses and leads the fusion. Figures: docs/guide/cli.md.
/// </summary>
internal sealed class EmbedderRetrievalDefaults : IConfigureOptions<RetrievalOptions>
{
    private readonly EmbeddingProviderOptions _embeddings;

    public EmbedderRetrievalDefaults(IOptions<EmbeddingProviderOptions> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        _embeddings = embeddings.Value;
    }

    /// <summary>True when the embedder is the lexical hashing one.</summary>
    public static bool IsLexical(EmbeddingProviderKind provider) => provider == EmbeddingProviderKind.Hashing;

    public void Configure(RetrievalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsLexical(_embeddings.Provider))
        {
            // Measured with the hashing embedder (docs/guide/cli.md): these are RetrievalOptions' own defaults.
            return;
        }

        options.Fusion = HybridFusion.Convex;
        options.Normalization = NeuralNormalization;
        options.VectorWeight = NeuralVectorWeight;
        options.KeywordWeight = NeuralKeywordWeight;
        options.Candidates = NeuralCandidates;
        options.VectorFeedbackDepth = NeuralVectorFeedbackDepth;
        options.KeywordFeedbackDepth = NeuralKeywordFeedbackDepth;
    }

    /// <summary>
    /// Vector-leg weight for neural embedders: 1.2 against the keyword leg's 1.0 (standard scores, feedback on). With
    /// the feedback words weighted by rank, hybrid nDCG@10 rose on CACM, Cranfield and man pages at 1.2, 1.25 and 1.5
    /// (at 1.2: +0.011, +0.003, +0.035 over 1.0 with equal feedback weights); 1.2 is ahead on the three collections in
    /// one index, which chose nothing; above 1.5 CACM and Cranfield fall. Figures: docs/guide/cli.md, fifth pass.
    /// </summary>
    public const double NeuralVectorWeight = 1.2;

    /// <summary>Keyword-leg weight for neural embedders.</summary>
    public const double NeuralKeywordWeight = 1.0;

    /// <summary>
    /// Standard scores for neural embedders: measured against min-max on CACM, Cranfield and man pages, nDCG@10 rose
    /// on all three (+0.0015, +0.0002, +0.031); a neural cosine leg has no clear zero, and min-max lets the one
    /// candidate farthest from the question set the scale for all the others.
    /// </summary>
    public const ScoreNormalization NeuralNormalization = ScoreNormalization.ZScore;

    /// <summary>Candidates per leg for neural embedders.</summary>
    public const int NeuralCandidates = 40;

    /// <summary>
    /// Pseudo-relevance feedback for neural embedders, both legs together (Rocchio from the 3 best fused chunks at
    /// weight 0.5, 10 expansion words from the 5 best): hybrid nDCG@10 rose on CACM, Cranfield and man pages
    /// (+0.004, +0.025, +0.011); either leg alone, or deeper feedback, hurt one of them. The hashing embedder is
    /// lexical, so feeding back its vectors repeats BM25's evidence: not measured as a default there.
    /// </summary>
    public const int NeuralVectorFeedbackDepth = 3;

    /// <summary>Chunks the keyword leg's expansion words come from for neural embedders (see <see cref="NeuralVectorFeedbackDepth"/>).</summary>
    public const int NeuralKeywordFeedbackDepth = 5;
}
