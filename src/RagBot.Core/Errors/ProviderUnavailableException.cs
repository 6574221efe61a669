namespace RagBot.Core.Errors;

/// <summary>A model provider (chat or embeddings) failed or is down (HTTP 503).</summary>
public sealed class ProviderUnavailableException : Exception
{
    public ProviderUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
