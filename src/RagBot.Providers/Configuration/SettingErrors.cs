using System.ComponentModel.DataAnnotations;
using RagBot.Providers.Remote;

namespace RagBot.Providers.Configuration;

/// <summary>Collects start-up validation failures, each naming the configuration path the operator must fix.</summary>
internal sealed class SettingErrors
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public void Add(string message) => _errors.Add(message);

    public void RequireText(string? value, string path, string because)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors.Add($"{path} is required when {because}.");
        }
    }

    public void RequireAbsoluteHttpUrl(Uri? value, string path, string because)
    {
        if (value is null)
        {
            _errors.Add($"{path} is required when {because}.");
        }
        else if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttp && value.Scheme != Uri.UriSchemeHttps))
        {
            _errors.Add($"{path} must be an absolute http(s) URL, not '{value}'.");
        }
    }

    public void RequireFile(string? value, string path, string because)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors.Add($"{path} is required when {because}.");
        }
        else if (!File.Exists(value))
        {
            _errors.Add($"{path} points to '{Path.GetFullPath(value)}', which does not exist.");
        }
    }

    public void RequirePositive(int? value, string path)
    {
        if (value is <= 0)
        {
            _errors.Add($"{path} must be a positive number of dimensions, not {value}.");
        }
    }

    /// <summary>Checks the DataAnnotations ([Range] ...) of a nested settings object, reporting full paths.</summary>
    public void CheckAnnotations(object settings, string path)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var member = result.MemberNames.FirstOrDefault();
                _errors.Add(member is null ? $"{path}: {result.ErrorMessage}" : $"{path}:{member}: {result.ErrorMessage}");
            }
        }
    }

    public void CheckOpenAI(OpenAIProviderOptions options, string section, string because)
    {
        RequireText(options.ApiKey, $"{section}:ApiKey", because);
        RequireText(options.Model, $"{section}:Model", because);
        if (options.Endpoint is not null)
        {
            RequireAbsoluteHttpUrl(options.Endpoint, $"{section}:Endpoint", because);
        }

        RequirePositive(options.Dimensions, $"{section}:Dimensions");
    }

    public void CheckAzure(AzureOpenAIProviderOptions options, string section, string because)
    {
        RequireAbsoluteHttpUrl(options.Endpoint, $"{section}:Endpoint", because);
        RequireText(options.Deployment, $"{section}:Deployment", because);
        RequireText(options.ApiKey, $"{section}:ApiKey", because);
        if (!AzureOpenAIProviderOptions.SupportedApiVersions.Contains(options.ApiVersion))
        {
            _errors.Add($"{section}:ApiVersion '{options.ApiVersion}' is not supported; use one of {string.Join(", ", AzureOpenAIProviderOptions.SupportedApiVersions)}.");
        }

        RequirePositive(options.Dimensions, $"{section}:Dimensions");
    }

    public void CheckCompatible(OpenAICompatibleProviderOptions options, string section, string because)
    {
        RequireAbsoluteHttpUrl(options.BaseUrl, $"{section}:BaseUrl", because);
        RequireText(options.Model, $"{section}:Model", because);
        RequirePositive(options.Dimensions, $"{section}:Dimensions");
    }
}
