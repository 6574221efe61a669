using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>
/// Rebuilds the index as a new generation beside the active one, from the stored originals, with the current
/// chunking and embedding settings; chat keeps reading the active generation meanwhile. Progress is recorded
/// per document, so a re-run after a crash or cancel continues where it stopped. When every document is in,
/// the active pointer switches in one transaction, a catch-up pass re-indexes documents uploaded or changed
/// in the meantime (uploads keep going to the active generation during the build), and the old collection
/// is dropped. Each document goes in through <see cref="DocumentVersionCommitter"/>, as uploads do. On Qdrant the switch is also an atomic alias swap (<see cref="IIndexAlias"/>), which is what
/// readers follow.
/// </summary>
public sealed class IndexReindexer
{
    private const int MaxPassesBeforeSwitch = 5;
    private readonly IIndexGenerationStore _generations;
    private readonly ChunkCollectionProvider _collections;
    private readonly CurrentIndexSpecification _specification;
    private readonly IDocumentCatalog _catalog;
    private readonly IOriginalStore _originals;
    private readonly DocumentVersionCommitter _committer;
    private readonly VectorStoreSettings _settings;
    private readonly ReindexOptions _options;
    private readonly IReindexLockProvider _lockProvider;
    private readonly IIndexAlias? _alias;

    public IndexReindexer(
        IIndexGenerationStore generations,
        ChunkCollectionProvider collections,
        CurrentIndexSpecification specification,
        IDocumentCatalog catalog,
        IOriginalStore originals,
        DocumentVersionCommitter committer,
        IOptions<VectorStoreSettings> settings,
        IOptions<ReindexOptions> options,
        IReindexLockProvider lockProvider,
        IIndexAlias? alias = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        _generations = generations;
        _collections = collections;
        _specification = specification;
        _catalog = catalog;
        _originals = originals;
        _committer = committer;
        _settings = settings.Value;
        _options = options.Value;
        _lockProvider = lockProvider;
        _alias = alias;
    }

    /// <summary>What <see cref="RunAsync"/> would do now, without changing anything.</summary>
    public async Task<ReindexPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var active = await _collections.GetActiveGenerationAsync(cancellationToken).ConfigureAwait(false);
        var target = await _specification.GetAsync(cancellationToken).ConfigureAwait(false);
        var building = await _generations.GetBuildingAsync(cancellationToken).ConfigureAwait(false);
        var resuming = building is not null && target.Matches(building) ? building : null;
        var documents = await _catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        var done = resuming is null
            ? new Dictionary<string, IndexedDocumentVersion>()
            : await _generations.GetProgressAsync(resuming.Id, cancellationToken).ConfigureAwait(false);
        var toIndex = documents.Count(d => !IsDone(done, d));
        var all = await _generations.ListAsync(cancellationToken).ConfigureAwait(false);
        var collection = resuming?.CollectionName ?? FormattableString.Invariant($"{_settings.CollectionName}-g{all.Max(g => g.Id) + 1}");
        return new ReindexPlan(active, resuming, target, collection, documents.Count, documents.Count - toIndex, toIndex);
    }

    /// <summary>Builds, switches and retires (see the class summary). Throws <see cref="ReindexInProgressException"/> when another reindex holds the lock.</summary>
    public async Task<ReindexReport> RunAsync(string holder, IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        using var reindexLock = AcquireLock(holder);
        return await RunLockedAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the reindex lock for <see cref="RunLockedAsync"/>, the app state's (<see cref="IReindexLockProvider"/>:
    /// the data directory's lock file, or one shared by every replica).
    /// </summary>
    public IDisposable AcquireLock(string holder) =>
        _lockProvider.TryAcquire(holder, out var heldBy) ?? throw new ReindexInProgressException(
            $"A reindex is already running ({heldBy}). Wait for it to finish (GET /api/admin/index shows its progress) and try again.");

    /// <summary>Like <see cref="RunAsync"/>, for a caller that already holds the lock.</summary>
    public async Task<ReindexReport> RunLockedAsync(IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        var active = await _collections.GetActiveGenerationAsync(cancellationToken).ConfigureAwait(false);
        if (_alias is not null)
        {
            // A run stopped between the alias switch and the pointer switch left readers on the building collection:
            // put them back on the active one before that collection can be dropped or rebuilt.
            await _alias.SwitchAsync(active.CollectionName, cancellationToken).ConfigureAwait(false);
        }

        var target = await _specification.GetAsync(cancellationToken).ConfigureAwait(false);
        var building = await _generations.GetBuildingAsync(cancellationToken).ConfigureAwait(false);
        if (building is not null && !target.Matches(building))
        {
            // Interrupted under other settings: its chunks are of no use now.
            await _collections.DropAsync(building, cancellationToken).ConfigureAwait(false);
            await _generations.RetireBuildingAsync(building.Id, cancellationToken).ConfigureAwait(false);
            building = null;
        }

        var resumed = building is not null;
        building ??= await _generations.CreateBuildingAsync(_settings.CollectionName, target, cancellationToken).ConfigureAwait(false);
        var collection = await _collections.OpenAsync(building, cancellationToken).ConfigureAwait(false);
        var totals = new PassResult(0, 0, 0, 0, []);
        for (var pass = 0; pass < MaxPassesBeforeSwitch; pass++)
        {
            var result = await PassAsync(building, collection, progress, cancellationToken).ConfigureAwait(false);
            totals = totals.Add(result);
            if (result.Failures.Count > 0)
            {
                throw new ReindexFailedException(
                    $"{result.Failures.Count} document(s) could not be rebuilt, so generation {building.Id} was not activated; fix or delete them and run reindex again (it resumes). First: {result.Failures[0].DocumentId}: {result.Failures[0].Reason}")
                { Failures = result.Failures };
            }

            if (result.Indexed == 0)
            {
                break;
            }
        }

        // The switch is not cancellable: the alias (what readers follow) and the pointer must not be left apart.
        // Should the process die between the two, the next run's first step puts the alias back.
        if (_alias is not null)
        {
            await _alias.SwitchAsync(building.CollectionName, CancellationToken.None).ConfigureAwait(false);
        }

        var retired = await _generations.ActivateAsync(building.Id, CancellationToken.None).ConfigureAwait(false);
        var catchUp = await PassAsync(building, collection, progress: null, CancellationToken.None).ConfigureAwait(false);
        if (retired is not null && retired.CollectionName != building.CollectionName)
        {
            await Task.Delay(TimeSpan.FromSeconds(_options.RetireDelaySeconds), CancellationToken.None).ConfigureAwait(false);
            await _collections.DropAsync(retired, CancellationToken.None).ConfigureAwait(false);
        }

        return new ReindexReport
        {
            Activated = building with { Status = IndexGenerationStatus.Active },
            Retired = retired,
            Resumed = resumed,
            Documents = totals.Documents,
            Indexed = totals.Indexed,
            Skipped = totals.Skipped,
            CaughtUp = catchUp.Indexed,
            Chunks = totals.Chunks + catchUp.Chunks,
        };
    }

    /// <summary>Brings the generation up to the catalog: indexes missing or changed documents, removes deleted ones.</summary>
    private async Task<PassResult> PassAsync(
        IndexGeneration generation, VectorStoreCollection<Guid, DocumentChunk> collection, IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        var documents = await _catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        var done = await _generations.GetProgressAsync(generation.Id, cancellationToken).ConfigureAwait(false);
        var todo = documents.Where(d => !IsDone(done, d)).ToList();
        var failures = new List<ReindexFailure>();
        long chunks = 0;
        var indexed = 0;
        progress?.Report(new ReindexProgress(0, todo.Count, null));
        foreach (var document in todo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = await RebuildAsync(generation, collection, document, done, failures, cancellationToken).ConfigureAwait(false);
            if (count is int made)
            {
                chunks += made;
                indexed++;
            }

            progress?.Report(new ReindexProgress(indexed + failures.Count, todo.Count, document.Id));
        }

        var current = documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (documentId, (sha256, chunkCount, _)) in done.Where(p => !current.Contains(p.Key)))
        {
            await collection.DeleteAsync(ChunkKeys.ForVersion(documentId, sha256, chunkCount), cancellationToken).ConfigureAwait(false);
            await _generations.RemoveProgressAsync(generation.Id, documentId, cancellationToken).ConfigureAwait(false);
        }

        return new PassResult(documents.Count, indexed, documents.Count - todo.Count, chunks, failures);
    }

    private async Task<int?> RebuildAsync(
        IndexGeneration generation,
        VectorStoreCollection<Guid, DocumentChunk> collection,
        DocumentRecord document,
        IReadOnlyDictionary<string, IndexedDocumentVersion> done,
        List<ReindexFailure> failures,
        CancellationToken cancellationToken)
    {
        var original = await _originals.ReadAsync(document.Sha256, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            failures.Add(new ReindexFailure(document.Id, $"the stored original {document.Sha256} is missing; upload the document again"));
            return null;
        }

        try
        {
            var version = new DocumentVersion(document.Id, document.Sha256, document.Source, document.ContentType, document.Tags);
            var written = await _committer.CommitAsync(
                collection,
                version,
                original,
                done.GetValueOrDefault(document.Id),
                (made, token) => _generations.RecordProgressAsync(generation.Id, document.Id, new IndexedDocumentVersion(document.Sha256, made.ChunkCount, document.Tags), token),
                progress: null,
                cancellationToken).ConfigureAwait(false);
            return written.ChunkCount;
        }
        catch (IngestionRejectedException ex)
        {
            failures.Add(new ReindexFailure(document.Id, ex.Message));
            return null;
        }
    }

    // Tags count too: a document re-tagged during the build (same bytes) must not keep its old tags, which scope tenants.
    private static bool IsDone(IReadOnlyDictionary<string, IndexedDocumentVersion> done, DocumentRecord document) =>
        done.TryGetValue(document.Id, out var entry) && entry.Sha256 == document.Sha256 && entry.Tags is not null && entry.Tags.SequenceEqual(document.Tags);

    private sealed record PassResult(int Documents, int Indexed, int Skipped, long Chunks, List<ReindexFailure> Failures)
    {
        public PassResult Add(PassResult next) =>
            new(next.Documents, Indexed + next.Indexed, Documents == 0 ? next.Skipped : Skipped, Chunks + next.Chunks, next.Failures);
    }
}
