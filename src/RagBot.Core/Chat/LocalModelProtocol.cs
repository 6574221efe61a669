using Microsoft.Extensions.AI;

namespace RagBot.Core.Chat;

/// <summary>
/// The names by which RagBot's built-in model clients (Providers) and the chat pipeline (Chat) recognise each other
/// through M.E.AI's metadata and response properties, written once.
/// </summary>
public static class LocalModelProtocol
{
    /// <summary>The provider name in the <see cref="ChatClientMetadata"/> / <see cref="EmbeddingGeneratorMetadata"/> of the built-in local clients.</summary>
    public const string ProviderName = "ragbot-local";

    /// <summary>The response property in which a client reports the <see cref="AnswerMode"/> it answered in.</summary>
    public const string ModeProperty = "ragbot.mode";
}
