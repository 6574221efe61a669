namespace RagBot.Providers.Configuration;

/// <summary>Which model embeds chunks and questions (<c>RagBot:Embeddings:Provider</c>).</summary>
public enum EmbeddingProviderKind
{
    /// <summary>The weight-free hashing embedder: lexical, very fast, offline.</summary>
    Hashing,

    /// <summary>The old name of <see cref="Hashing"/>, still accepted in configuration.</summary>
    Local = Hashing,

    /// <summary>A sentence-embedding model run in-process by ONNX Runtime: a built-in one (the default) or a user's files.</summary>
    Onnx,

    /// <summary>api.openai.com.</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource and deployment.</summary>
    AzureOpenAI,

    /// <summary>Any server speaking the OpenAI embeddings API at a base URL.</summary>
    OpenAICompatible,
}
