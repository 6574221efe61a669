using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;

namespace RagBot.Hosting.Indexing;

/// <summary>
/// Opens the chunk collection of the active index in the configured vector store, with the schema built
/// for the embedder's dimension, creating it on first use.
/// </summary>
public sealed class ChunkCollectionProvider : IChunkCollectionProvider, IDisposable
{
    private readonly VectorStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly VectorStoreSettings _settings;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VectorStoreCollection<Guid, DocumentChunk>? _active;

    public ChunkCollectionProvider(VectorStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, IOptions<VectorStoreSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _store = store;
        _embedder = embedder;
        _settings = settings.Value;
    }

    public async Task<VectorStoreCollection<Guid, DocumentChunk>> GetActiveCollectionAsync(CancellationToken cancellationToken)
    {
        if (_active is not null)
        {
            return _active;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_active is null)
            {
                var dimensions = await EmbeddingDimensions.MeasureAsync(_embedder, cancellationToken).ConfigureAwait(false);
                var collection = _store.GetCollection<Guid, DocumentChunk>(_settings.CollectionName, DocumentChunkDefinition.Create(dimensions));
                await collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
                _active = collection;
            }

            return _active;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
