using Microsoft.Extensions.AI;

namespace RagBot.Providers.Onnx;

/// <summary>The GetService answer of an innermost embedder: its metadata, or itself as any type it is.</summary>
internal static class EmbeddingGeneratorServices
{
    public static object? Resolve(object generator, EmbeddingGeneratorMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return metadata;
        }

        return serviceType.IsInstanceOfType(generator) ? generator : null;
    }
}
