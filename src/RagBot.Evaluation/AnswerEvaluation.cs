using RagBot.Chat;
using RagBot.Core.Chat;
using RagBot.Retrieval;

namespace RagBot.Evaluation;

/// <summary>
/// Runs questions through the whole chat path of a scratch host (follow-up rewriting, retrieval, the relevance
/// gate, the extractive answerer: never a model call) and scores the found / not-found decision: how many
/// judged questions are answered, how many of those cite a judged-relevant document, and how many off-topic
/// (negative) questions are answered anyway.
/// </summary>
internal static class AnswerEvaluation
{
    public static async Task<AnswerReport> RunAsync(
        GroundedChatService chat,
        HybridRetriever retriever,
        RelevanceGate? gate,
        BeirDataset dataset,
        IReadOnlyList<KeyValuePair<string, IReadOnlyDictionary<string, int>>> judged,
        IReadOnlyDictionary<string, string> negatives,
        Dictionary<string, string> corpusIds,
        IProgress<EvaluationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<AnswerOutcome>(judged.Count + negatives.Count);
        var total = judged.Count + negatives.Count;
        foreach (var (queryId, judgments) in judged)
        {
            var outcome = await AskAsync(chat, retriever, queryId, dataset.Queries[queryId], negative: false, judgments, corpusIds, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            progress?.Report(new EvaluationProgress("answer", outcomes.Count, total));
        }

        foreach (var (queryId, text) in negatives.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            outcomes.Add(await AskAsync(chat, retriever, queryId, text, negative: true, judgments: null, corpusIds, cancellationToken).ConfigureAwait(false));
            progress?.Report(new EvaluationProgress("answer", outcomes.Count, total));
        }

        var positives = outcomes.Where(o => !o.Negative).ToList();
        var offTopic = outcomes.Where(o => o.Negative).ToList();
        return new AnswerReport
        {
            Answered = Share(positives, o => o.Answered),
            AnsweredRelevant = Share(positives, o => o.CitesRelevant),
            FalseAnswers = Share(offTopic, o => o.Answered),
            Negatives = offTopic.Count,
            GateThreshold = gate?.LastThreshold,
            Outcomes = outcomes,
        };
    }

    private static async Task<AnswerOutcome> AskAsync(
        GroundedChatService chat,
        HybridRetriever retriever,
        string queryId,
        string text,
        bool negative,
        IReadOnlyDictionary<string, int>? judgments,
        Dictionary<string, string> corpusIds,
        CancellationToken cancellationToken)
    {
        // The best cosine with the gate off: what a threshold would be compared with (for calibrating one).
        var candidates = (await retriever.RetrieveAsync(new RetrievalRequest(text) { MinRelevance = -1 }, cancellationToken).ConfigureAwait(false)).ToList();
        var top = candidates.Count == 0 ? 0 : candidates.Max(c => c.VectorSimilarity ?? 0);

        // History given: nothing is read from or written to the session store.
        var answer = await chat.AskAsync(new ChatQuestion(text) { History = [] }, cancellationToken).ConfigureAwait(false);
        var answered = answer.Mode != AnswerMode.NotFound;
        var cited = answer.Citations.Select(c => corpusIds.GetValueOrDefault(c.DocumentId, c.DocumentId)).ToList();
        var relevant = answered && judgments is not null && cited.Any(id => judgments.TryGetValue(id, out var score) && score > 0);
        var rank = judgments is null
            ? -1
            : candidates.FindIndex(c => judgments.TryGetValue(corpusIds.GetValueOrDefault(c.Chunk.DocumentId, c.Chunk.DocumentId), out var score) && score > 0);
        return new AnswerOutcome(queryId, negative, Math.Round(top, 4), answered, relevant, cited, rank >= 0 ? rank + 1 : null);
    }

    private static double Share(List<AnswerOutcome> outcomes, Func<AnswerOutcome, bool> predicate) =>
        outcomes.Count == 0 ? 0 : (double)outcomes.Count(predicate) / outcomes.Count;
}
