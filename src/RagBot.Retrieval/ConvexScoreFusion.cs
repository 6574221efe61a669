using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>
/// Fuses the two legs by their scores rather than their ranks: score = w_vector · cosine' + w_keyword · bm25',
/// where bm25' is the BM25 score divided by the query's best BM25 score (0 for chunks the keyword leg did not
/// return) and cosine' is the cosine similarity min-max scaled over the candidates. Every candidate's cosine is
/// exact (the records carry their vectors), so a keyword hit is not penalised for missing the vector leg's top list.
/// </summary>
internal static class ConvexScoreFusion
{
    public static List<VectorSearchResult<DocumentChunk>> Fuse(
        IReadOnlyList<VectorSearchResult<DocumentChunk>> vectorHits,
        IReadOnlyList<VectorSearchResult<DocumentChunk>> keywordHits,
        ReadOnlyMemory<float> queryVector,
        double vectorWeight,
        double keywordWeight)
    {
        var candidates = new Dictionary<Guid, (DocumentChunk Record, double Cosine, double Bm25)>();
        foreach (var hit in vectorHits.Concat(keywordHits))
        {
            candidates.TryAdd(hit.Record.Id, (hit.Record, CosineOf(hit.Record, queryVector), 0));
        }

        var bestBm25 = keywordHits.Count == 0 ? 0 : keywordHits.Max(h => h.Score ?? 0);
        foreach (var hit in keywordHits)
        {
            var candidate = candidates[hit.Record.Id];
            candidates[hit.Record.Id] = candidate with { Bm25 = Math.Max(candidate.Bm25, hit.Score ?? 0) };
        }

        var minCosine = candidates.Count == 0 ? 0 : candidates.Values.Min(c => c.Cosine);
        var maxCosine = candidates.Count == 0 ? 0 : candidates.Values.Max(c => c.Cosine);
        var cosineRange = maxCosine - minCosine;
        return candidates.Values
            .Select(c => (c.Record, Score:
                (vectorWeight * (cosineRange > 0 ? (c.Cosine - minCosine) / cosineRange : 0)) +
                (keywordWeight * (bestBm25 > 0 ? c.Bm25 / bestBm25 : 0))))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Record.Id)
            .Select(c => new VectorSearchResult<DocumentChunk>(c.Record, c.Score))
            .ToList();
    }

    private static double CosineOf(DocumentChunk record, ReadOnlyMemory<float> queryVector) =>
        record.Embedding.Length == queryVector.Length && queryVector.Length > 0
            ? TensorPrimitives.CosineSimilarity(record.Embedding.Span, queryVector.Span)
            : 0;
}
