using System.ComponentModel.DataAnnotations;

namespace RagBot.Providers.Local;

/// <summary>Settings of the extractive answerer (the default, model-free chat "model").</summary>
public sealed class ExtractiveAnswererOptions
{
    public const string SectionName = "RagBot:Chat:Extractive";

    /// <summary>Most sentences stitched into one answer.</summary>
    [Range(1, 20)]
    public int MaxSentences { get; set; } = 3;

    /// <summary>
    /// Share (0..1) of the question's informative words, weighted by rarity, that the chosen sentences
    /// must contain; below it the answerer says it found nothing.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinCoverage { get; set; } = 0.5;

    /// <summary>
    /// Share (0..1) of a sentence's score that is its cosine similarity to the question (the rest: the question
    /// words it contains), using the configured embedder. 0 chooses by words only, as before RagBot 0.x.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SemanticWeight { get; set; } = 0.5;

    /// <summary>
    /// Least cosine similarity between the question and the best quoted sentence for an answer whose words cover
    /// less than <see cref="MinCoverage"/> (a paraphrase). Null (default): calibrated for the configured embedder.
    /// </summary>
    [Range(-1.0, 1.0)]
    public double? MinSimilarity { get; set; }

    /// <summary>
    /// Most candidate sentences the embedder reads per question (the rest keep similarity 0 and compete by words
    /// only). Embedding every sentence of every source was most of a chat request with a neural model; the
    /// shortlist holds the sentences with the most rarity-weighted question words, then the best-ranked sources'
    /// sentences in order (where an answer to a paraphrase sits). 0: embed them all.
    /// </summary>
    [Range(0, 1000)]
    public int MaxEmbeddedSentences { get; set; } = 16;

    /// <summary>Longest sentence quoted, in characters (longer ones are cut with an ellipsis).</summary>
    [Range(40, 4000)]
    public int MaxSentenceChars { get; set; } = 400;
}
