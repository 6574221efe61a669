using Microsoft.Extensions.AI;
using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>Tells the local extractive answerer from a generative model, and reads the mode an answer reports.</summary>
internal static class ChatModelKind
{
    public static bool IsExtractive(IChatClient client) =>
        string.Equals(client.GetService<ChatClientMetadata>()?.ProviderName, LocalModelProtocol.ProviderName, StringComparison.Ordinal);

    public static string? ReportedMode(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(LocalModelProtocol.ModeProperty, out var mode) == true && mode is string value ? value : null;

    public static string DefaultMode(IChatClient client) => IsExtractive(client) ? AnswerMode.Extractive : AnswerMode.Generative;
}
