namespace RagBot.Bench.Lucene;

/// <summary>
/// The measures BEIR reports, computed the way pytrec_eval does: nDCG with linear gain and log2 discount, recall
/// over the judged-relevant documents (gain above zero), reciprocal rank of the first relevant document.
/// </summary>
internal static class RankingMetrics
{
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judged)
    {
        var dcg = ranked.Take(k).Select((id, rank) => Gain(judged, id) / Math.Log2(rank + 2)).Sum();
        var ideal = judged.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, rank) => g / Math.Log2(rank + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judged)
    {
        var relevant = judged.Count(p => p.Value > 0);
        return relevant == 0 ? 0 : (double)ranked.Take(k).Count(id => Gain(judged, id) > 0) / relevant;
    }

    public static double ReciprocalRankAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judged)
    {
        for (var rank = 0; rank < Math.Min(k, ranked.Count); rank++)
        {
            if (Gain(judged, ranked[rank]) > 0) return 1.0 / (rank + 1);
        }

        return 0;
    }

    private static int Gain(IReadOnlyDictionary<string, int> judged, string id) => judged.TryGetValue(id, out var gain) ? gain : 0;
}
