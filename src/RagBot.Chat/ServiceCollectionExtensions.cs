using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.ML.Tokenizers;

namespace RagBot.Chat;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers grounded chat (the chat model itself comes from the providers). Configuration:
    /// <code>"RagBot": { "Chat": { "NotFoundMessage": "...", "PromptsDirectory": "prompts", "MaxContextTokens": 3000, "SnippetChars": 300, "HistoryTurns": 4 } }</code>
    /// </summary>
    public static IServiceCollection AddRagBotChat(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GroundedChatOptions>().BindConfiguration(GroundedChatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Tokenizer>(_ => TiktokenTokenizer.CreateForModel("gpt-4"));
        services.AddSingleton<PromptLibrary>();
        services.AddSingleton<ContextPacker>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FollowUpCondenser>();
        services.AddSingleton<OwnedChatSessions>();
        services.AddSingleton<GroundedChatService>();
        return services;
    }
}
