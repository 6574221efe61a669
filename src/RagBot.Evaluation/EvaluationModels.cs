using RagBot.Retrieval;

namespace RagBot.Evaluation;

/// <summary>What to evaluate: a BEIR-layout directory, the metric cut-off and the retrieval mode.</summary>
public sealed record EvaluationRequest(string DatasetDirectory)
{
    public int K { get; init; } = 10;

    public RetrievalMode Mode { get; init; } = RetrievalMode.Hybrid;

    /// <summary>A JSONL file of off-topic questions (<c>_id</c>, <c>text</c>) the answer stage must decline; null: none.</summary>
    public string? NegativesPath { get; init; }

    /// <summary>Also run every question through the chat path (gate and extractive answer) and report <see cref="AnswerReport"/>.</summary>
    public bool Answers { get; init; } = true;

    /// <summary>
    /// Times every judged question this many times (latency benches); with more than one, the first pass is a
    /// warm-up left out of the latency figures. Quality figures are always the first pass's.
    /// </summary>
    public int Passes { get; init; } = 1;

    /// <summary>
    /// A data directory to keep the evaluation's index in (<see cref="KeptEvaluationIndex"/>), reused while the corpus
    /// and the index settings are unchanged; null (default): a scratch index in the temp folder, deleted afterwards.
    /// </summary>
    public string? KeepIndexIn { get; init; }
}

/// <summary>Where an evaluation is: the stage ("ingest", "query" or "answer") and items done of the total.</summary>
public readonly record struct EvaluationProgress(string Stage, int Done, int Total);

/// <summary>Mean metrics over the judged queries, and query latency.</summary>
public sealed record EvaluationReport
{
    public required int K { get; init; }

    public required RetrievalMode Mode { get; init; }

    public required double Ndcg { get; init; }

    public required double Recall { get; init; }

    public required double Recall100 { get; init; }

    public required double Mrr { get; init; }

    public required int Queries { get; init; }

    public required double P50Milliseconds { get; init; }

    public required double P99Milliseconds { get; init; }

    /// <summary>p50/p99 per retrieval stage (query embedding, legs, record fetch, fusion, catalog check, de-duplication).</summary>
    public IReadOnlyList<StageLatency> Stages { get; init; } = [];

    public required int Documents { get; init; }

    public required int DocumentsSkipped { get; init; }

    public required double IngestSeconds { get; init; }

    /// <summary>Whether the run reused a kept index (<see cref="EvaluationRequest.KeepIndexIn"/>): nothing was ingested.</summary>
    public bool ReusedIndex { get; init; }

    /// <summary>The chat path's found / not-found figures; null when the answer stage did not run.</summary>
    public AnswerReport? Answers { get; init; }
}

/// <summary>The found / not-found decision of the whole chat path, over judged and off-topic questions.</summary>
public sealed record AnswerReport
{
    /// <summary>Share of judged questions answered (not "not found").</summary>
    public required double Answered { get; init; }

    /// <summary>Share of judged questions answered with a citation of a judged-relevant document.</summary>
    public required double AnsweredRelevant { get; init; }

    /// <summary>Share of negative (off-topic) questions answered instead of "not found".</summary>
    public required double FalseAnswers { get; init; }

    public required int Negatives { get; init; }

    /// <summary>The cosine the relevance gate required on this index (calibrated per index unless configured), null when it did not decide.</summary>
    public double? GateThreshold { get; init; }

    public required IReadOnlyList<AnswerOutcome> Outcomes { get; init; }
}

/// <summary>
/// One question's outcome: the best chunk's cosine with the relevance gate off (what calibrating a threshold
/// needs), whether it was answered, whether a judged-relevant document was cited, the cited corpus ids, and the rank
/// (1-based) of the first judged-relevant chunk among the sources retrieved for the answer (null: none in them), which
/// tells a retrieval miss from an answerer that quoted the wrong source.
/// </summary>
public sealed record AnswerOutcome(string QueryId, bool Negative, double TopSimilarity, bool Answered, bool CitesRelevant, IReadOnlyList<string> Cited, int? RelevantRank = null);

/// <summary>One retrieval stage's latency over the evaluated queries (from its span).</summary>
public sealed record StageLatency(string Stage, double P50Milliseconds, double P99Milliseconds);
