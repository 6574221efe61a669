using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Indexing;
using RagBot.Core.Text;
using RagBot.Ingestion.ContentTypes;
using RagBot.Ingestion.Parsers;

namespace RagBot.Ingestion;

/// <summary>
/// Parses, chunks, embeds and indexes one document. The new version's chunks are written first, then the
/// catalog makes that version current in one step (readers only see chunks of a document's current
/// version), then the old version's chunks are deleted: no reader sees a mix or a gap.
/// </summary>
public sealed class DocumentIngestor
{
    private readonly ContentTypeDetector _detector;
    private readonly DocumentParserRegistry _parsers;
    private readonly IChunker _chunker;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IChunkCollectionProvider _collections;
    private readonly IDocumentCatalog _catalog;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;

    public DocumentIngestor(
        ContentTypeDetector detector,
        DocumentParserRegistry parsers,
        IChunker chunker,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IChunkCollectionProvider collections,
        IDocumentCatalog catalog,
        IOptions<IngestionOptions> options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _detector = detector;
        _parsers = parsers;
        _chunker = chunker;
        _embedder = embedder;
        _collections = collections;
        _catalog = catalog;
        _options = options.Value;
        _time = time;
    }

    public async Task<IngestionResult> IngestAsync(DocumentUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Validate(upload);
        using var content = new MemoryStream(upload.Content.ToArray(), writable: false);
        var contentType = await _detector.DetectAsync(upload.FileName, content, cancellationToken).ConfigureAwait(false);
        var documentId = upload.DocumentId ?? DocumentIds.FromSource(upload.FileName);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content.Span));
        var tags = upload.Tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var existing = await _catalog.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Sha256 == sha256 && existing.Tags.SequenceEqual(tags))
        {
            return new IngestionResult(documentId, IngestionStatus.Unchanged, existing.ChunkCount);
        }

        content.Position = 0;
        var parsed = await _parsers.GetParser(contentType).ParseAsync(content, upload.FileName, cancellationToken).ConfigureAwait(false);
        var chunks = _chunker.Chunk(parsed);
        if (chunks.Count == 0)
        {
            throw new IngestionRejectedException(RejectionReason.Unreadable, $"'{upload.FileName}' contains no text to index.");
        }

        var collection = await _collections.GetActiveCollectionAsync(cancellationToken).ConfigureAwait(false);
        var identity = new ChunkIdentity(documentId, sha256, upload.FileName, tags);
        foreach (var batch in chunks.Chunk(_options.EmbeddingBatchSize))
        {
            var embeddings = await _embedder.GenerateAsync(batch.Select(c => c.TextForEmbedding), cancellationToken: cancellationToken).ConfigureAwait(false);
            await collection.UpsertAsync(batch.Select((c, i) => identity.ToRecord(c, embeddings[i].Vector)), cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        await _catalog.SaveAsync(
            new DocumentRecord
            {
                Id = documentId,
                Source = upload.FileName,
                ContentType = contentType,
                Sha256 = sha256,
                SizeBytes = upload.Content.Length,
                Tags = tags,
                ChunkCount = chunks.Count,
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Sha256 != sha256)
        {
            await collection.DeleteAsync(ChunkKeys.ForVersion(documentId, existing.Sha256, existing.ChunkCount), cancellationToken).ConfigureAwait(false);
        }
        else if (existing is not null && existing.ChunkCount > chunks.Count)
        {
            await collection.DeleteAsync(ChunkKeys.ForVersion(documentId, sha256, existing.ChunkCount).Skip(chunks.Count), cancellationToken).ConfigureAwait(false);
        }

        return new IngestionResult(documentId, existing is null ? IngestionStatus.Created : IngestionStatus.Updated, chunks.Count);
    }

    /// <summary>Removes a document and every chunk of it.</summary>
    public async Task DeleteAsync(string documentId, CancellationToken cancellationToken)
    {
        var existing = await _catalog.GetAsync(documentId, cancellationToken).ConfigureAwait(false)
            ?? throw new DocumentNotFoundException(documentId);
        await _catalog.DeleteAsync(documentId, cancellationToken).ConfigureAwait(false);
        var collection = await _collections.GetActiveCollectionAsync(cancellationToken).ConfigureAwait(false);
        await collection.DeleteAsync(ChunkKeys.ForVersion(documentId, existing.Sha256, existing.ChunkCount), cancellationToken).ConfigureAwait(false);
    }

    private void Validate(DocumentUpload upload)
    {
        if (upload.Content.Length == 0)
        {
            throw new IngestionRejectedException(RejectionReason.Empty, $"The file '{upload.FileName}' is empty.");
        }

        if (upload.Content.Length > _options.MaxUploadBytes)
        {
            throw new IngestionRejectedException(RejectionReason.TooLarge, $"The file is {upload.Content.Length} bytes; the limit ({IngestionOptions.SectionName}:MaxUploadBytes) is {_options.MaxUploadBytes}.");
        }

        if (upload.DocumentId is not null && !DocumentIds.IsValid(upload.DocumentId))
        {
            throw new IngestionRejectedException(RejectionReason.InvalidRequest, $"The document id '{upload.DocumentId}' is invalid: use {DocumentIds.Rule}.");
        }

        var badTag = upload.Tags.FirstOrDefault(t => !Tags.IsValid(t));
        if (badTag is not null)
        {
            throw new IngestionRejectedException(RejectionReason.InvalidRequest, $"The tag '{badTag}' is invalid: use {Tags.Rule}.");
        }
    }
}
