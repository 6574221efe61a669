using Microsoft.Extensions.AI;
using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>A grounded answer: text with [n] markers, the sources it cites, and how it was produced.</summary>
public sealed record ChatAnswer
{
    public required string Answer { get; init; }

    public required IReadOnlyList<Citation> Citations { get; init; }

    /// <summary>The session the turn was stored in; null when the caller supplied its own history.</summary>
    public required string? SessionId { get; init; }

    /// <summary>One of <see cref="AnswerMode"/>'s values.</summary>
    public required string Mode { get; init; }

    /// <summary>The query retrieval ran with (the question itself unless it was a rewritten follow-up).</summary>
    public required string StandaloneQuery { get; init; }

    public UsageDetails? Usage { get; init; }

    /// <summary>
    /// Null normally; <see cref="RetrievalLabels.KeywordOnly"/> when the sources were found by keywords alone because
    /// the index is being rebuilt for a new embedder this process cannot query the old index with.
    /// </summary>
    public string? Retrieval { get; init; }
}
