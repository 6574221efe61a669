using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Tests.Qdrant.Fake;

namespace RagBot.VectorData.Tests.Qdrant;

/// <summary>A fake Qdrant plus a store wired exactly as production wires it (AddQdrantVectorStore, resilience included).</summary>
internal sealed class QdrantTestContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private QdrantTestContext(FakeQdrantServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
        Store = services.GetRequiredService<QdrantVectorStore>();
    }

    public FakeQdrantServer Server { get; }

    public QdrantVectorStore Store { get; }

    public static QdrantTestContext Start(Dictionary<string, string?>? settings = null, string? requiredApiKey = null)
    {
        var server = FakeQdrantServer.Start(requiredApiKey);
        var values = new Dictionary<string, string?>
        {
            ["RagBot:VectorStore:Qdrant:Url"] = server.Url.ToString(),
            ["RagBot:VectorStore:Qdrant:RetryBaseDelay"] = "00:00:00.010",
            ["RagBot:VectorStore:Qdrant:Timeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values["RagBot:VectorStore:Qdrant:" + key] = value;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddQdrantVectorStore()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new QdrantTestContext(server, services);
    }

    public QdrantVectorStoreCollection<ulong, Hotel> Hotels(string name = "hotels") => Store.GetCollection<ulong, Hotel>(name);

    public QdrantVectorStoreCollection<Guid, ChunkRecord> Chunks(string name = "chunks") =>
        Store.GetCollection<Guid, ChunkRecord>(name, ChunkRecord.Definition(4));

    /// <summary>Fails the test when any request (or fake answer) broke Qdrant's OpenAPI spec.</summary>
    public void AssertSpecCompliant() => Assert.Empty(Server.Violations);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
