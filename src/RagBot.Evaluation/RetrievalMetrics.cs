namespace RagBot.Evaluation;

/// <summary>
/// Per-query ranking metrics as BEIR (pytrec_eval) computes them: nDCG with linear gain (the judged score) and
/// a log2(rank + 1) discount, the ideal ranking built from all judgments; recall over documents judged
/// relevant (score above zero); reciprocal rank of the first relevant document within the cut-off.
/// </summary>
public static class RetrievalMetrics
{
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (judgments.TryGetValue(ranked[i], out var gain) && gain > 0)
            {
                dcg += gain / Math.Log2(i + 2);
            }
        }

        var ideal = judgments.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double Recall(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
        var relevant = judgments.Count(j => j.Value > 0);
        if (relevant == 0)
        {
            return 0;
        }

        var found = ranked.Take(k).Count(id => judgments.TryGetValue(id, out var score) && score > 0);
        return (double)found / relevant;
    }

    public static double ReciprocalRank(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (judgments.TryGetValue(ranked[i], out var score) && score > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>Nearest-rank percentile (p in 0..100) of the values; 0 for none.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
