using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>
/// Ranks documents by more than their best chunk: a document scores its best chunk plus
/// <see cref="RetrievalOptions.SecondChunkWeight"/> times its second best (both min-max scaled over the candidates,
/// since fused scores can be negative), and chunks are ordered by their document's score, then their own. A
/// document that matches in two places outranks one that matches once equally well.
/// </summary>
internal static class DocumentAggregation
{
    /// <summary><paramref name="ranked"/> (best first) reordered by document; unchanged when the weight is 0.</summary>
    public static List<VectorSearchResult<DocumentChunk>> Apply(List<VectorSearchResult<DocumentChunk>> ranked, double secondChunkWeight)
    {
        if (secondChunkWeight <= 0 || ranked.Count < 2)
        {
            return ranked;
        }

        var max = ranked.Max(h => h.Score ?? 0);
        var min = ranked.Min(h => h.Score ?? 0);
        var range = max > min ? max - min : 1;

        // Best first: a document's first hit is its best chunk, its next one the second best.
        var documents = new Dictionary<string, (double Best, double? Second)>(StringComparer.Ordinal);
        foreach (var hit in ranked)
        {
            var scaled = ((hit.Score ?? 0) - min) / range;
            if (!documents.TryGetValue(hit.Record.DocumentId, out var seen))
            {
                documents[hit.Record.DocumentId] = (scaled, null);
            }
            else if (seen.Second is null)
            {
                documents[hit.Record.DocumentId] = (seen.Best, scaled);
            }
        }

        return ranked
            .Select((hit, position) => (Hit: hit, Position: position, Document: documents[hit.Record.DocumentId]))
            .OrderByDescending(h => h.Document.Best + (secondChunkWeight * (h.Document.Second ?? 0)))
            .ThenBy(h => h.Position)
            .Select(h => h.Hit)
            .ToList();
    }
}
