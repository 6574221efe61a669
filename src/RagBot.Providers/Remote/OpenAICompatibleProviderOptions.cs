namespace RagBot.Providers.Remote;

/// <summary>
/// A server speaking the OpenAI REST API (Ollama, vLLM, llama.cpp server, LM Studio), under
/// <c>RagBot:Chat:OpenAICompatible</c> or <c>RagBot:Embeddings:OpenAICompatible</c>.
/// </summary>
public sealed class OpenAICompatibleProviderOptions
{
    /// <summary>The API base URL including its version segment, e.g. http://localhost:11434/v1. Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The model name the server knows, e.g. llama3.1 or nomic-embed-text. Required.</summary>
    public string? Model { get; set; }

    /// <summary>Optional bearer key; most local servers need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Embeddings only: the model's vector length, declared so the index can be sized before the first call.
    /// Null: unknown until the first embedding (it is not sent to the server).
    /// </summary>
    public int? Dimensions { get; set; }
}
