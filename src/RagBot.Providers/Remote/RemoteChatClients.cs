using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;
using RagBot.Providers.Configuration;
using RagBot.Providers.Resilience;

namespace RagBot.Providers.Remote;

/// <summary>Builds the SDK-backed IChatClient of the selected remote provider, and the name used in its error messages.</summary>
internal static class RemoteChatClients
{
    public static (IChatClient Client, string Provider) Create(ChatProviderOptions options, HttpClient httpClient) => options.Provider switch
    {
        ChatProviderKind.OpenAI => OpenAI(options.OpenAI, httpClient, options.Resilience),
        ChatProviderKind.AzureOpenAI => Azure(options.AzureOpenAI, httpClient, options.Resilience),
        ChatProviderKind.OpenAICompatible => Compatible(options.OpenAICompatible, httpClient, options.Resilience),
        _ => throw new InvalidOperationException($"{options.Provider} is not a remote chat provider."),
    };

    private static (IChatClient, string) OpenAI(OpenAIProviderOptions settings, HttpClient httpClient, ProviderResilienceOptions resilience)
    {
        var clientOptions = SdkPipelineSettings.Apply(new OpenAIClientOptions { Endpoint = settings.Endpoint }, httpClient, resilience, sendsApiKey: true);
        var client = new OpenAIClient(new ApiKeyCredential(settings.ApiKey!), clientOptions);
        return (client.GetChatClient(settings.Model).AsIChatClient(), $"The OpenAI chat model '{settings.Model}'");
    }

    private static (IChatClient, string) Azure(AzureOpenAIProviderOptions settings, HttpClient httpClient, ProviderResilienceOptions resilience)
    {
        var clientOptions = SdkPipelineSettings.Apply(new AzureOpenAIClientOptions(AzureApiVersions.Parse(settings.ApiVersion)), httpClient, resilience, sendsApiKey: true);
        var client = new AzureOpenAIClient(settings.Endpoint!, new ApiKeyCredential(settings.ApiKey!), clientOptions);
        return (client.GetChatClient(settings.Deployment).AsIChatClient(), $"The Azure OpenAI chat deployment '{settings.Deployment}' at {settings.Endpoint!.Host}");
    }

    private static (IChatClient, string) Compatible(OpenAICompatibleProviderOptions settings, HttpClient httpClient, ProviderResilienceOptions resilience)
    {
        var hasKey = !string.IsNullOrWhiteSpace(settings.ApiKey);
        var clientOptions = SdkPipelineSettings.Apply(new OpenAIClientOptions { Endpoint = settings.BaseUrl }, httpClient, resilience, hasKey);
        var client = new OpenAIClient(new ApiKeyCredential(hasKey ? settings.ApiKey! : "no-key"), clientOptions);
        return (client.GetChatClient(settings.Model).AsIChatClient(), $"The OpenAI-compatible chat server at {settings.BaseUrl} (model '{settings.Model}')");
    }
}
