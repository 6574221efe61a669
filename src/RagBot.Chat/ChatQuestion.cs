namespace RagBot.Chat;

/// <summary>A question to answer from the documents.</summary>
public sealed record ChatQuestion(string Message)
{
    /// <summary>
    /// The session to continue (its stored turns are the history) or to start under this id when it does not
    /// exist yet; a new id is made when null. Ignored when <see cref="History"/> is given.
    /// </summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// Who asks (an API key's name; null for none, e.g. the CLI). Session ids are per owner (<see cref="OwnedChatSessions"/>):
    /// <see cref="SessionId"/> names one of this owner's sessions, never another's.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>
    /// The conversation so far, supplied by the caller (the OpenAI-compatible endpoint). When set, nothing is
    /// read from or written to the session store.
    /// </summary>
    public IReadOnlyList<ChatHistoryEntry>? History { get; init; }

    /// <summary>Tags (<c>key:value</c>) every source must carry.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public int? TopK { get; init; }

    public double? MinScore { get; init; }
}
