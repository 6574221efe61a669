using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Tests.Qdrant.Conformance;

namespace RagBot.VectorData.Tests.Qdrant;

/// <summary>Qdrant-specific behaviour (aliases, BM25 leg, payload indexes) against a real server when QDRANT_URL is set.</summary>
public sealed class QdrantLiveConnectorTests
{
    private static readonly string? Url = Environment.GetEnvironmentVariable("QDRANT_URL");

    [Fact]
    public async Task Aliases_switch_atomically_and_hybrid_search_finds_keyword_matches_on_a_real_qdrant()
    {
        Assert.SkipWhen(string.IsNullOrWhiteSpace(Url), QdrantLiveFixture.SkipReason);
        using var http = new HttpClient();
        var prefix = $"ragbot_live_{Guid.NewGuid():N}"[..20] + "_";
        var store = new QdrantVectorStore(http, new QdrantOptions
        {
            Url = new Uri(Url!),
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            CollectionPrefix = prefix,
        });
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var v1 = store.GetCollection<Guid, ChunkRecord>("chunks_v1", ChunkRecord.Definition(4));
            var v2 = store.GetCollection<Guid, ChunkRecord>("chunks_v2", ChunkRecord.Definition(4));
            await v1.EnsureCollectionExistsAsync(ct);
            await v2.EnsureCollectionExistsAsync(ct);
            var vector = new ReadOnlyMemory<float>([1, 0, 0, 0]);
            await v1.UpsertAsync(new ChunkRecord { Id = Guid.NewGuid(), Text = "old generation", Tags = ["gen:1"], Embedding = vector }, ct);
            var refund = new ChunkRecord { Id = Guid.NewGuid(), Text = "Refunds take five days.", Tags = ["gen:2"], Embedding = new float[] { 0, 1, 0, 0 } };
            await v2.UpsertAsync([refund, new ChunkRecord { Id = Guid.NewGuid(), Text = "Shipping is free.", Tags = ["gen:2"], Embedding = vector }], ct);

            await store.CreateAliasAsync("chunks", "chunks_v1", ct);
            await store.SwitchAliasAsync("chunks", "chunks_v2", ct);
            var live = store.GetCollection<Guid, ChunkRecord>("chunks", ChunkRecord.Definition(4));
            var hits = await live.SearchAsync(vector, 2, new() { Filter = c => c.Tags.Contains("gen:2") }, ct).ToListAsync(ct);
            var keywordHits = await live.KeywordSearchAsync(["refunds"], 2, new() { Filter = c => c.Tags.Contains("gen:2") }, ct).ToListAsync(ct);

            Assert.Contains(new QdrantCollectionAlias("chunks", "chunks_v2"), await store.ListAliasesAsync(ct));
            Assert.Equal(2, hits.Count);
            Assert.Contains(hits, hit => hit.Record.Id == refund.Id);
            Assert.Equal(refund.Id, Assert.Single(keywordHits).Record.Id);
        }
        finally
        {
            await store.DeleteAliasAsync("chunks", CancellationToken.None);
            await store.EnsureCollectionDeletedAsync("chunks_v1", CancellationToken.None);
            await store.EnsureCollectionDeletedAsync("chunks_v2", CancellationToken.None);
        }
    }
}
