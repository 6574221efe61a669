namespace RagBot.Core.Embeddings;

/// <summary>
/// How similar (cosine) a question and a text must be to mean "this text is about the question", per embedder.
/// Cosines are not comparable across models (on CACM the best chunk of a judged question has a median cosine of
/// about 0.35 with the hashing embedder and 0.57 with all-MiniLM-L6-v2), so one number cannot gate every embedder:
/// each known model has its own,
/// measured with <c>ragbot eval --negatives</c> on three collections (CACM and Cranfield abstracts, Debian man pages;
/// figures in docs/guide/chat.md). Unknown embedders get <see cref="Fallback"/>: measure yours with
/// <c>ragbot eval --outcomes</c> and set <c>RagBot:Retrieval:MinRelevance</c> and
/// <c>RagBot:Chat:Extractive:MinSimilarity</c>.
/// </summary>
public static class RelevanceCalibration
{
    /// <summary>For embedders not measured here: RagBot's thresholds before calibration.</summary>
    public static readonly RelevanceThresholds Fallback = new(0.12, 1.0);

    // Matched in order against the embedder's model id (case-insensitive); the first hit wins.
    private static readonly (string Marker, RelevanceThresholds Thresholds)[] Known =
    [
        // The hashing embedder's cosine is lexical: the probes' everyday wording ("How do I...") scores against any
        // index, and the per-index gate (threshold 0.359 on CACM) left 0.19 of CACM's questions answered.
        ("ragbot-hash", new RelevanceThresholds(0.12, 1.0, PerIndexGate: false)),
        ("minilm", new RelevanceThresholds(0.37, 0.40)),

        // arctic-embed-xs (query instruction prefix) separates on-topic from off-topic questions by the best chunk's
        // cosine alone (0.64: at most 0.044 false answers on all three collections), so once that gate is passed any
        // sentence may answer: its sentence threshold is open, and sentences are chosen by similarity and words. Its
        // cosines are compressed (off-topic 0.50-0.62, on-topic 0.66-0.80), and the per-index gate's margin put the man
        // pages' threshold at 0.589 (false answers 0.267 against 0.044 with 0.64), so it keeps its own everywhere.
        ("arctic-embed", new RelevanceThresholds(0.64, 0.0, PerIndexGate: false)),
    ];

    /// <summary>The calibrated thresholds of the embedder with this model id, or <see cref="Fallback"/>.</summary>
    public static RelevanceThresholds For(string? embedderModelId)
    {
        if (!string.IsNullOrEmpty(embedderModelId))
        {
            foreach (var (marker, thresholds) in Known)
            {
                if (embedderModelId.Contains(marker, StringComparison.OrdinalIgnoreCase))
                {
                    return thresholds;
                }
            }
        }

        return Fallback;
    }
}
