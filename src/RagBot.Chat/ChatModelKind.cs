using Microsoft.Extensions.AI;
using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>Tells the local extractive answerer from a generative model, and reads the mode an answer reports.</summary>
internal static class ChatModelKind
{
    /// <summary>The provider name in the local extractive answerer's <see cref="ChatClientMetadata"/>.</summary>
    private const string LocalProviderName = "ragbot-local";

    /// <summary>The response property in which a client reports the mode it answered in (set by the extractive answerer and fallback).</summary>
    private const string ModeProperty = "ragbot.mode";

    public static bool IsExtractive(IChatClient client) =>
        string.Equals(client.GetService<ChatClientMetadata>()?.ProviderName, LocalProviderName, StringComparison.Ordinal);

    public static string? ReportedMode(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(ModeProperty, out var mode) == true && mode is string value ? value : null;

    public static string DefaultMode(IChatClient client) => IsExtractive(client) ? AnswerMode.Extractive : AnswerMode.Generative;
}
