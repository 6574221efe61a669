using RagBot.Providers.Configuration;
using RagBot.Providers.Onnx;
using RagBot.Providers.Remote;

namespace RagBot.Hosting.Health;

/// <summary>Turns the provider settings into the endpoints readiness and <c>config check --probe</c> look at.</summary>
public static class ModelEndpoints
{
    private static readonly Uri OpenAIDefault = new("https://api.openai.com/v1/");

    public static ModelEndpoint ForChat(ChatProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = ChatProviderOptions.SectionName;
        return options.Provider switch
        {
            ChatProviderKind.OpenAI => OpenAI(options.OpenAI, $"{section}:OpenAI", "chat"),
            ChatProviderKind.AzureOpenAI => Azure(options.AzureOpenAI, $"{section}:AzureOpenAI", "chat"),
            ChatProviderKind.OpenAICompatible => Compatible(options.OpenAICompatible, $"{section}:OpenAICompatible", "chat"),
            _ => new ModelEndpoint { Description = "local extractive answerer (no network)", SettingPath = $"{section}:Provider" },
        };
    }

    public static ModelEndpoint ForEmbeddings(EmbeddingProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = EmbeddingProviderOptions.SectionName;
        return options.Provider switch
        {
            EmbeddingProviderKind.OpenAI => OpenAI(options.OpenAI, $"{section}:OpenAI", "embedding"),
            EmbeddingProviderKind.AzureOpenAI => Azure(options.AzureOpenAI, $"{section}:AzureOpenAI", "embedding"),
            EmbeddingProviderKind.OpenAICompatible => Compatible(options.OpenAICompatible, $"{section}:OpenAICompatible", "embedding"),
            EmbeddingProviderKind.Onnx when options.Onnx.Model is null && !string.IsNullOrWhiteSpace(options.Onnx.ModelPath) => new ModelEndpoint
            {
                Description = $"ONNX embedding model '{Path.GetFileName(options.Onnx.ModelPath)}'",
                SettingPath = $"{section}:Onnx",
                LocalProblem = MissingFile(options.Onnx.ModelPath, $"{section}:Onnx:ModelPath") ?? MissingFile(options.Onnx.VocabPath, $"{section}:Onnx:VocabPath"),
            },
            EmbeddingProviderKind.Onnx => new ModelEndpoint
            {
                Description = $"built-in ONNX embedding model {options.Onnx.Model ?? OnnxEmbeddingOptions.DefaultModel} (no network)",
                SettingPath = $"{section}:Onnx:Model",
            },
            _ => new ModelEndpoint { Description = "local hashing embedder (no network)", SettingPath = $"{section}:Provider" },
        };
    }

    private static ModelEndpoint OpenAI(OpenAIProviderOptions settings, string path, string role) => new()
    {
        Description = $"OpenAI {role} model '{settings.Model}'",
        SettingPath = path,
        ModelsUrl = Models(settings.Endpoint ?? OpenAIDefault),
        AuthHeader = "Authorization",
        AuthValue = settings.ApiKey is null ? null : "Bearer " + settings.ApiKey,
    };

    private static ModelEndpoint Azure(AzureOpenAIProviderOptions settings, string path, string role) => new()
    {
        Description = $"Azure OpenAI {role} deployment '{settings.Deployment}' at {settings.Endpoint?.Host}",
        SettingPath = path,
        ModelsUrl = settings.Endpoint is null ? null : new Uri(settings.Endpoint, $"openai/models?api-version={Uri.EscapeDataString(settings.ApiVersion)}"),
        AuthHeader = "api-key",
        AuthValue = settings.ApiKey,
        LocalProblem = settings.Endpoint is null ? $"{path}:Endpoint is not set." : null,
    };

    private static ModelEndpoint Compatible(OpenAICompatibleProviderOptions settings, string path, string role) => new()
    {
        Description = $"OpenAI-compatible {role} server at {settings.BaseUrl?.Authority} (model '{settings.Model}')",
        SettingPath = path,
        ModelsUrl = settings.BaseUrl is null ? null : Models(settings.BaseUrl),
        AuthHeader = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : "Authorization",
        AuthValue = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : "Bearer " + settings.ApiKey,
        LocalProblem = settings.BaseUrl is null ? $"{path}:BaseUrl is not set." : null,
    };

    private static Uri Models(Uri baseUrl) =>
        new(baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"), "models");

    private static string? MissingFile(string? path, string setting) =>
        string.IsNullOrWhiteSpace(path) ? $"{setting} is not set."
        : File.Exists(Path.GetFullPath(path)) ? null
        : $"{setting}: the file '{path}' does not exist.";
}
