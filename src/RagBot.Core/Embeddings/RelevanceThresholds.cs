namespace RagBot.Core.Embeddings;

/// <summary>
/// One embedder's calibrated cosines: <paramref name="MinRelevance"/>, the least similarity for a question to count
/// as found (the retrieval gate), compared with the mean cosine of the question's <paramref name="SupportDepth"/>
/// most similar chunks, and the least similarity of a chunk passed on; and <paramref name="MinSentenceSimilarity"/>,
/// the least similarity of a quoted sentence that lets the extractive answerer answer a question whose words it does
/// not contain (a paraphrase); 1 or more: never (and sentences are then chosen by words only).
/// </summary>
/// <remarks>
/// Why a mean over several chunks: a question the collection is about finds several related chunks; an off-topic
/// question that shares a phrase with one chunk ("prune apple trees" / pruning search trees) finds that one and
/// little else. With MiniLM the mean of the best three cut false answers on CACM, Cranfield and man pages without
/// losing answered questions (docs/guide/chat.md).
/// </remarks>
public sealed record RelevanceThresholds(double MinRelevance, double MinSentenceSimilarity, int SupportDepth = 1);
