using System.CommandLine;
using RagBot.Hosting.Configuration;

namespace RagBot.Cli.Commands;

/// <summary>
/// <c>ragbot config check [--probe] [--environment NAME] [--RagBot:Section:Key=value ...]</c>: validates the
/// configuration the API would run with and prints a report. Exit code 0 when valid, 1 when not. Register
/// with <c>rootCommand.Subcommands.Add(ConfigCheckCommand.Create());</c>.
/// </summary>
public static class ConfigCheckCommand
{
    public static Command Create()
    {
        var probe = new Option<bool>("--probe") { Description = "Also call the model providers and open the app-state database and the vector store." };
        var environment = new Option<string?>("--environment") { Description = "The environment whose appsettings.{Environment}.json applies (default: ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT)." };
        var check = new Command("check", "Validate the configuration (appsettings.json, environment variables, --RagBot:... arguments) as the API loads it.")
        {
            probe,
            environment,
        };

        // Extra tokens such as --RagBot:Chat:Provider=OpenAI are configuration overrides, exactly as the API takes them.
        check.TreatUnmatchedTokensAsErrors = false;
        check.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = await ConfigurationChecker.CheckAsync(
                new ConfigurationCheckRequest
                {
                    Args = [.. parseResult.UnmatchedTokens],
                    Probe = parseResult.GetValue(probe),
                    EnvironmentName = parseResult.GetValue(environment),
                },
                cancellationToken).ConfigureAwait(false);
            report.WriteTo(parseResult.InvocationConfiguration.Output);
            return report.ExitCode;
        });

        return new Command("config", "Configuration tools.") { check };
    }
}
