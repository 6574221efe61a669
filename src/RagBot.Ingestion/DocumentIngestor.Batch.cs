using RagBot.Core.Diagnostics;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Indexing;
using RagBot.Indexing;

namespace RagBot.Ingestion;

/// <summary>The batch path: many small documents for the price of a few commits.</summary>
public sealed partial class DocumentIngestor
{
    /// <summary>
    /// Ingests several uploads (of different documents) together: their originals are flushed to disk together,
    /// their chunks are embedded and written in batches spanning documents, and the documents become current in one
    /// catalog transaction. Small files then cost a share of each commit instead of a commit (and an fsync) each.
    /// Crash safety is that of <see cref="IngestAsync"/>: the catalog switch comes after every chunk of the batch is
    /// written, so a document is either fully indexed and current, or (killed before the switch) absent or still at
    /// its previous version, its new chunks unreachable until the same version is ingested again and overwrites them.
    /// Returns one outcome per upload, in order; an upload that is rejected or cannot be read fails alone.
    /// </summary>
    public async Task<IReadOnlyList<DocumentIngestOutcome>> IngestManyAsync(IReadOnlyList<DocumentUpload> uploads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var outcomes = new DocumentIngestOutcome[uploads.Count];
        var prepared = new List<(int Index, DocumentVersion Version, ReadOnlyMemory<byte> Content)>(uploads.Count);
        for (var i = 0; i < uploads.Count; i++)
        {
            try
            {
                prepared.Add((i, await PrepareAsync(uploads[i], cancellationToken).ConfigureAwait(false), uploads[i].Content));
            }
            catch (IngestionRejectedException ex)
            {
                // Rejected before indexing, as IngestAsync rejects it (not counted as an ingestion failure there either).
                outcomes[i] = DocumentIngestOutcome.Failed(ex);
            }
        }

        if (prepared.Select(p => p.Version.DocumentId).Distinct(StringComparer.Ordinal).Count() != prepared.Count)
        {
            throw new ArgumentException("A batch holds at most one upload per document id (ingest the others after it).", nameof(uploads));
        }

        var shas = prepared.ConvertAll(p => p.Version.Sha256);
        await HoldAsync(shas).ConfigureAwait(false);

        // The originals must be on disk before the catalog names them, not before their chunks are written: the wait
        // for the disk overlaps the parsing, embedding and writing of the batch.
        var originalsSaved = _originals.SaveManyAsync([.. prepared.Select(p => (p.Version.Sha256, p.Content))], cancellationToken);
        try
        {
            var changed = new List<(int Index, VersionToCommit Commit, DocumentRecord? Existing)>();
            foreach (var (index, version, content) in prepared)
            {
                var existing = await _catalog.GetAsync(version.DocumentId, cancellationToken).ConfigureAwait(false);
                if (existing is not null && existing.Sha256 == version.Sha256 && existing.Tags.SequenceEqual(version.Tags))
                {
                    outcomes[index] = Succeed(new IngestionResult(version.DocumentId, IngestionStatus.Unchanged, existing.ChunkCount));
                    continue;
                }

                var previous = existing is null ? null : new IndexedDocumentVersion(existing.Sha256, existing.ChunkCount, existing.Tags);
                changed.Add((index, new VersionToCommit(version, content, previous), existing));
            }

            if (changed.Count > 0)
            {
                await CommitBatchAsync(changed, originalsSaved, outcomes, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The flush's failure is not raised here: the catalog switch awaits it, and when it fails the batch falls
            // back to one document at a time, so each upload already has its own outcome (a failed file fails alone
            // instead of ending the whole `ragbot ingest` run). Unchanged documents do not need their original saved.
            await originalsSaved.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Release(shas);
        }

        return outcomes;
    }

    private async Task CommitBatchAsync(
        List<(int Index, VersionToCommit Commit, DocumentRecord? Existing)> changed, Task originalsSaved, DocumentIngestOutcome[] outcomes, CancellationToken cancellationToken)
    {
        IReadOnlyList<VersionWriteOutcome> written;
        using (var activity = RagBotTelemetry.Source.StartActivity(RagBotSpans.Ingest)?.SetTag("ragbot.documents", changed.Count))
        {
            try
            {
                var collection = await _collections.GetActiveCollectionAsync(cancellationToken).ConfigureAwait(false);
                written = await _committer.CommitManyAsync(collection, [.. changed.Select(c => c.Commit)], SwitchAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not IndexMismatchException)
            {
                // An embedder, store or disk failure: each document on its own path, so every one gets its own outcome.
                RagBotTelemetry.SetFailed(activity, ex);
                await IngestOneByOneAsync(changed, outcomes, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        async Task SwitchAsync(IReadOnlyList<VersionWriteOutcome> written, CancellationToken token)
        {
            await originalsSaved.ConfigureAwait(false);
            await SaveAllAsync(changed, written, token).ConfigureAwait(false);
        }

        for (var i = 0; i < changed.Count; i++)
        {
            var (index, commit, existing) = changed[i];
            if (written[i].Written is not { } indexed)
            {
                outcomes[index] = Fail(written[i].Error ?? new InvalidOperationException("The version was neither written nor failed."));
                continue;
            }

            var status = existing is null ? IngestionStatus.Created : IngestionStatus.Updated;
            outcomes[index] = Succeed(new IngestionResult(commit.Version.DocumentId, status, indexed.ChunkCount) { Warnings = indexed.Warnings });
            if (existing is not null && existing.Sha256 != commit.Version.Sha256)
            {
                await DeleteOriginalIfUnusedAsync(existing.Sha256, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private Task SaveAllAsync(List<(int Index, VersionToCommit Commit, DocumentRecord? Existing)> changed, IReadOnlyList<VersionWriteOutcome> outcomes, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var records = new List<DocumentRecord>(changed.Count);
        for (var i = 0; i < changed.Count; i++)
        {
            if (outcomes[i].Written is { } written)
            {
                var (_, commit, existing) = changed[i];
                records.Add(ToRecord(commit.Version, commit.Content.Length, written.ChunkCount, existing, now));
            }
        }

        return _catalog.SaveManyAsync(records, cancellationToken);
    }

    private async Task IngestOneByOneAsync(List<(int Index, VersionToCommit Commit, DocumentRecord? Existing)> changed, DocumentIngestOutcome[] outcomes, CancellationToken cancellationToken)
    {
        foreach (var (index, commit, _) in changed)
        {
            try
            {
                // Saved again: the batch's failure may have been the originals' flush.
                await _originals.SaveAsync(commit.Version.Sha256, commit.Content, cancellationToken).ConfigureAwait(false);
                outcomes[index] = DocumentIngestOutcome.Succeeded(await IndexAsync(commit.Version, commit.Content, progress: null, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // IndexAsync has counted the failure.
                outcomes[index] = DocumentIngestOutcome.Failed(ex);
            }
        }
    }

    private static DocumentIngestOutcome Succeed(IngestionResult result)
    {
        RagBotTelemetry.IngestedDocuments.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome));
        return DocumentIngestOutcome.Succeeded(result);
    }

    private static DocumentIngestOutcome Fail(Exception error)
    {
        RagBotTelemetry.IngestedDocuments.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        RagBotTelemetry.IngestionFailures.Add(1, new KeyValuePair<string, object?>("error.type", error.GetType().Name));
        return DocumentIngestOutcome.Failed(error);
    }
}
