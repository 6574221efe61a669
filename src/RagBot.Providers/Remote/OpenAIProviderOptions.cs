namespace RagBot.Providers.Remote;

/// <summary>api.openai.com (<c>RagBot:Chat:OpenAI</c> or <c>RagBot:Embeddings:OpenAI</c>).</summary>
public sealed class OpenAIProviderOptions
{
    /// <summary>The secret key (sk-...). Required when this provider is selected.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The API base URL. Null: https://api.openai.com/v1. Set it only for a proxy or gateway in front of OpenAI.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Model name. Defaults: gpt-4o-mini (chat), text-embedding-3-small (embeddings).</summary>
    public string? Model { get; set; }

    /// <summary>
    /// Embeddings only: vector length to request (text-embedding-3-* can shorten vectors). Null: the model's
    /// native length.
    /// </summary>
    public int? Dimensions { get; set; }
}
