using Microsoft.Extensions.AI;

namespace RagBot.Indexing;

/// <summary>The embedder's vector length: from its metadata when it declares one, else by embedding a probe text.</summary>
public static class EmbeddingDimensions
{
    public static async Task<int> MeasureAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        if (embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions is int declared and > 0)
        {
            return declared;
        }

        var probe = await embedder.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return probe[0].Vector.Length;
    }
}
