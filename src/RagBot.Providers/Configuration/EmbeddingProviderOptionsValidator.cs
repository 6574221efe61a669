using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RagBot.Providers.Configuration;

/// <summary>Fails start-up when the selected embedder lacks a setting or a model file, naming the setting's path.</summary>
internal sealed class EmbeddingProviderOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<EmbeddingProviderOptions>
{
    private const string Section = EmbeddingProviderOptions.SectionName;
    private const string VectorStorePathKey = "RagBot:VectorStore:Sqlite:DatabasePath";

    public ValidateOptionsResult Validate(string? name, EmbeddingProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingErrors();
        var because = $"{Section}:Provider is {options.Provider}";
        switch (options.Provider)
        {
            case EmbeddingProviderKind.Hashing:
                break;
            case EmbeddingProviderKind.Onnx:
                CheckOnnx(options, errors, because);
                errors.RequirePositive(options.Onnx.Dimensions, $"{Section}:Onnx:Dimensions");
                errors.CheckAnnotations(options.Onnx, $"{Section}:Onnx");
                break;
            case EmbeddingProviderKind.OpenAI:
                errors.CheckOpenAI(options.OpenAI, $"{Section}:OpenAI", because);
                break;
            case EmbeddingProviderKind.AzureOpenAI:
                errors.CheckAzure(options.AzureOpenAI, $"{Section}:AzureOpenAI", because);
                break;
            case EmbeddingProviderKind.OpenAICompatible:
                errors.CheckCompatible(options.OpenAICompatible, $"{Section}:OpenAICompatible", because);
                break;
            default:
                errors.Add($"{Section}:Provider '{options.Provider}' is unknown; use Onnx, Hashing, OpenAI, AzureOpenAI or OpenAICompatible.");
                break;
        }

        errors.CheckAnnotations(options.Resilience, $"{Section}:Resilience");
        CheckCacheFile(options, errors);
        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }

    /// <summary>
    /// The cache commits without flushing (it can always be recomputed); pointed at the app-state or vector-store file,
    /// it would share their pooled connections and relax their durable commits, or mix its table into theirs.
    /// </summary>
    private void CheckCacheFile(EmbeddingProviderOptions options, SettingErrors errors)
    {
        if (!options.Cache.Enabled || options.Provider == EmbeddingProviderKind.Hashing)
        {
            return;
        }

        var cacheFile = Path.GetFullPath(EmbeddingGeneratorFactory.CachePath(options.Cache, configuration));
        var dataDirectory = configuration?[EmbeddingGeneratorFactory.DataDirectoryKey];
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirectory) ? EmbeddingGeneratorFactory.DefaultDataDirectory : dataDirectory);
        var vectorStore = configuration?[VectorStorePathKey];
        var taken = new List<(string File, string Owner)>
        {
            (Path.Combine(directory, "ragbot.db"), "the app-state database"),
            (string.IsNullOrWhiteSpace(vectorStore) ? Path.Combine(directory, "vectors.db") : Path.GetFullPath(vectorStore), "the vector store"),
        };
        foreach (var (file, owner) in taken.Where(t => string.Equals(t.File, cacheFile, StringComparison.Ordinal)))
        {
            errors.Add($"{Section}:Cache:Path ('{cacheFile}') is {owner}'s file; the embedding cache needs a file of its own (unset it for <DataDirectory>/{EmbeddingGeneratorFactory.CacheFileName}).");
        }
    }

    private static void CheckOnnx(EmbeddingProviderOptions options, SettingErrors errors, string because)
    {
        var onnx = options.Onnx;
        if (onnx.Model is not null && (!string.IsNullOrWhiteSpace(onnx.ModelPath) || !string.IsNullOrWhiteSpace(onnx.VocabPath)))
        {
            errors.Add($"{Section}:Onnx:Model ({onnx.Model}) and {Section}:Onnx:ModelPath/VocabPath both name a model; set Model for a built-in model or ModelPath + VocabPath for your own, not both.");
        }
        else if (onnx.Model is null && (!string.IsNullOrWhiteSpace(onnx.ModelPath) || !string.IsNullOrWhiteSpace(onnx.VocabPath)))
        {
            // A user's own model: both files must exist. Neither set means the default built-in model.
            errors.RequireFile(onnx.ModelPath, $"{Section}:Onnx:ModelPath", because + " with a model of your own");
            errors.RequireFile(onnx.VocabPath, $"{Section}:Onnx:VocabPath", because + " with a model of your own");
        }
    }
}
