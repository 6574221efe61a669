using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RagBot.Hosting.Configuration;

/// <summary>Turns validation failures and start-up exceptions into findings that name the setting to fix.</summary>
internal static partial class FailureFindings
{
    public static IEnumerable<ConfigurationFinding> FromValidation(OptionsValidationException exception)
    {
        var section = SectionOf(exception.OptionsType);
        foreach (var failure in exception.Failures)
        {
            var setting = SettingIn(failure)
                ?? (MemberPattern().Match(failure) is { Success: true } member && section is not null ? $"{section}:{member.Groups[1].Value}" : null)
                ?? section
                ?? exception.OptionsType.Name;
            yield return new ConfigurationFinding(FindingSeverity.Error, setting, failure);
        }
    }

    public static ConfigurationFinding From(Exception exception, string fallbackSetting)
    {
        var innermost = exception;
        while (innermost.InnerException is not null && innermost is TargetInvocationException or AggregateException)
        {
            innermost = innermost.InnerException;
        }

        var message = innermost.Message;
        return new ConfigurationFinding(FindingSeverity.Error, SettingIn(message) ?? fallbackSetting, message);
    }

    /// <summary>The first configuration path quoted in a message, e.g. RagBot:Chat:OpenAI:ApiKey.</summary>
    private static string? SettingIn(string message) =>
        SettingPattern().Match(message) is { Success: true } match ? match.Value.TrimEnd(':', '.') : null;

    private static string? SectionOf(Type optionsType) =>
        optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;

    [GeneratedRegex(@"(?:RagBot|OTEL_[A-Z_]+)(?::[A-Za-z0-9_]+)*")]
    private static partial Regex SettingPattern();

    [GeneratedRegex(@"members: '([^']+)'")]
    private static partial Regex MemberPattern();
}
