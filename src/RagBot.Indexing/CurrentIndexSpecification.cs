using Microsoft.Extensions.AI;
using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>What a new index would be built with now: the configured embedder (id, dimension) and chunking settings.</summary>
public sealed class CurrentIndexSpecification
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IDocumentChunkWriter _writer;
    private IndexSpecification? _measured;

    public CurrentIndexSpecification(IEmbeddingGenerator<string, Embedding<float>> embedder, IDocumentChunkWriter writer)
    {
        _embedder = embedder;
        _writer = writer;
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
        _measured = new IndexSpecification(modelId, dimensions, _writer.ChunkingFingerprint);
        return _measured;
    }
}
