using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;
using RagBot.Providers.Configuration;
using RagBot.Providers.Resilience;

namespace RagBot.Providers.Remote;

/// <summary>
/// Builds the SDK-backed embedder of the selected remote provider, wrapped so its failures become RagBot's
/// provider errors and its metadata names the provider, model and (when known) dimensions.
/// </summary>
internal static class RemoteEmbeddingGenerators
{
    private static readonly Dictionary<string, int> KnownDimensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text-embedding-3-small"] = 1536,
        ["text-embedding-3-large"] = 3072,
        ["text-embedding-ada-002"] = 1536,
    };

    public static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingProviderOptions options, HttpClient httpClient) => options.Provider switch
    {
        EmbeddingProviderKind.OpenAI => OpenAI(options.OpenAI, httpClient, options.Resilience),
        EmbeddingProviderKind.AzureOpenAI => Azure(options.AzureOpenAI, httpClient, options.Resilience),
        EmbeddingProviderKind.OpenAICompatible => Compatible(options.OpenAICompatible, httpClient, options.Resilience),
        _ => throw new InvalidOperationException($"{options.Provider} is not a remote embedding provider."),
    };

    private static ProviderErrorEmbeddingGenerator OpenAI(OpenAIProviderOptions settings, HttpClient httpClient, ProviderResilienceOptions resilience)
    {
        var clientOptions = SdkPipelineSettings.Apply(new OpenAIClientOptions { Endpoint = settings.Endpoint }, httpClient, resilience, sendsApiKey: true);
        var client = new OpenAIClient(new ApiKeyCredential(settings.ApiKey!), clientOptions);
        var generator = client.GetEmbeddingClient(settings.Model).AsIEmbeddingGenerator(settings.Dimensions);
        var metadata = new EmbeddingGeneratorMetadata("openai", settings.Endpoint ?? new Uri("https://api.openai.com/v1"), settings.Model, settings.Dimensions ?? Known(settings.Model));
        return new ProviderErrorEmbeddingGenerator(generator, $"The OpenAI embedding model '{settings.Model}'", metadata);
    }

    private static ProviderErrorEmbeddingGenerator Azure(AzureOpenAIProviderOptions settings, HttpClient httpClient, ProviderResilienceOptions resilience)
    {
        var clientOptions = SdkPipelineSettings.Apply(new AzureOpenAIClientOptions(AzureApiVersions.Parse(settings.ApiVersion)), httpClient, resilience, sendsApiKey: true);
        var client = new AzureOpenAIClient(settings.Endpoint!, new ApiKeyCredential(settings.ApiKey!), clientOptions);
        var generator = client.GetEmbeddingClient(settings.Deployment).AsIEmbeddingGenerator(settings.Dimensions);
        var metadata = new EmbeddingGeneratorMetadata("azure.ai.openai", settings.Endpoint, settings.Deployment, settings.Dimensions ?? Known(settings.Deployment));
        return new ProviderErrorEmbeddingGenerator(generator, $"The Azure OpenAI embedding deployment '{settings.Deployment}' at {settings.Endpoint!.Host}", metadata);
    }

    private static ProviderErrorEmbeddingGenerator Compatible(OpenAICompatibleProviderOptions settings, HttpClient httpClient, ProviderResilienceOptions resilience)
    {
        var hasKey = !string.IsNullOrWhiteSpace(settings.ApiKey);
        var clientOptions = SdkPipelineSettings.Apply(new OpenAIClientOptions { Endpoint = settings.BaseUrl }, httpClient, resilience, hasKey);
        var client = new OpenAIClient(new ApiKeyCredential(hasKey ? settings.ApiKey! : "no-key"), clientOptions);
        // Dimensions is declared for the index only: most compatible servers reject a dimensions field.
        var generator = client.GetEmbeddingClient(settings.Model).AsIEmbeddingGenerator();
        var metadata = new EmbeddingGeneratorMetadata("openai-compatible", settings.BaseUrl, settings.Model, settings.Dimensions);
        return new ProviderErrorEmbeddingGenerator(generator, $"The OpenAI-compatible embedding server at {settings.BaseUrl} (model '{settings.Model}')", metadata);
    }

    private static int? Known(string? model) => model is not null && KnownDimensions.TryGetValue(model, out var dimensions) ? dimensions : null;
}
