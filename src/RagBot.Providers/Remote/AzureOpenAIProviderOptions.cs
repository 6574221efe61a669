namespace RagBot.Providers.Remote;

/// <summary>An Azure OpenAI deployment (<c>RagBot:Chat:AzureOpenAI</c> or <c>RagBot:Embeddings:AzureOpenAI</c>).</summary>
public sealed class AzureOpenAIProviderOptions
{
    /// <summary>Supported values of <see cref="ApiVersion"/> (the ones Azure.AI.OpenAI 2.1.0 can send).</summary>
    public static readonly IReadOnlyList<string> SupportedApiVersions = ["2024-10-21", "2024-06-01"];

    /// <summary>The resource URL, e.g. https://my-resource.openai.azure.com/. Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The deployment name (Azure routes by deployment, not by model). Required.</summary>
    public string? Deployment { get; set; }

    /// <summary>The resource key, sent as the api-key header. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The REST api-version query value.</summary>
    public string ApiVersion { get; set; } = "2024-10-21";

    /// <summary>
    /// Embeddings only: vector length to request, or the deployment's native length so the index can be
    /// sized before the first call. Null: known from the deployment name when it is a known model name.
    /// </summary>
    public int? Dimensions { get; set; }
}
