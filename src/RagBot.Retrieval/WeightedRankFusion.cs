using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>
/// Reciprocal rank fusion with a weight per leg: score = w_vector / (k + vector rank) + w_keyword / (k + keyword rank).
/// Equal weights give plain RRF; a lower vector weight keeps a weak weight-free embedder from pulling good
/// keyword hits down while still letting it add the documents keywords miss.
/// </summary>
internal static class WeightedRankFusion
{
    public static List<VectorSearchResult<DocumentChunk>> Fuse(
        IReadOnlyList<VectorSearchResult<DocumentChunk>> vectorHits,
        IReadOnlyList<VectorSearchResult<DocumentChunk>> keywordHits,
        int k,
        double vectorWeight,
        double keywordWeight)
    {
        var fused = new Dictionary<Guid, (DocumentChunk Record, double Score, int BestRank)>();
        Add(fused, vectorHits, k, vectorWeight);
        Add(fused, keywordHits, k, keywordWeight);
        return fused.Values
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.BestRank)
            .ThenBy(h => h.Record.Id)
            .Select(h => new VectorSearchResult<DocumentChunk>(h.Record, h.Score))
            .ToList();
    }

    private static void Add(Dictionary<Guid, (DocumentChunk Record, double Score, int BestRank)> fused, IReadOnlyList<VectorSearchResult<DocumentChunk>> hits, int k, double weight)
    {
        for (var i = 0; i < hits.Count; i++)
        {
            var record = hits[i].Record;
            var contribution = weight / (k + i + 1);
            fused[record.Id] = fused.TryGetValue(record.Id, out var existing)
                ? (existing.Record, existing.Score + contribution, Math.Min(existing.BestRank, i + 1))
                : (record, contribution, i + 1);
        }
    }
}
