using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>Ranked chunks, best first, and the cosine of each to the query (empty without a query vector).</summary>
internal sealed record RankedChunks(List<VectorSearchResult<DocumentChunk>> Hits, IReadOnlyDictionary<Guid, double> Similarities);
