using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;
using RagBot.Providers.Configuration;

namespace RagBot.Providers.Remote;

/// <summary>Builds the SDK-backed IChatClient of the selected remote provider, and the name used in its error messages.</summary>
internal static class RemoteChatClients
{
    public static (IChatClient Client, string Provider) Create(ChatProviderOptions options, HttpClient httpClient)
    {
        var resilience = options.Resilience;
        switch (options.Provider)
        {
            case ChatProviderKind.OpenAI:
            {
                var settings = options.OpenAI;
                var client = new OpenAIClient(new ApiKeyCredential(settings.ApiKey!), SdkPipelineSettings.Apply(new OpenAIClientOptions { Endpoint = settings.Endpoint }, httpClient, resilience, sendsApiKey: true));
                return (client.GetChatClient(settings.Model).AsIChatClient(), $"The OpenAI chat model '{settings.Model}'");
            }

            case ChatProviderKind.AzureOpenAI:
            {
                var settings = options.AzureOpenAI;
                var clientOptions = SdkPipelineSettings.Apply(new AzureOpenAIClientOptions(AzureApiVersions.Parse(settings.ApiVersion)), httpClient, resilience, sendsApiKey: true);
                var client = new AzureOpenAIClient(settings.Endpoint!, new ApiKeyCredential(settings.ApiKey!), clientOptions);
                return (client.GetChatClient(settings.Deployment).AsIChatClient(), $"The Azure OpenAI chat deployment '{settings.Deployment}' at {settings.Endpoint!.Host}");
            }

            case ChatProviderKind.OpenAICompatible:
            {
                var settings = options.OpenAICompatible;
                var hasKey = !string.IsNullOrWhiteSpace(settings.ApiKey);
                var clientOptions = SdkPipelineSettings.Apply(new OpenAIClientOptions { Endpoint = settings.BaseUrl }, httpClient, resilience, hasKey);
                var client = new OpenAIClient(new ApiKeyCredential(hasKey ? settings.ApiKey! : "no-key"), clientOptions);
                return (client.GetChatClient(settings.Model).AsIChatClient(), $"The OpenAI-compatible chat server at {settings.BaseUrl} (model '{settings.Model}')");
            }

            default:
                throw new InvalidOperationException($"{options.Provider} is not a remote chat provider.");
        }
    }
}
