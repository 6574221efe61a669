using Microsoft.Extensions.Options;

namespace RagBot.Providers.Configuration;

/// <summary>Fails start-up when the selected embedder lacks a setting or a model file, naming the setting's path.</summary>
internal sealed class EmbeddingProviderOptionsValidator : IValidateOptions<EmbeddingProviderOptions>
{
    private const string Section = EmbeddingProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmbeddingProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingErrors();
        var because = $"{Section}:Provider is {options.Provider}";
        switch (options.Provider)
        {
            case EmbeddingProviderKind.Local:
                break;
            case EmbeddingProviderKind.Onnx:
                errors.RequireFile(options.Onnx.ModelPath, $"{Section}:Onnx:ModelPath", because);
                errors.RequireFile(options.Onnx.VocabPath, $"{Section}:Onnx:VocabPath", because);
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
                errors.Add($"{Section}:Provider '{options.Provider}' is unknown; use Local, Onnx, OpenAI, AzureOpenAI or OpenAICompatible.");
                break;
        }

        errors.CheckAnnotations(options.Resilience, $"{Section}:Resilience");
        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
