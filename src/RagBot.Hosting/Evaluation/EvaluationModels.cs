using RagBot.Retrieval;

namespace RagBot.Hosting.Evaluation;

/// <summary>What to evaluate: a BEIR-layout directory, the metric cut-off and the retrieval mode.</summary>
public sealed record EvaluationRequest(string DatasetDirectory)
{
    public int K { get; init; } = 10;

    public RetrievalMode Mode { get; init; } = RetrievalMode.Hybrid;
}

/// <summary>Where an evaluation is: the stage ("ingest" or "query") and items done of the total.</summary>
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

    public required int Documents { get; init; }

    public required int DocumentsSkipped { get; init; }

    public required double IngestSeconds { get; init; }
}
