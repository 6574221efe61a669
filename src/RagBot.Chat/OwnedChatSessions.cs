using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>
/// Chat sessions as their owners see them: every owner has a namespace of session ids of its own. The store keys a
/// session by its owner and the id the client chose (<c>alice/support-42</c>; owners are escaped, so the first
/// <c>/</c> always ends the owner), and callers only ever see the client's id. Two callers choosing the same id
/// therefore get two sessions: nobody can read, extend or squat another's session, nor learn that an id is in use.
/// Every caller of <see cref="GroundedChatService"/> gets this rule, not only the HTTP endpoints.
/// </summary>
public sealed class OwnedChatSessions
{
    private const char Separator = '/';
    private readonly IChatSessionStore _store;

    public OwnedChatSessions(IChatSessionStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The session <paramref name="sessionId"/> of <paramref name="owner"/> (null: no owner, e.g. the CLI), with the client's id; null when that owner has no such session.</summary>
    public async Task<ChatSession?> GetAsync(string? owner, string sessionId, CancellationToken cancellationToken)
    {
        var session = await _store.GetAsync(StorageId(owner, sessionId), cancellationToken).ConfigureAwait(false);
        // The owner check is a second lock on the same door: the key already names the owner.
        return session is null || !IsOwnedBy(session, owner) ? null : session with { Id = sessionId };
    }

    /// <summary>The owner's last <paramref name="count"/> turns of the session, oldest first (none for a new id).</summary>
    public Task<IReadOnlyList<ChatTurn>> GetRecentTurnsAsync(string? owner, string sessionId, int count, CancellationToken cancellationToken) =>
        _store.GetRecentTurnsAsync(StorageId(owner, sessionId), count, cancellationToken);

    /// <summary>Appends a turn to the owner's session, creating it under the client's id when new.</summary>
    public Task AppendTurnAsync(string? owner, string sessionId, ChatTurn turn, CancellationToken cancellationToken) =>
        _store.AppendTurnAsync(StorageId(owner, sessionId), Normalize(owner), turn, cancellationToken);

    /// <summary>Deletes the owner's session; false when that owner has none by this id.</summary>
    public async Task<bool> DeleteAsync(string? owner, string sessionId, CancellationToken cancellationToken) =>
        await GetAsync(owner, sessionId, cancellationToken).ConfigureAwait(false) is not null
        && await _store.DeleteAsync(StorageId(owner, sessionId), cancellationToken).ConfigureAwait(false);

    /// <summary>The store's key: the escaped owner (empty for none), a <c>/</c>, the client's id. Distinct (owner, id) pairs never share a key.</summary>
    public static string StorageId(string? owner, string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return Uri.EscapeDataString(Normalize(owner) ?? "") + Separator + sessionId;
    }

    private static string? Normalize(string? owner) => string.IsNullOrEmpty(owner) ? null : owner;

    private static bool IsOwnedBy(ChatSession session, string? owner) => string.Equals(Normalize(session.Owner), Normalize(owner), StringComparison.Ordinal);
}
