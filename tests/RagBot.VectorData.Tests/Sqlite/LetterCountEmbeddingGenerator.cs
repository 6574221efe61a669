using Microsoft.Extensions.AI;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>A deterministic local embedder: dimension i counts the letter 'a' + i, so similar spellings land close.</summary>
public sealed class LetterCountEmbeddingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = values.Select(value =>
        {
            var vector = new float[dimensions];
            foreach (var ch in value.ToLowerInvariant())
            {
                var slot = ch - 'a';
                if (slot >= 0 && slot < dimensions)
                {
                    vector[slot]++;
                }
            }

            return new Embedding<float>(vector);
        });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
