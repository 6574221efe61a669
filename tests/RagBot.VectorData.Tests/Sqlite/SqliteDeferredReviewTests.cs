using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// Review of rank first, read later (issue #17) at the store: what the key-only keyword leg costs a process that
/// never searches vectors (the keyword-only fallback while an upgrade's reindex runs: the old model cannot embed the
/// question, so only the old generation's postings are used).
/// </summary>
public sealed class SqliteDeferredReviewTests : IDisposable
{
    private const int Dimensions = 256;
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "kernel", "paging", "cache", "compiler", "parser", "lexer", "queue", "stack"];
    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_keyword_only_key_search_holds_no_more_in_memory_than_the_keyword_search_it_replaces()
    {
        var path = directory.File("keyword-only.db");
        using (var writer = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path }))
        {
            var chunks = Chunks(writer);
            await chunks.EnsureCollectionExistsAsync(Cancel);
            await chunks.UpsertAsync(Enumerable.Range(0, 3000).Select(Chunk).ToList(), Cancel);
        }

        // Two fresh processes: one reads records with its hits, the other ranks keys first.
        using var recordsProcess = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var keysProcess = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        string[] keywords = ["kernel", "paging", "lexer"];
        var records = await Chunks(recordsProcess).KeywordSearchAsync(keywords, 40, null, Cancel).ToListAsync(Cancel);
        var keys = await Chunks(keysProcess).KeywordSearchKeysAsync(keywords, 40, null, Cancel);

        Assert.Equal(records.Select(h => (h.Record.Id, h.Score!.Value)), keys.Select(k => (k.Key, k.Score)));
        Assert.True(
            keysProcess.IndexMemoryBytes <= recordsProcess.IndexMemoryBytes,
            $"the key-only keyword leg holds {keysProcess.IndexMemoryBytes} bytes in memory, the record leg {recordsProcess.IndexMemoryBytes}: it loaded every vector to name 40 hits");
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        store.GetCollection<Guid, ChunkLikeRecord>("deferred-review", ChunkLikeRecord.Definition(Dimensions));

    private static ChunkLikeRecord Chunk(int i) => new()
    {
        Id = Guid.NewGuid(),
        DocumentId = $"doc-{i / 4}",
        Ordinal = i % 4,
        Text = $"row {i} {Words[i % Words.Length]} {Words[(i * 7) % Words.Length]} {Words[(i / 3) % Words.Length]}",
        Tags = ["tenant:a"],
        Embedding = Enumerable.Range(0, Dimensions).Select(d => (float)Math.Sin((i * 0.37) + (d * 1.3))).ToArray(),
    };

    public void Dispose() => directory.Dispose();
}
