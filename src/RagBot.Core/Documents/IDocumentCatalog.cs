namespace RagBot.Core.Documents;

/// <summary>The app-state record of which documents exist and which version of each is current.</summary>
public interface IDocumentCatalog
{
    Task<DocumentRecord?> GetAsync(string documentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DocumentRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a document; replacing it makes its new version current in one step.</summary>
    Task SaveAsync(DocumentRecord document, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces several documents in one transaction: all of them become current at once, or (after a
    /// crash or an error) none. Batched ingestion of small files saves its documents this way.
    /// </summary>
    Task SaveManyAsync(IReadOnlyList<DocumentRecord> documents, CancellationToken cancellationToken);

    /// <summary>Removes a document; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Whether any document's current version, or an unfinished ingestion job, has these bytes (so their original must be kept).</summary>
    Task<bool> IsVersionInUseAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>The current version (SHA-256) of each of the given documents that exists.</summary>
    Task<IReadOnlyDictionary<string, string>> GetCurrentVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken);
}
