using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RagBot.IntegrationTests.Api;

/// <summary>
/// The real API (real Kestrel pipeline, real SQLite files) over a fresh temporary data directory per
/// factory, with the local embedder and extractive answerer. Settings can be overridden per test class.
/// </summary>
public class RagBotApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public RagBotApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected RagBotApiFactory(IDictionary<string, string?> settings)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ragbot-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = DataDirectory,
            ["RagBot:Ingestion:SeedDirectory"] = "",
            // The neural default loads an 87 MB model per host; tests about something else pin the fast hashing embedder.
            ["RagBot:Embeddings:Provider"] = "Hashing",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finalizing connection; the temp folder is cleaned by the OS later.
            }
        }
    }
}
