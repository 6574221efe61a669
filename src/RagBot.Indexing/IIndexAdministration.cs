namespace RagBot.Indexing;

/// <summary>What an operator sees of the index and may do with it (the API's <c>/api/admin</c> endpoints).</summary>
public interface IIndexAdministration
{
    /// <summary>The active generation, one being built, every generation, the current settings and the reindex state.</summary>
    Task<IndexOverview> GetOverviewAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a reindex in the background and returns its state; throws <see cref="ReindexInProgressException"/> when
    /// one is running here or in another process.
    /// </summary>
    ReindexStatus StartReindex();
}
