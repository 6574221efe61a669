using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Core.Indexing;
using RagBot.Hosting;
using RagBot.Ingestion;
using RagBot.IntegrationTests.Cli;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>Chunks an older RagBot stored under first-scheme keys still go away on update and delete.</summary>
public sealed class ChunkKeySchemeTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Updating_a_document_removes_its_chunks_stored_under_first_scheme_keys()
    {
        using var host = BuildHost();
        var collection = await StoreWithFirstSchemeChunksAsync(host, "manual");

        var firstVersion = (await ChunksOfAsync(collection, "manual"))[0].DocumentVersion;

        var result = await host.Services.GetRequiredService<DocumentIngestor>().IngestAsync(Upload("manual", "Second edition. " + Text(12)), TestContext.Current.CancellationToken);

        var chunks = await ChunksOfAsync(collection, "manual");
        Assert.Equal(result.ChunkCount, chunks.Count);
        Assert.DoesNotContain(chunks, c => c.DocumentVersion == firstVersion);
    }

    [Fact]
    public async Task Retagging_a_document_replaces_its_chunks_stored_under_first_scheme_keys()
    {
        using var host = BuildHost();
        var collection = await StoreWithFirstSchemeChunksAsync(host, "manual");

        var result = await host.Services.GetRequiredService<DocumentIngestor>().IngestAsync(
            Upload("manual", Text(12)) with { Tags = ["team:blue"] }, TestContext.Current.CancellationToken);

        Assert.Equal(IngestionStatus.Updated, result.Status);
        var chunks = await ChunksOfAsync(collection, "manual");
        Assert.Equal(result.ChunkCount, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(["team:blue"], c.Tags));
    }

    [Fact]
    public async Task Deleting_a_document_removes_its_chunks_stored_under_first_scheme_keys()
    {
        using var host = BuildHost();
        var collection = await StoreWithFirstSchemeChunksAsync(host, "manual");

        await host.Services.GetRequiredService<DocumentIngestor>().DeleteAsync("manual", TestContext.Current.CancellationToken);

        Assert.Empty(await ChunksOfAsync(collection, "manual"));
    }

    /// <summary>Ingests a document, then moves its chunks to the keys the first scheme gave them.</summary>
    private static async Task<VectorStoreCollection<Guid, DocumentChunk>> StoreWithFirstSchemeChunksAsync(IHost host, string documentId)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var result = await host.Services.GetRequiredService<DocumentIngestor>().IngestAsync(Upload(documentId, Text(12)), cancellation);
        Assert.True(result.ChunkCount > 1, "the test needs several chunks");
        var collection = await host.Services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(cancellation);
        var chunks = await collection.GetAsync(c => c.DocumentId == documentId, top: 1_000, new() { IncludeVectors = true }, cancellation).ToListAsync(cancellation);
        Assert.Equal(result.ChunkCount, chunks.Count);
        await collection.DeleteAsync(chunks.Select(c => c.Id), cancellation);
        foreach (var chunk in chunks)
        {
            chunk.Id = ChunkKeys.FirstSchemeFor(chunk.DocumentId, chunk.DocumentVersion, chunk.Ordinal);
        }

        await collection.UpsertAsync(chunks, cancellation);
        var moved = await ChunksOfAsync(collection, documentId);
        Assert.All(moved, c => Assert.Equal(ChunkKeys.FirstSchemeFor(c.DocumentId, c.DocumentVersion, c.Ordinal), c.Id));
        return collection;
    }

    private static async Task<List<DocumentChunk>> ChunksOfAsync(VectorStoreCollection<Guid, DocumentChunk> collection, string documentId) =>
        await collection.GetAsync(c => c.DocumentId == documentId, top: 1_000, cancellationToken: TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_cli.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RagBot:Chunking:TargetTokens"] = "64", ["RagBot:Chunking:OverlapTokens"] = "0" });
        builder.Logging.ClearProviders();
        builder.AddRagBot(seedSampleCorpus: false);
        return builder.Build();
    }

    private static DocumentUpload Upload(string id, string text) => new(id + ".txt", Encoding.UTF8.GetBytes(text)) { DocumentId = id };

    private static string Text(int sentences) =>
        string.Join(' ', Enumerable.Range(1, sentences).Select(i => $"Step {i} of the manual explains how the valve number {i} is opened and checked."));

    public void Dispose() => _cli.Dispose();
}
