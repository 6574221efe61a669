using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;

namespace RagBot.Indexing;

/// <summary>
/// Makes one document version's chunks and writes them into a collection (parse, chunk, embed, upsert; the
/// ingestion pipeline). Indexing decides where and when a version is written and switched
/// (<see cref="DocumentVersionCommitter"/>); the writer decides what its chunks are.
/// </summary>
public interface IDocumentChunkWriter
{
    /// <summary>A stable fingerprint of the chunking settings, recorded with each index generation so a change calls for a reindex.</summary>
    string ChunkingFingerprint { get; }

    /// <summary>
    /// Writes the version's chunks under keys from (document id, version, ordinal), so writing twice overwrites; returns
    /// the chunk count and the parser's warnings. <paramref name="progress"/> hears (chunks written, total).
    /// </summary>
    Task<IndexedVersion> WriteAsync(
        DocumentVersion version,
        ReadOnlyMemory<byte> content,
        VectorStoreCollection<Guid, DocumentChunk> collection,
        IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellationToken);

    /// <summary>
    /// Writes several versions' chunks as <see cref="WriteAsync"/> does, with embedding batches and store
    /// transactions spanning versions (small documents then cost a share of a batch, not one each). Returns one
    /// outcome per version, in order: a version that cannot be read fails alone; an embedding or store failure
    /// throws for the whole batch.
    /// </summary>
    Task<IReadOnlyList<VersionWriteOutcome>> WriteManyAsync(
        IReadOnlyList<(DocumentVersion Version, ReadOnlyMemory<byte> Content)> versions,
        VectorStoreCollection<Guid, DocumentChunk> collection,
        CancellationToken cancellationToken);
}
