using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>
/// The one routine that puts a document version into an index: write the new version's chunks, switch the record
/// that says which version is current, then retire the previous version's chunks. Uploads switch the document
/// catalog (readers only see chunks of a document's current version); a reindex switches the building
/// generation's progress record. Either way no reader sees a mix or a gap, and a crash before the switch leaves
/// the previous version whole.
/// </summary>
public sealed class DocumentVersionCommitter
{
    private readonly IDocumentChunkWriter _writer;

    public DocumentVersionCommitter(IDocumentChunkWriter writer)
    {
        _writer = writer;
    }

    /// <summary>
    /// Writes <paramref name="version"/> into <paramref name="collection"/>, calls <paramref name="switchAsync"/> with
    /// what was written, then deletes the chunks of <paramref name="previous"/> (what the index held for the document
    /// before; null when nothing) that the new version did not overwrite.
    /// </summary>
    public async Task<IndexedVersion> CommitAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        DocumentVersion version,
        ReadOnlyMemory<byte> content,
        IndexedDocumentVersion? previous,
        Func<IndexedVersion, CancellationToken, Task> switchAsync,
        IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(switchAsync);
        var written = await _writer.WriteAsync(version, content, collection, progress, cancellationToken).ConfigureAwait(false);

        // Once every chunk is written, the switch and the retirement run to the end: stopped in between (the host
        // stopping, the document deleted), the previous version's chunks would be left behind.
        await switchAsync(written, CancellationToken.None).ConfigureAwait(false);
        var stale = StaleKeys(version, previous, written).ToList();
        if (stale.Count > 0)
        {
            await collection.DeleteAsync(stale, CancellationToken.None).ConfigureAwait(false);
        }

        return written;
    }

    /// <summary>
    /// Puts a batch of versions into <paramref name="collection"/> as <see cref="CommitAsync"/> does one: writes every
    /// version's chunks (transactions spanning versions), calls <paramref name="switchAsync"/> once with the outcomes
    /// (it makes the written ones current together, e.g. in one catalog transaction), then retires the previous
    /// versions' chunks with one delete. A crash before the switch leaves every previous version whole; the new
    /// chunks written meanwhile are unreachable and overwritten when the version is written again (same keys).
    /// </summary>
    public async Task<IReadOnlyList<VersionWriteOutcome>> CommitManyAsync(
        VectorStoreCollection<Guid, DocumentChunk> collection,
        IReadOnlyList<VersionToCommit> versions,
        Func<IReadOnlyList<VersionWriteOutcome>, CancellationToken, Task> switchAsync,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(switchAsync);
        var outcomes = await _writer.WriteManyAsync([.. versions.Select(v => (v.Version, v.Content))], collection, cancellationToken).ConfigureAwait(false);
        await switchAsync(outcomes, CancellationToken.None).ConfigureAwait(false);
        var stale = versions.Zip(outcomes)
            .SelectMany(pair => pair.Second.Written is { } written ? StaleKeys(pair.First.Version, pair.First.Previous, written) : [])
            .ToList();
        if (stale.Count > 0)
        {
            await collection.DeleteAsync(stale, CancellationToken.None).ConfigureAwait(false);
        }

        return outcomes;
    }

    /// <summary>The previous version's chunk keys the new version did not overwrite (same bytes, new tags: only keys past the new count).</summary>
    private static IEnumerable<Guid> StaleKeys(DocumentVersion version, IndexedDocumentVersion? previous, IndexedVersion written)
    {
        if (previous is null)
        {
            return [];
        }

        var firstStale = previous.Sha256 == version.Sha256 ? written.ChunkCount : 0;
        return previous.ChunkCount > firstStale
            ? ChunkKeys.ForVersion(version.DocumentId, previous.Sha256, previous.ChunkCount, firstOrdinal: firstStale)
            : [];
    }
}
