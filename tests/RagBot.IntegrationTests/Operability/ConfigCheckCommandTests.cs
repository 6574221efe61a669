using System.CommandLine;
using RagBot.Cli.Commands;

namespace RagBot.IntegrationTests.Operability;

public sealed class ConfigCheckCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-config-command", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Nothing was written, or a file is still held; the OS cleans the temp folder.
        }
    }

    [Fact]
    public async Task A_valid_configuration_exits_0_with_the_report_on_stdout()
    {
        var (exitCode, output) = await RunAsync("config", "check", "--environment", "Testing", $"--RagBot:DataDirectory={_directory}");

        Assert.Equal(0, exitCode);
        Assert.Contains("Configuration is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_configuration_exits_1_and_names_the_setting()
    {
        var (exitCode, output) = await RunAsync("config", "check", "--environment", "Testing", $"--RagBot:DataDirectory={_directory}", "--RagBot:Chat:Provider=AzureOpenAI");

        Assert.Equal(1, exitCode);
        Assert.Contains("RagBot:Chat:AzureOpenAI:Endpoint", output, StringComparison.Ordinal);
        Assert.Contains("INVALID", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var root = new RootCommand("ragbot");
        root.Subcommands.Add(ConfigCheckCommand.Create());
        using var output = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }
}
