namespace RagBot.Core.Chat;

/// <summary>Persists chat sessions and their turns.</summary>
public interface IChatSessionStore
{
    /// <summary>The session with all its turns, or null when it does not exist.</summary>
    Task<ChatSession?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="count"/> turns of a session, oldest first (empty when the session does not exist).</summary>
    Task<IReadOnlyList<ChatTurn>> GetRecentTurnsAsync(string sessionId, int count, CancellationToken cancellationToken);

    /// <summary>Appends a turn, creating the session when it does not exist yet.</summary>
    Task AppendTurnAsync(string sessionId, string? owner, ChatTurn turn, CancellationToken cancellationToken);

    /// <summary>Deletes a session and its turns; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken);
}
