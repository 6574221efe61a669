using System.Linq.Expressions;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Indexing;
using RagBot.Core.Text;
using RagBot.Indexing;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion;

/// <summary>
/// Takes a document into the active index. The original is stored first (content-addressed), then
/// <see cref="DocumentVersionCommitter"/> writes the new version's chunks, makes it current in the catalog in one
/// step (readers only see chunks of a document's current version) and deletes the old version's chunks: no reader
/// sees a mix or a gap, and re-uploading identical bytes and tags does nothing.
/// </summary>
public sealed partial class DocumentIngestor
{
    private const int DiscardPageSize = 1000;
    private readonly ContentTypeDetector _detector;
    private readonly DocumentVersionCommitter _committer;
    private readonly IChunkCollectionProvider _collections;
    private readonly IDocumentCatalog _catalog;
    private readonly IOriginalStore _originals;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _time;

    public DocumentIngestor(
        ContentTypeDetector detector,
        DocumentVersionCommitter committer,
        IChunkCollectionProvider collections,
        IDocumentCatalog catalog,
        IOriginalStore originals,
        IOptions<IngestionOptions> options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _detector = detector;
        _committer = committer;
        _collections = collections;
        _catalog = catalog;
        _originals = originals;
        _options = options.Value;
        _time = time;
    }

    /// <summary>
    /// Checks what can be checked without parsing (size, id, tags, type against leading bytes) and returns
    /// the version to index. Throws <see cref="IngestionRejectedException"/> for bad input.
    /// </summary>
    public async Task<DocumentVersion> PrepareAsync(DocumentUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Validate(upload);
        using var content = ContentStream.Open(upload.Content);
        var contentType = await _detector.DetectAsync(upload.FileName, content, cancellationToken).ConfigureAwait(false);
        var documentId = upload.DocumentId ?? DocumentIds.FromSource(upload.FileName);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content.Span));
        var tags = upload.Tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new DocumentVersion(documentId, sha256, upload.FileName, contentType, tags);
    }

    public async Task<IngestionResult> IngestAsync(DocumentUpload upload, CancellationToken cancellationToken)
    {
        var version = await PrepareAsync(upload, cancellationToken).ConfigureAwait(false);

        // No job row marks this version as in use while it is indexed (jobs do that for uploads through the API),
        // so a concurrent ingest in this process must not delete its original meanwhile.
        await HoldAsync([version.Sha256]).ConfigureAwait(false);
        try
        {
            await _originals.SaveAsync(version.Sha256, upload.Content, cancellationToken).ConfigureAwait(false);
            return await IndexAsync(version, upload.Content, progress: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release([version.Sha256]);
        }
    }

    /// <summary>Indexes a prepared version into the active index and makes it current (see the class summary).</summary>
    public async Task<IngestionResult> IndexAsync(DocumentVersion version, ReadOnlyMemory<byte> content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Ingest);
        activity?.SetTag("ragbot.document.id", version.DocumentId);
        activity?.SetTag("ragbot.document.content_type", version.ContentType);
        try
        {
            var result = await IndexCoreAsync(version, content, progress, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("ragbot.chunks", result.ChunkCount);
            RagBotTelemetry.IngestedDocuments.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome));
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RagBotTelemetry.SetFailed(activity, ex);
            RagBotTelemetry.IngestedDocuments.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            RagBotTelemetry.IngestionFailures.Add(1, new KeyValuePair<string, object?>("error.type", ex.GetType().Name));
            throw;
        }
    }

    private async Task<IngestionResult> IndexCoreAsync(DocumentVersion version, ReadOnlyMemory<byte> content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var existing = await _catalog.GetAsync(version.DocumentId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Sha256 == version.Sha256 && existing.Tags.SequenceEqual(version.Tags))
        {
            return new IngestionResult(version.DocumentId, IngestionStatus.Unchanged, existing.ChunkCount);
        }

        var collection = await _collections.GetActiveCollectionAsync(cancellationToken).ConfigureAwait(false);
        var previous = existing is null ? null : new IndexedDocumentVersion(existing.Sha256, existing.ChunkCount, existing.Tags);
        var indexed = await _committer.CommitAsync(
            collection, version, content, previous, (written, token) => SaveAsync(version, content.Length, written.ChunkCount, existing, token), progress, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Sha256 != version.Sha256)
        {
            await DeleteOriginalIfUnusedAsync(existing.Sha256, CancellationToken.None).ConfigureAwait(false);
        }

        return new IngestionResult(version.DocumentId, existing is null ? IngestionStatus.Created : IngestionStatus.Updated, indexed.ChunkCount) { Warnings = indexed.Warnings };
    }

    private Task SaveAsync(DocumentVersion version, long sizeBytes, int chunkCount, DocumentRecord? existing, CancellationToken cancellationToken) =>
        _catalog.SaveAsync(ToRecord(version, sizeBytes, chunkCount, existing, _time.GetUtcNow()), cancellationToken);

    private static DocumentRecord ToRecord(DocumentVersion version, long sizeBytes, int chunkCount, DocumentRecord? existing, DateTimeOffset now) => new()
    {
        Id = version.DocumentId,
        Source = version.Source,
        ContentType = version.ContentType,
        Sha256 = version.Sha256,
        SizeBytes = sizeBytes,
        Tags = version.Tags,
        ChunkCount = chunkCount,
        CreatedAt = existing?.CreatedAt ?? now,
        UpdatedAt = now,
    };

    /// <summary>Removes a document, every chunk of it, and its original when no other document has the same bytes.</summary>
    public async Task DeleteAsync(string documentId, CancellationToken cancellationToken)
    {
        var existing = await _catalog.GetAsync(documentId, cancellationToken).ConfigureAwait(false)
            ?? throw new DocumentNotFoundException(documentId);
        await _catalog.DeleteAsync(documentId, cancellationToken).ConfigureAwait(false);
        var collection = (await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false)).Collection;
        await collection.DeleteAsync(ChunkKeys.ForVersion(documentId, existing.Sha256, existing.ChunkCount), cancellationToken).ConfigureAwait(false);
        await DeleteOriginalIfUnusedAsync(existing.Sha256, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes what a failed job of <paramref name="version"/> may have written: its chunks (unless that version
    /// is the document's current one) and its original when nothing else needs it.
    /// </summary>
    public async Task DiscardVersionAsync(DocumentVersion version, int chunkCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var current = await _catalog.GetAsync(version.DocumentId, cancellationToken).ConfigureAwait(false);
        if (current?.Sha256 == version.Sha256)
        {
            return;
        }

        var collection = (await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false)).Collection;
        if (chunkCount > 0)
        {
            await collection.DeleteAsync(ChunkKeys.ForVersion(version.DocumentId, version.Sha256, chunkCount), cancellationToken).ConfigureAwait(false);
        }

        // A job cut off by a crash may have written chunks before its progress (the count) was recorded.
        await DeleteMatchingAsync(collection, c => c.DocumentId == version.DocumentId && c.DocumentVersion == version.Sha256, cancellationToken).ConfigureAwait(false);

        await DeleteOriginalIfUnusedAsync(version.Sha256, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes chunks of the document's versions other than its current one. A job re-run after a crash that came
    /// between the catalog switch and the old version's deletion finds its version current (unchanged) and calls
    /// this to finish that deletion. Only the job runner calls it: jobs of one document never run at once.
    /// </summary>
    public async Task DiscardSupersededVersionsAsync(string documentId, CancellationToken cancellationToken)
    {
        var current = await _catalog.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            var collection = (await _collections.GetActiveIndexAsync(cancellationToken).ConfigureAwait(false)).Collection;
            await DeleteMatchingAsync(collection, c => c.DocumentId == documentId && c.DocumentVersion != current.Sha256, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteMatchingAsync(VectorStoreCollection<Guid, DocumentChunk> collection, Expression<Func<DocumentChunk, bool>> filter, CancellationToken cancellationToken)
    {
        while (true)
        {
            var keys = await collection.GetAsync(filter, DiscardPageSize, cancellationToken: cancellationToken).Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (keys.Count == 0)
            {
                return;
            }

            await collection.DeleteAsync(keys, cancellationToken).ConfigureAwait(false);
        }
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

        if (Tags.DescribeFirstInvalid(upload.Tags) is { } invalid)
        {
            throw new IngestionRejectedException(RejectionReason.InvalidRequest, invalid);
        }
    }
}
