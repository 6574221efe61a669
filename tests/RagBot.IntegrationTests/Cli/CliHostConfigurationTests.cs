using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Cli;

namespace RagBot.IntegrationTests.Cli;

public sealed class CliHostConfigurationTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ragbot-cli-host-").FullName;

    [Fact]
    public void The_cli_host_does_not_watch_its_working_directory_for_configuration_changes()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>());

        using var host = context.BuildHost(_dataDirectory);

        // A reloading file source puts a recursive watcher on the content root, which is wherever the CLI was started.
        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var fileSources = root.Providers.OfType<FileConfigurationProvider>().Select(provider => provider.Source).ToList();
        Assert.NotEmpty(fileSources);
        Assert.All(fileSources, source => Assert.False(source.ReloadOnChange, $"{source.Path} reloads on change"));
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
