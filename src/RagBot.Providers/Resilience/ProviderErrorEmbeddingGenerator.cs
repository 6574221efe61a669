using Microsoft.Extensions.AI;

namespace RagBot.Providers.Resilience;

/// <summary>
/// Rethrows a remote embedder's final failure as ProviderThrottledException or ProviderUnavailableException,
/// and reports the provider, model id and (when known) dimensions that the index records.
/// </summary>
internal sealed class ProviderErrorEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner,
    string provider,
    EmbeddingGeneratorMetadata metadata) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ProviderFailures.Translate(exception, provider, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata : base.GetService(serviceType, serviceKey);
    }
}
