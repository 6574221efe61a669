namespace RagBot.Core.Embeddings;

/// <summary>
/// One embedder's calibrated cosines: <paramref name="MinRelevance"/>, the least similarity of the best
/// retrieved chunk for a question to count as found (the retrieval gate), and
/// <paramref name="MinSentenceSimilarity"/>, the least similarity of a quoted sentence that lets the extractive
/// answerer answer a question whose words it does not contain (a paraphrase); 1 or more: never (and sentences are then chosen by words only).
/// <paramref name="PerIndexGate"/>: whether the retrieval gate is calibrated per index (RagBot.Retrieval's
/// RelevanceGate) rather than held to <paramref name="MinRelevance"/> everywhere; false for a model whose cosine alone
/// was measured to separate on-topic from off-topic questions better than the per-index gate does.
/// </summary>
public sealed record RelevanceThresholds(double MinRelevance, double MinSentenceSimilarity, bool PerIndexGate = true);
