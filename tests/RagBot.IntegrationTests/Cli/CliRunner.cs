using RagBot.Cli;

namespace RagBot.IntegrationTests.Cli;

/// <summary>Runs `ragbot` commands in-process over a temporary data directory, capturing stdout, stderr and the exit code.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ragbot-cli-tests", Guid.NewGuid().ToString("N"));
        Settings = new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = DataDirectory,
            ["RagBot:Ingestion:SeedDirectory"] = "",
            ["RagBot:Embeddings:Provider"] = "Hashing",
            ["RagBot:Reindex:RetireDelaySeconds"] = "0.2",
        };
    }

    public string DataDirectory { get; }

    public Dictionary<string, string?> Settings { get; }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await RagBotCli.RunAsync(args, stdout, stderr, Settings, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held by a finalizing connection; the temp folder is cleaned by the OS later.
        }
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
