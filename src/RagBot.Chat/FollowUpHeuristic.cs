using RagBot.Core.Text;

namespace RagBot.Chat;

/// <summary>
/// The model-free way to make a follow-up searchable: when the new question is short or leans on the
/// conversation (pronouns such as "it" or "that", "what about ...", a trailing ellipsis), the informative
/// words of the previous query are put in front of it; otherwise the question stands alone as it is.
/// </summary>
public static class FollowUpHeuristic
{
    private const int ShortQuestionTerms = 2;
    private const int MaxCarriedTerms = 12;

    private static readonly HashSet<string> Anaphora = new(StringComparer.Ordinal)
    {
        "it", "its", "that", "this", "these", "those", "they", "them", "their", "there", "then",
        "he", "him", "his", "she", "her", "hers", "one", "ones", "same", "former", "latter", "else",
    };

    private static readonly string[] ContinuationStarts = ["and ", "also ", "what about", "how about", "and what", "but "];

    public static bool IsFollowUp(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var words = TextAnalyzer.Words(question).ToList();
        var informative = words.Count(w => !StopWords.Contains(w));
        var lower = question.TrimStart().ToLowerInvariant();
        return informative <= ShortQuestionTerms
            || words.Any(Anaphora.Contains)
            || ContinuationStarts.Any(s => lower.StartsWith(s, StringComparison.Ordinal))
            || question.TrimEnd().EndsWith("...", StringComparison.Ordinal)
            || question.TrimEnd().EndsWith('…');
    }

    /// <summary>The standalone query for <paramref name="question"/> given the earlier turns (oldest first).</summary>
    public static string Rewrite(string question, IReadOnlyList<ChatHistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0 || !IsFollowUp(question))
        {
            return question;
        }

        var previous = history[^1];
        var own = TextAnalyzer.Words(question).ToHashSet(StringComparer.Ordinal);
        var carried = TextAnalyzer.Words(previous.StandaloneQuery ?? previous.Question)
            .Where(w => !StopWords.Contains(w) && !own.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxCarriedTerms)
            .ToList();
        return carried.Count == 0 ? question : string.Join(' ', carried) + " " + question;
    }
}
