using Azure.AI.OpenAI;

namespace RagBot.Providers.Remote;

/// <summary>Maps the configured api-version text to the SDK's enum.</summary>
internal static class AzureApiVersions
{
    public static AzureOpenAIClientOptions.ServiceVersion Parse(string apiVersion) => apiVersion switch
    {
        "2024-10-21" => AzureOpenAIClientOptions.ServiceVersion.V2024_10_21,
        "2024-06-01" => AzureOpenAIClientOptions.ServiceVersion.V2024_06_01,
        _ => throw new InvalidOperationException(
            $"Azure OpenAI api-version '{apiVersion}' is not supported; use one of {string.Join(", ", AzureOpenAIProviderOptions.SupportedApiVersions)}."),
    };
}
