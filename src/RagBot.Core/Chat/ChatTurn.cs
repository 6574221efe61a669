namespace RagBot.Core.Chat;

/// <summary>One question and its answer in a chat session, as persisted.</summary>
public sealed record ChatTurn
{
    public required string Question { get; init; }

    /// <summary>The query retrieval ran with (the question rewritten to stand alone when it was a follow-up).</summary>
    public required string StandaloneQuery { get; init; }

    public required string Answer { get; init; }

    /// <summary>One of <see cref="AnswerMode"/>'s values.</summary>
    public required string Mode { get; init; }

    public required IReadOnlyList<Citation> Citations { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
