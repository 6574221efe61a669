using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Ingestion.Chunking;

namespace RagBot.Hosting.Indexing;

/// <summary>What a new index would be built with now: the configured embedder (id, dimension) and chunking settings.</summary>
public sealed class CurrentIndexSpecification
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly ChunkingOptions _chunking;
    private IndexSpecification? _measured;

    public CurrentIndexSpecification(IEmbeddingGenerator<string, Embedding<float>> embedder, IOptions<ChunkingOptions> chunking)
    {
        ArgumentNullException.ThrowIfNull(chunking);
        _embedder = embedder;
        _chunking = chunking.Value;
    }

    public async Task<IndexSpecification> GetAsync(CancellationToken cancellationToken)
    {
        if (_measured is not null)
        {
            return _measured;
        }

        var metadata = _embedder.GetService<EmbeddingGeneratorMetadata>();
        var modelId = metadata?.DefaultModelId ?? metadata?.ProviderName ?? _embedder.GetType().Name;
        var dimensions = await EmbeddingDimensions.MeasureAsync(_embedder, cancellationToken).ConfigureAwait(false);
        _measured = new IndexSpecification(modelId, dimensions, _chunking.Fingerprint);
        return _measured;
    }
}
