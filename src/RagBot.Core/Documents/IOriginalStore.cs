namespace RagBot.Core.Documents;

/// <summary>
/// The original bytes of every stored document version, addressed by their SHA-256, so the index can be
/// rebuilt (reindex) without re-uploading and the original can be downloaded.
/// </summary>
public interface IOriginalStore
{
    /// <summary>Stores the bytes under their hash (a no-op when already stored); the file appears whole or not at all.</summary>
    Task SaveAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores several originals, each as <see cref="SaveAsync"/> would; when it returns, all are durable. A store
    /// may make them durable together (one flush wait for many small files instead of one each).
    /// </summary>
    async Task SaveManyAsync(IReadOnlyList<(string Sha256, ReadOnlyMemory<byte> Content)> originals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(originals);
        foreach (var (sha256, content) in originals)
        {
            await SaveAsync(sha256, content, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The stored bytes, or null when no original has that hash.</summary>
    Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>
    /// The stored bytes as a stream to copy from (a download), or null when no original has that hash. A store that
    /// can read in pieces does, so a download's memory does not grow with the file; this default reads it whole.
    /// </summary>
    async Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(sha256, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new MemoryStream(bytes, writable: false);
    }

    Task DeleteAsync(string sha256, CancellationToken cancellationToken);
}
