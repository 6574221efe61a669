using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>
/// Fuses the two legs by their scores rather than their ranks: score = w_vector · cosine' + w_keyword · bm25',
/// where bm25' is the BM25 score divided by the query's best BM25 score (0 for chunks the keyword leg did not
/// return) and cosine' is the cosine similarity min-max scaled over the candidates. Every candidate's cosine is
/// exact (the store scores it, or the record carries its vector), so a keyword hit is not penalised for missing the vector leg's top list.
/// </summary>
internal static class ConvexScoreFusion
{
    /// <summary>Fuses with each candidate's cosine computed from the vector its record carries.</summary>
    public static List<VectorSearchResult<DocumentChunk>> Fuse(
        IReadOnlyList<VectorSearchResult<DocumentChunk>> vectorHits,
        IReadOnlyList<VectorSearchResult<DocumentChunk>> keywordHits,
        ReadOnlyMemory<float> queryVector,
        double vectorWeight,
        double keywordWeight,
        ScoreNormalization normalization = ScoreNormalization.MinMax) =>
        Fuse(vectorHits, keywordHits, record => CosineOf(record, queryVector), vectorWeight, keywordWeight, normalization);

    /// <summary>Fuses with each candidate's cosine given by <paramref name="cosineOf"/> (for instance scored by the store).</summary>
    public static List<VectorSearchResult<DocumentChunk>> Fuse(
        IReadOnlyList<VectorSearchResult<DocumentChunk>> vectorHits,
        IReadOnlyList<VectorSearchResult<DocumentChunk>> keywordHits,
        Func<DocumentChunk, double> cosineOf,
        double vectorWeight,
        double keywordWeight,
        ScoreNormalization normalization = ScoreNormalization.MinMax)
    {
        ArgumentNullException.ThrowIfNull(cosineOf);
        var candidates = new Dictionary<Guid, (DocumentChunk Record, double Cosine, double Bm25)>();
        foreach (var hit in vectorHits.Concat(keywordHits))
        {
            if (!candidates.ContainsKey(hit.Record.Id))
            {
                candidates[hit.Record.Id] = (hit.Record, cosineOf(hit.Record), 0);
            }
        }

        foreach (var hit in keywordHits)
        {
            var candidate = candidates[hit.Record.Id];
            candidates[hit.Record.Id] = candidate with { Bm25 = Math.Max(candidate.Bm25, hit.Score ?? 0) };
        }

        var cosine = Scale(candidates.Values.Select(c => c.Cosine).ToList(), normalization);
        var bm25 = Scale(candidates.Values.Select(c => c.Bm25).ToList(), normalization == ScoreNormalization.ZScore ? ScoreNormalization.ZScore : ScoreNormalization.MaxOnly);
        return candidates.Values
            .Select((c, i) => (c.Record, Score: (vectorWeight * cosine[i]) + (keywordWeight * bm25[i])))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Record.Id)
            .Select(c => new VectorSearchResult<DocumentChunk>(c.Record, c.Score))
            .ToList();
    }

    private static double[] Scale(List<double> scores, ScoreNormalization normalization)
    {
        if (scores.Count == 0)
        {
            return [];
        }

        var max = scores.Max();
        switch (normalization)
        {
            case ScoreNormalization.ZScore:
                var mean = scores.Average();
                var deviation = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Count);
                return scores.Select(s => deviation > 0 ? (s - mean) / deviation : 0).ToArray();
            case ScoreNormalization.MaxOnly:
                return scores.Select(s => max > 0 ? Math.Max(0, s) / max : 0).ToArray();
            default:
                var min = scores.Min();
                return scores.Select(s => max > min ? (s - min) / (max - min) : 0).ToArray();
        }
    }

    internal static double CosineOf(DocumentChunk record, ReadOnlyMemory<float> queryVector) =>
        record.Embedding.Length == queryVector.Length && queryVector.Length > 0
            ? TensorPrimitives.CosineSimilarity(record.Embedding.Span, queryVector.Span)
            : 0;
}
