using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;
using RagBot.Hosting;
using RagBot.Indexing;
using RagBot.Ingestion;
using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Tests.Qdrant.Fake;

namespace RagBot.VectorData.Tests.Qdrant;

/// <summary>RagBot's real composition root on Qdrant (the fake): a reindex builds a new collection and moves the alias.</summary>
public sealed class QdrantReindexTests : IAsyncDisposable
{
    private readonly FakeQdrantServer _server = FakeQdrantServer.Start();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ragbot-qdrant-reindex", Guid.NewGuid().ToString("N"));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Reindex_builds_a_new_collection_switches_the_alias_readers_use_and_drops_the_old_one()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using (var before = Build(targetTokens: 256))
        {
            var ingestor = before.Services.GetRequiredService<DocumentIngestor>();
            for (var i = 0; i < 3; i++)
            {
                await ingestor.IngestAsync(new DocumentUpload($"lighthouse-{i}.md", Encoding.UTF8.GetBytes(Document(i))) { DocumentId = $"lighthouse-{i}" }, cancellation);
            }

            var active = await before.Services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(cancellation);
            Assert.Equal("ragbot-chunks-active", active.Name);
            Assert.Equal([new QdrantCollectionAlias("ragbot-chunks-active", "ragbot-chunks")], await Store(before).ListAliasesAsync(cancellation));
        }

        using var after = Build(targetTokens: 48);
        var report = await after.Services.GetRequiredService<IndexReindexer>().RunAsync("test", progress: null, cancellation);

        Assert.Equal(3, report.Indexed);
        Assert.Equal([new QdrantCollectionAlias("ragbot-chunks-active", report.Activated.CollectionName)], await Store(after).ListAliasesAsync(cancellation));
        Assert.DoesNotContain("ragbot-chunks", await Store(after).ListCollectionNamesAsync(cancellation).ToListAsync(cancellation));

        // Readers go through the alias and see the new generation's (smaller) chunks of every document.
        var collection = await after.Services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(cancellation);
        Assert.Equal("ragbot-chunks-active", collection.Name);
        var catalog = await after.Services.GetRequiredService<IDocumentCatalog>().ListAsync(cancellation);
        var stored = await collection.GetAsync(c => c.DocumentId != "", top: 1000, cancellationToken: cancellation).ToListAsync(cancellation);
        Assert.Equal(report.Chunks, stored.Count);
        Assert.True(stored.Count > catalog.Sum(d => d.ChunkCount), "the rebuilt index uses the smaller chunk size");
        Assert.Empty(_server.Violations);
    }

    private IHost Build(int targetTokens)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:DataDirectory"] = _dataDirectory,
            ["RagBot:Ingestion:SeedDirectory"] = "",
            ["RagBot:Embeddings:Provider"] = "Hashing",
            ["RagBot:VectorStore:Provider"] = "Qdrant",
            ["RagBot:VectorStore:Qdrant:Url"] = _server.Url.ToString(),
            ["RagBot:Chunking:TargetTokens"] = targetTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RagBot:Chunking:OverlapTokens"] = "0",
            ["RagBot:Reindex:RetireDelaySeconds"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddRagBot(seedSampleCorpus: false);
        return builder.Build();
    }

    private static QdrantVectorStore Store(IHost host) => host.Services.GetRequiredService<QdrantVectorStore>();

    private static string Document(int number)
    {
        var text = new StringBuilder($"# Lighthouse {number}\n\n");
        for (var paragraph = 0; paragraph < 6; paragraph++)
        {
            text.Append($"The keeper of lighthouse {number} trims the wick at dusk, logs the passing ships in paragraph {paragraph}, ")
                .Append("and polishes the great lens so the beam reaches the far reef before the tide turns.\n\n");
        }

        return text.ToString();
    }
}
