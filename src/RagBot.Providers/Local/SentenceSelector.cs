using RagBot.Core.Chat;
using RagBot.Core.Text;

namespace RagBot.Providers.Local;

/// <summary>A sentence of a numbered source, with its normalized terms.</summary>
internal sealed record CandidateSentence(int SourceIndex, int Position, string Text, HashSet<string> Terms);

/// <summary>
/// Chooses the sentences that best cover the question: greedy by the rarity-weighted question words each
/// sentence adds (rarity = inverse frequency across all candidate sentences), so a second sentence is taken
/// only when it answers a part of the question the first did not.
/// </summary>
internal static class SentenceSelector
{
    public static (IReadOnlyList<CandidateSentence> Sentences, double Coverage) Select(
        string question, IReadOnlyList<PromptSource> sources, int maxSentences)
    {
        var questionTerms = TextAnalyzer.Terms(question).Distinct(StringComparer.Ordinal).ToList();
        var candidates = sources
            .SelectMany(source => SentenceSplitter.Split(source.Text)
                .Select((text, position) => new CandidateSentence(source.Index, position, text, TermsInContext(text, source.Section))))
            .ToList();
        if (questionTerms.Count == 0 || candidates.Count == 0)
        {
            return ([], 0);
        }

        var weights = questionTerms.ToDictionary(term => term, term => Rarity(term, candidates), StringComparer.Ordinal);
        var total = weights.Values.Sum();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<CandidateSentence>();
        while (chosen.Count < maxSentences)
        {
            var best = candidates
                .Where(c => !chosen.Contains(c))
                .Select(c => (Candidate: c, Gain: Gain(c, weights, covered)))
                .OrderByDescending(x => x.Gain)
                .ThenBy(x => x.Candidate.SourceIndex)
                .ThenBy(x => x.Candidate.Position)
                .FirstOrDefault();
            if (best.Candidate is null || best.Gain <= 0)
            {
                break;
            }

            chosen.Add(best.Candidate);
            covered.UnionWith(best.Candidate.Terms.Where(weights.ContainsKey));
        }

        var coverage = covered.Sum(term => weights[term]) / total;
        return (chosen.OrderBy(c => c.SourceIndex).ThenBy(c => c.Position).ToList(), coverage);
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

    private static double Rarity(string term, List<CandidateSentence> candidates)
    {
        var frequency = candidates.Count(c => c.Terms.Contains(term));
        return Math.Log(1 + ((double)candidates.Count / (1 + frequency)));
    }
}
