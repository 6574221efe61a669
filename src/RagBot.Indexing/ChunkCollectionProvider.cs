using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Errors;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>
/// Opens the chunk collection of the active index generation. The active pointer is read from the app state
/// on every call (one indexed row), so a switch made by a reindex in this or another process is seen by the
/// next search or upload. The first call on a fresh data directory records generation 1 in
/// <c>RagBot:VectorStore:CollectionName</c>, built with the current embedder and chunking settings.
/// When the store has aliases (<see cref="IIndexAlias"/>, Qdrant), the active collection is opened through the
/// alias, so the reindex's atomic alias switch is what moves readers and uploads to the new generation.
/// </summary>
public sealed class ChunkCollectionProvider : IChunkCollectionProvider
{
    private readonly VectorStore _store;
    private readonly IIndexGenerationStore _generations;
    private readonly CurrentIndexSpecification _specification;
    private readonly VectorStoreSettings _settings;
    private readonly IIndexAlias? _alias;
    private OpenCollection? _active;

    public ChunkCollectionProvider(
        VectorStore store, IIndexGenerationStore generations, CurrentIndexSpecification specification, IOptions<VectorStoreSettings> settings, IIndexAlias? alias = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _store = store;
        _alias = alias;
        _generations = generations;
        _specification = specification;
        _settings = settings.Value;
    }

    public async Task<VectorStoreCollection<Guid, DocumentChunk>> GetActiveCollectionAsync(CancellationToken cancellationToken)
    {
        var index = await GetActiveIndexAsync(cancellationToken).ConfigureAwait(false);
        if (!index.MatchesConfiguredEmbedder)
        {
            // Vectors of two embedders are not comparable: adding this embedder's vectors to the index would give garbage.
            var current = await _specification.GetAsync(cancellationToken).ConfigureAwait(false);
            throw new IndexMismatchException(
                $"The active index was built with the embedder '{index.EmbedderModelId}' ({index.Dimensions} dimensions), " +
                $"but RagBot:Embeddings is now '{current.EmbedderModelId}' ({current.Dimensions} dimensions). " +
                "Run `ragbot reindex` to rebuild the index with the new embedder (the API does it by itself with RagBot:Reindex:Automatic), or restore the previous embedding settings.");
        }

        return index.Collection;
    }

    public async Task<ActiveIndex> GetActiveIndexAsync(CancellationToken cancellationToken)
    {
        var generation = await GetActiveGenerationAsync(cancellationToken).ConfigureAwait(false);
        var current = await _specification.GetAsync(cancellationToken).ConfigureAwait(false);
        var matches = current.EmbedderModelId == generation.EmbedderModelId && current.Dimensions == generation.Dimensions;
        var cached = _active;
        if (cached is null || cached.GenerationId != generation.Id)
        {
            var collection = await OpenAsync(generation, cancellationToken).ConfigureAwait(false);
            if (_alias is not null)
            {
                // Only a reindex moves the alias: a process that read an older pointer must not move it back.
                await _alias.EnsureExistsAsync(generation.CollectionName, cancellationToken).ConfigureAwait(false);
                collection = _store.GetCollection<Guid, DocumentChunk>(_alias.Name, DocumentChunkDefinition.Create(generation.Dimensions));
            }

            _active = cached = new OpenCollection(generation.Id, collection);
        }

        return new ActiveIndex(cached.Collection, generation.Id, generation.EmbedderModelId, generation.Dimensions, matches);
    }

    /// <summary>
    /// The generation chat reads from, with the embedder id, dimension and chunking fingerprint that built it
    /// (compare with <see cref="CurrentIndexSpecification"/> to detect a settings change that needs a reindex).
    /// </summary>
    public async Task<IndexGeneration> GetActiveGenerationAsync(CancellationToken cancellationToken)
    {
        var active = await _generations.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        if (active is not null)
        {
            return active;
        }

        var specification = await _specification.GetAsync(cancellationToken).ConfigureAwait(false);
        return await _generations.EnsureActiveAsync(_settings.CollectionName, specification, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The collection of any generation, created (with that generation's dimension) when missing.</summary>
    public async Task<VectorStoreCollection<Guid, DocumentChunk>> OpenAsync(IndexGeneration generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var collection = _store.GetCollection<Guid, DocumentChunk>(generation.CollectionName, DocumentChunkDefinition.Create(generation.Dimensions));
        await collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
        return collection;
    }

    /// <summary>Drops a generation's collection (after it was retired).</summary>
    public async Task DropAsync(IndexGeneration generation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var collection = _store.GetCollection<Guid, DocumentChunk>(generation.CollectionName, DocumentChunkDefinition.Create(generation.Dimensions));
        await collection.EnsureCollectionDeletedAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record OpenCollection(long GenerationId, VectorStoreCollection<Guid, DocumentChunk> Collection);
}
