using System.Numerics.Tensors;
using RagBot.Core.Text;

namespace RagBot.Retrieval;

/// <summary>
/// Pseudo-relevance feedback: the first round's best chunks are taken as relevant and the question is rewritten
/// toward them for a second round. The vector leg moves the question's vector toward their mean (Rocchio); the
/// keyword leg adds the words they share most (RM3-style: each word's weight is its share of a feedback chunk's
/// words, summed over the feedback chunks weighted by their rank).
/// </summary>
internal static class RelevanceFeedback
{
    /// <summary>
    /// Rocchio: the unit question vector plus <paramref name="weight"/> times the mean of the unit feedback vectors,
    /// scaled back to unit length (cosine ranks ignore length, and the store's scores stay cosines). Vectors of
    /// another length than the question's (none expected) are skipped; with none left the question is returned.
    /// </summary>
    public static ReadOnlyMemory<float> MoveToward(ReadOnlyMemory<float> query, IEnumerable<ReadOnlyMemory<float>> feedback, double weight)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var dimensions = query.Length;
        var mean = new float[dimensions];
        var count = 0;
        foreach (var vector in feedback)
        {
            var norm = TensorPrimitives.Norm(vector.Span);
            if (vector.Length != dimensions || norm == 0)
            {
                continue;
            }

            TensorPrimitives.MultiplyAdd(vector.Span, 1 / norm, mean, mean);
            count++;
        }

        var queryNorm = TensorPrimitives.Norm(query.Span);
        if (count == 0 || queryNorm == 0)
        {
            return query;
        }

        var moved = new float[dimensions];
        TensorPrimitives.Multiply(query.Span, 1 / queryNorm, moved);
        TensorPrimitives.MultiplyAdd(mean, (float)(weight / count), moved, moved);
        var movedNorm = TensorPrimitives.Norm(moved);
        if (movedNorm > 0)
        {
            TensorPrimitives.Divide(moved, movedNorm, moved);
        }

        return moved;
    }

    /// <summary>
    /// The question's keywords, each repeated <paramref name="queryRepeats"/> times (BM25 sums over the query's
    /// words, so a repeat doubles a word's weight against an added one), followed by up to <paramref name="count"/>
    /// words the feedback texts share most. Words are compared by Porter stem (the keyword index's own analysis),
    /// so "compilers" is not added to a question about a "compiler"; stop words, one-letter words and numbers are
    /// never added, and a word must occur in at least two feedback texts (one chunk's idiosyncrasy is not evidence).
    /// </summary>
    public static List<string> ExpandKeywords(IReadOnlyCollection<string> keywords, IReadOnlyList<string> feedbackTexts, int count, int queryRepeats)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(feedbackTexts);
        var expanded = new List<string>((keywords.Count * queryRepeats) + count);
        for (var i = 0; i < queryRepeats; i++)
        {
            expanded.AddRange(keywords);
        }

        var questionStems = keywords.Select(PorterStemmer.Stem).ToHashSet(StringComparer.Ordinal);
        var weights = new Dictionary<string, (double Weight, int Texts, string Word)>(StringComparer.Ordinal);
        var rankWeights = RankWeights(feedbackTexts.Count);
        for (var rank = 0; rank < feedbackTexts.Count; rank++)
        {
            var words = TextAnalyzer.Words(feedbackTexts[rank]).Where(IsCandidate).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            foreach (var group in words.GroupBy(PorterStemmer.Stem, StringComparer.Ordinal))
            {
                if (questionStems.Contains(group.Key))
                {
                    continue;
                }

                var share = (double)group.Count() / words.Count * rankWeights[rank];
                weights[group.Key] = weights.TryGetValue(group.Key, out var seen)
                    ? (seen.Weight + share, seen.Texts + 1, seen.Word)
                    : (share, 1, group.First());
            }
        }

        expanded.AddRange(weights
            .Where(w => w.Value.Texts >= 2)
            .OrderByDescending(w => w.Value.Weight)
            .ThenBy(w => w.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(w => w.Value.Word));
        return expanded;
    }

    /// <summary>
    /// How much each feedback text counts, by rank: 1/1, 1/2, 1/3, ... scaled to sum to 1. RM3 weighs each feedback
    /// document by how likely it makes the query; the fused scores here are standard scores of two legs with no such
    /// meaning, so the rank stands in for it: the best chunk's words count most, and the fifth chunk, more often not
    /// relevant, adds less drift. Measured against equal weights on three collections (docs/guide/cli.md, fifth pass).
    /// </summary>
    private static double[] RankWeights(int count)
    {
        var weights = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            weights[i] = 1.0 / (i + 1);
            sum += weights[i];
        }

        for (var i = 0; i < count; i++)
        {
            weights[i] /= sum;
        }

        return weights;
    }

    private static bool IsCandidate(string word) =>
        word.Length > 1 && !StopWords.Contains(word) && word.Any(char.IsLetter);
}
