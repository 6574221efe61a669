namespace RagBot.Core.Documents;

/// <summary>
/// The original bytes of every stored document version, addressed by their SHA-256, so the index can be
/// rebuilt (reindex) without re-uploading and the original can be downloaded.
/// </summary>
public interface IOriginalStore
{
    /// <summary>Stores the bytes under their hash (a no-op when already stored); the file appears whole or not at all.</summary>
    Task SaveAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when no original has that hash.</summary>
    Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken);

    Task DeleteAsync(string sha256, CancellationToken cancellationToken);
}
