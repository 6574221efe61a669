using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>
/// Ranked chunks, best first, and the cosine of each to the query (empty without a query vector). With
/// pseudo-relevance feedback, <see cref="FirstRound"/> is what the question alone found (the answer gate's evidence:
/// feedback re-ranks, it does not decide whether the collection answers); otherwise it is <see cref="Hits"/>.
/// </summary>
internal sealed record RankedChunks(
    List<VectorSearchResult<DocumentChunk>> Hits,
    IReadOnlyDictionary<Guid, double> Similarities,
    List<VectorSearchResult<DocumentChunk>> FirstRound);
