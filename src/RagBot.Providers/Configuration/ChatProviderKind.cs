namespace RagBot.Providers.Configuration;

/// <summary>Which chat model answers (<c>RagBot:Chat:Provider</c>).</summary>
public enum ChatProviderKind
{
    /// <summary>The model-free extractive answerer (default, offline).</summary>
    Local,

    /// <summary>api.openai.com.</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource and deployment.</summary>
    AzureOpenAI,

    /// <summary>Any server speaking the OpenAI API at a base URL (Ollama, vLLM, llama.cpp server, LM Studio).</summary>
    OpenAICompatible,
}
