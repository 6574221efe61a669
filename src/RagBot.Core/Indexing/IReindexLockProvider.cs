namespace RagBot.Core.Indexing;

/// <summary>
/// The one-reindex-at-a-time rule when the app state is shared by several processes that do not share a data
/// directory (PostgreSQL: an advisory lock). Without a provider, the data directory's lock file is the rule.
/// </summary>
public interface IReindexLockProvider
{
    /// <summary>Takes the lock for <paramref name="holder"/>, or returns null and says who holds it.</summary>
    IDisposable? TryAcquire(string holder, out string heldBy);
}
