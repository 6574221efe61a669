namespace RagBot.Core.Indexing;

/// <summary>
/// The index generations of the app state: at most one active (the one chat reads), at most one building (a
/// reindex in progress), and the building one's per-document progress so a reindex resumes. Switching the
/// active generation is one transaction, seen by every process on its next read.
/// </summary>
public interface IIndexGenerationStore
{
    /// <summary>The generation chat reads from, or null before the first index is made.</summary>
    Task<IndexGeneration?> GetActiveAsync(CancellationToken cancellationToken);

    /// <summary>The generation a reindex is building (possibly interrupted), or null.</summary>
    Task<IndexGeneration?> GetBuildingAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<IndexGeneration>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Returns the active generation, first recording <paramref name="collectionName"/> as the active one when there is none.</summary>
    Task<IndexGeneration> EnsureActiveAsync(string collectionName, IndexSpecification specification, CancellationToken cancellationToken);

    /// <summary>Records a new building generation whose collection is <c>{prefix}-g{id}</c>.</summary>
    Task<IndexGeneration> CreateBuildingAsync(string collectionPrefix, IndexSpecification specification, CancellationToken cancellationToken);

    /// <summary>The documents already indexed into a generation: document id to (version, chunk count, tags).</summary>
    Task<IReadOnlyDictionary<string, IndexedDocumentVersion>> GetProgressAsync(long generationId, CancellationToken cancellationToken);

    /// <summary>Marks one document version (bytes and tags) as complete in a generation.</summary>
    Task RecordProgressAsync(long generationId, string documentId, IndexedDocumentVersion version, CancellationToken cancellationToken);

    Task RemoveProgressAsync(long generationId, string documentId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the building generation active and retires the previous active one, in one transaction. Returns
    /// the retired generation (null when there was none).
    /// </summary>
    Task<IndexGeneration?> ActivateAsync(long generationId, CancellationToken cancellationToken);

    /// <summary>Abandons a building generation (its settings no longer match); its collection must be dropped by the caller.</summary>
    Task RetireBuildingAsync(long generationId, CancellationToken cancellationToken);
}
