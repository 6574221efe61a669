using Microsoft.Extensions.Options;

namespace RagBot.Providers.Configuration;

/// <summary>Fails start-up when the selected chat provider lacks a setting, naming the setting's path.</summary>
internal sealed class ChatProviderOptionsValidator : IValidateOptions<ChatProviderOptions>
{
    private const string Section = ChatProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ChatProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new SettingErrors();
        var because = $"{Section}:Provider is {options.Provider}";
        switch (options.Provider)
        {
            case ChatProviderKind.Local:
                break;
            case ChatProviderKind.OpenAI:
                errors.CheckOpenAI(options.OpenAI, $"{Section}:OpenAI", because);
                break;
            case ChatProviderKind.AzureOpenAI:
                errors.CheckAzure(options.AzureOpenAI, $"{Section}:AzureOpenAI", because);
                break;
            case ChatProviderKind.OpenAICompatible:
                errors.CheckCompatible(options.OpenAICompatible, $"{Section}:OpenAICompatible", because);
                break;
            default:
                errors.Add($"{Section}:Provider '{options.Provider}' is unknown; use Local, OpenAI, AzureOpenAI or OpenAICompatible.");
                break;
        }

        errors.CheckAnnotations(options.Resilience, $"{Section}:Resilience");
        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
