namespace RagBot.Providers.Configuration;

/// <summary>Which model embeds chunks and questions (<c>RagBot:Embeddings:Provider</c>).</summary>
public enum EmbeddingProviderKind
{
    /// <summary>The weight-free hashing embedder (default, offline).</summary>
    Local,

    /// <summary>A sentence-transformers model exported to ONNX, run in-process from local files.</summary>
    Onnx,

    /// <summary>api.openai.com.</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource and deployment.</summary>
    AzureOpenAI,

    /// <summary>Any server speaking the OpenAI embeddings API at a base URL.</summary>
    OpenAICompatible,
}
