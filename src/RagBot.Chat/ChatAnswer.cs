using Microsoft.Extensions.AI;
using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>A grounded answer: text with [n] markers, the sources it cites, and how it was produced.</summary>
public sealed record ChatAnswer
{
    public required string Answer { get; init; }

    public required IReadOnlyList<Citation> Citations { get; init; }

    public required string SessionId { get; init; }

    /// <summary>One of <see cref="AnswerMode"/>'s values.</summary>
    public required string Mode { get; init; }

    public UsageDetails? Usage { get; init; }
}
