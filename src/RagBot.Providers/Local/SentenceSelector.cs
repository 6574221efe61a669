using RagBot.Core.Chat;
using RagBot.Core.Text;

namespace RagBot.Providers.Local;

/// <summary>A sentence of a numbered source, with its normalized terms and the heading it sits under.</summary>
internal sealed record CandidateSentence(int SourceIndex, int Position, string Text, string Section, HashSet<string> Terms);

/// <summary>
/// Chooses the sentences that answer the question, greedily, by two kinds of evidence: the rarity-weighted
/// question words each sentence adds (rarity = inverse frequency across all candidate sentences) and, when the
/// answerer has an embedder, the sentence's cosine similarity to the question, which finds the sentence that
/// answers a paraphrase ("get rid of a file I uploaded" / "delete a document") that shares no words with it.
/// The first sentence is the best by <c>semanticWeight × similarity + (1 − semanticWeight) × word share</c>; a
/// further sentence is taken only when it adds question words the chosen ones lack (and, with an embedder, is
/// nearly as close to the question as the first; by words only, as before, any such sentence).
/// </summary>
internal static class SentenceSelector
{
    /// <summary>A further sentence must reach this share of the first's score (it answers another part of the question).</summary>
    private const double FollowerShare = 0.75;

    /// <summary>Every sentence of every source, in source order (each source split once, then remembered by <paramref name="cache"/>).</summary>
    public static List<CandidateSentence> Candidates(IReadOnlyList<PromptSource> sources, SourceSentenceCache cache) =>
        sources
            .SelectMany(source => cache.Get(source.Text, source.Section)
                .Select((sentence, position) => new CandidateSentence(source.Index, position, sentence.Text, source.Section, sentence.Terms)))
            .ToList();

    /// <summary>A source's sentences, each with its terms in context (see <see cref="TermsInContext"/>).</summary>
    public static SourceSentence[] Split(string text, string section) =>
        [.. SentenceSplitter.Split(text).Select(sentence => new SourceSentence(sentence, TermsInContext(sentence, section)))];

    /// <summary>
    /// Picks up to <c>maxSentences</c> candidates; <c>similarities</c> holds each candidate's cosine similarity to
    /// the question, or is null without an embedder (words only).
    /// </summary>
    public static SentenceSelection Select(
        string question, List<CandidateSentence> candidates, int maxSentences, IReadOnlyList<float>? similarities, double semanticWeight)
    {
        var questionTerms = TextAnalyzer.Terms(question).Distinct(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0 || (questionTerms.Count == 0 && similarities is null))
        {
            return SentenceSelection.None;
        }

        var weights = Weights(questionTerms, candidates);
        var total = Math.Max(weights.Values.Sum(), double.Epsilon);
        var wordWeight = similarities is null ? 1 : 1 - semanticWeight;
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<int>();
        var firstScore = 0.0;
        while (chosen.Count < maxSentences)
        {
            var best = Enumerable.Range(0, candidates.Count)
                .Where(i => !chosen.Contains(i))
                .Select(i =>
                {
                    var gain = Gain(candidates[i], weights, covered) / total;
                    var semantic = similarities is null ? 0 : semanticWeight * similarities[i];
                    return (Index: i, Gain: gain, Score: semantic + (wordWeight * gain));
                })
                .OrderByDescending(x => x.Score)
                .ThenBy(x => candidates[x.Index].SourceIndex)
                .ThenBy(x => candidates[x.Index].Position)
                .FirstOrDefault(x => x.Score > 0);
            var isFollower = chosen.Count > 0;
            if (best.Score <= 0 || (isFollower && (best.Gain <= 0 || (similarities is not null && best.Score < FollowerShare * firstScore))))
            {
                break;
            }

            firstScore = isFollower ? firstScore : best.Score;
            chosen.Add(best.Index);
            covered.UnionWith(candidates[best.Index].Terms.Where(weights.ContainsKey));
        }

        var coverage = covered.Sum(term => weights[term]) / total;
        var bestSimilarity = similarities is null || chosen.Count == 0 ? (double?)null : chosen.Max(i => similarities[i]);
        var sentences = chosen.Select(i => candidates[i]).OrderBy(c => c.SourceIndex).ThenBy(c => c.Position).ToList();
        return new SentenceSelection(sentences, questionTerms.Count == 0 ? 0 : coverage, bestSimilarity);
    }

    /// <summary>
    /// The candidates worth embedding, at most <c>max</c> (0: all), in candidate order: first the half with the
    /// most rarity-weighted question words (they win on words, and similarity only orders them), then the
    /// sentences of the best-ranked sources in order, where the sentence answering a paraphrase (no shared words)
    /// sits when retrieval ranked its source first.
    /// </summary>
    public static IReadOnlyList<int> Shortlist(string question, List<CandidateSentence> candidates, int max)
    {
        if (max <= 0 || candidates.Count <= max)
        {
            return Enumerable.Range(0, candidates.Count).ToList();
        }

        var weights = Weights(TextAnalyzer.Terms(question).Distinct(StringComparer.Ordinal), candidates);
        var nothingCovered = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new SortedSet<int>(Enumerable.Range(0, candidates.Count)
            .Select(i => (Index: i, Gain: Gain(candidates[i], weights, nothingCovered)))
            .Where(x => x.Gain > 0)
            .OrderByDescending(x => x.Gain)
            .ThenBy(x => x.Index)
            .Take(max / 2)
            .Select(x => x.Index));
        for (var i = 0; chosen.Count < max && i < candidates.Count; i++)
        {
            chosen.Add(i);
        }

        return [.. chosen];
    }

    /// <summary>What an embedder reads for a sentence: its section's last heading, then the sentence (the heading is part of what it says).</summary>
    public static string EmbeddingText(CandidateSentence candidate)
    {
        var heading = candidate.Section.Split(" > ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return string.IsNullOrEmpty(heading) ? candidate.Text : $"{heading}: {candidate.Text}";
    }

    /// <summary>A sentence's words plus its section's heading words: the heading is part of what the sentence says.</summary>
    private static HashSet<string> TermsInContext(string sentence, string section)
    {
        var terms = TextAnalyzer.Terms(sentence).ToHashSet(StringComparer.Ordinal);
        terms.UnionWith(TextAnalyzer.Terms(section));
        return terms;
    }

    private static double Gain(CandidateSentence candidate, Dictionary<string, double> weights, HashSet<string> covered) =>
        candidate.Terms.Where(t => weights.ContainsKey(t) && !covered.Contains(t)).Sum(t => weights[t]);

    private static Dictionary<string, double> Weights(IEnumerable<string> questionTerms, List<CandidateSentence> candidates) =>
        questionTerms.ToDictionary(term => term, term => Rarity(term, candidates), StringComparer.Ordinal);

    private static double Rarity(string term, List<CandidateSentence> candidates)
    {
        var frequency = candidates.Count(c => c.Terms.Contains(term));
        return Math.Log(1 + ((double)candidates.Count / (1 + frequency)));
    }
}

/// <summary>
/// The chosen sentences in source order, the share of the question's (rarity-weighted) words they contain, and
/// the best chosen sentence's cosine similarity to the question (null without an embedder).
/// </summary>
internal sealed record SentenceSelection(IReadOnlyList<CandidateSentence> Sentences, double Coverage, double? BestSimilarity)
{
    public static readonly SentenceSelection None = new([], 0, null);
}
