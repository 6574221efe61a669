using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagBot.Providers.Configuration;
using RagBot.Providers.Local;
using RagBot.Providers.Remote;
using RagBot.Providers.Resilience;

namespace RagBot.Providers;

/// <summary>
/// Builds the configured chat client as an M.E.AI pipeline:
/// logging → OpenTelemetry → [extractive fallback] → provider-error translation → provider.
/// </summary>
internal static class ChatClientFactory
{
    public static IChatClient Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ChatProviderOptions>>().Value;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var extractive = services.GetRequiredService<ExtractiveChatClient>();
        if (options.Provider == ChatProviderKind.Local)
        {
            return new ChatClientBuilder(extractive).UseLogging(loggerFactory).UseOpenTelemetry(loggerFactory).Build(services);
        }

        var httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttpClients.Chat);
        var (remote, provider) = RemoteChatClients.Create(options, httpClient);
        var builder = new ChatClientBuilder(remote).UseLogging(loggerFactory).UseOpenTelemetry(loggerFactory);
        if (options.FallbackToExtractive)
        {
            var logger = loggerFactory.CreateLogger("RagBot.Providers.ExtractiveFallback");
            builder.Use(inner => new ExtractiveFallbackChatClient(inner, extractive, logger));
        }

        builder.Use(inner => new ProviderErrorChatClient(inner, provider));
        return builder.Build(services);
    }
}
