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

    [Theory]
    [InlineData(SqliteVectorQuantization.None)]
    [InlineData(SqliteVectorQuantization.Int8)]
    public async Task Keys_named_from_memory_stay_those_of_their_rows_through_another_process_churn_and_vacuum(SqliteVectorQuantization quantization)
    {
        var path = directory.File($"churn-{quantization}.db");
        using var searcherStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, Quantization = quantization });
        using var writerStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var searcher = Chunks(searcherStore);
        var writer = Chunks(writerStore);
        await writer.EnsureCollectionExistsAsync(Cancel);
        var rows = Enumerable.Range(0, 400).Select(Chunk).ToList();
        await writer.UpsertAsync(rows, Cancel);
        var random = new Random(17);
        for (var round = 0; round < 8; round++)
        {
            // Load (round 0) or catch up, so that the keys are named from memory, then churn behind the searcher's back.
            var query = Chunk(1000 + round).Embedding;
            await searcher.SearchKeysAsync(query, 5, null, Cancel);
            var deleted = rows.OrderBy(_ => random.Next()).Take(30).ToList();
            await writer.DeleteAsync(deleted.Select(r => r.Id), Cancel);

            // The same keys come back as new rows (new rowids) with other vectors and texts; others change in place.
            var reinserted = deleted.Take(15).Select((r, i) => Renewed(r, 2000 + (round * 100) + i)).ToList();
            var updated = rows.Except(deleted).OrderBy(_ => random.Next()).Take(30).Select((r, i) => Renewed(r, 3000 + (round * 100) + i)).ToList();
            var added = Enumerable.Range(4000 + (round * 100), 20).Select(Chunk).ToList();
            await writer.UpsertAsync([.. reinserted, .. updated, .. added], Cancel);
            rows = rows.Except(deleted).Where(r => !updated.Any(u => u.Id == r.Id)).Concat(reinserted).Concat(updated).Concat(added).ToList();
            if (round % 2 == 1)
            {
                await VacuumAsync(path);
            }

            string[] keywords = [Words[round % Words.Length], Words[(round + 5) % Words.Length], "row"];
            var filter = round % 3 == 0 ? null : (System.Linq.Expressions.Expression<Func<ChunkLikeRecord, bool>>)(r => r.Tags.Contains("tenant:a"));
            var vectorHits = await searcher.SearchAsync(query, 60, new() { Filter = filter }, Cancel).ToListAsync(Cancel);
            var vectorKeys = await searcher.SearchKeysAsync(query, 60, filter, Cancel);
            var keywordHits = await searcher.KeywordSearchAsync(keywords, 60, new() { Filter = filter }, Cancel).ToListAsync(Cancel);
            var keywordKeys = await searcher.KeywordSearchKeysAsync(keywords, 60, filter, Cancel);
            Assert.Equal(vectorHits.Select(h => (h.Record.Id, h.Score!.Value)), vectorKeys.Select(k => (k.Key, k.Score)));
            Assert.Equal(keywordHits.Select(h => (h.Record.Id, h.Score!.Value)), keywordKeys.Select(k => (k.Key, k.Score)));

            // Every key names the row that was scored: its own vector gives the score (exact vectors only).
            var read = await searcher.GetPassingAsync(vectorKeys.Select(k => k.Key).ToList(), filter, includeVectors: true, Cancel);
            Assert.Equal(vectorKeys.Count, read.Count);
            if (quantization == SqliteVectorQuantization.None)
            {
                Assert.All(vectorKeys, k => Assert.Equal(Cosine(read.Single(r => r.Id == k.Key).Embedding.Span, query.Span), k.Score, 1e-5));
            }
        }
    }

    [Fact]
    public async Task Keys_ranked_in_a_dropped_collection_read_nothing_of_the_tenant_a_recreated_one_gives_the_same_keys()
    {
        var path = directory.File("dropped.db");
        using var apiStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var cliStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var api = Chunks(apiStore);
        var cli = Chunks(cliStore);
        await cli.EnsureCollectionExistsAsync(Cancel);
        var rows = Enumerable.Range(0, 50).Select(Chunk).ToList();
        await cli.UpsertAsync(rows, Cancel);
        System.Linq.Expressions.Expression<Func<ChunkLikeRecord, bool>> tenantA = r => r.Tags.Contains("tenant:a");
        var vectorKeys = await api.SearchKeysAsync(Chunk(7).Embedding, 10, tenantA, Cancel);
        var keywordKeys = await api.KeywordSearchKeysAsync(["kernel", "row"], 10, tenantA, Cancel);

        // Between ranking and reading, another process drops the collection: reading fails as a store error, no crash.
        await cli.EnsureCollectionDeletedAsync(Cancel);
        var keys = vectorKeys.Concat(keywordKeys).Select(k => k.Key).Distinct().ToList();
        await Assert.ThrowsAsync<Microsoft.Extensions.VectorData.VectorStoreException>(() => api.GetPassingAsync(keys, tenantA, includeVectors: false, Cancel));

        // ... and recreates it under the same name, with the same keys now holding another tenant's rows.
        await cli.EnsureCollectionExistsAsync(Cancel);
        await cli.UpsertAsync(rows.Select((r, i) => { var other = Renewed(r, 500 + i); other.Tags = ["tenant:b"]; other.Text = "secret of tenant b"; return other; }).ToList(), Cancel);
        Assert.Empty(await api.GetPassingAsync(keys, tenantA, includeVectors: false, Cancel));
        Assert.DoesNotContain(await api.SearchKeysAsync(Chunk(7).Embedding, 10, tenantA, Cancel), k => keys.Contains(k.Key));
        Assert.Empty(await api.KeywordSearchKeysAsync(["secret", "kernel", "row"], 10, tenantA, Cancel));
    }

    [Fact]
    public async Task A_read_after_another_process_recreated_the_collection_reads_the_new_table()
    {
        // The read skips the catalog while the bound table exists: once another process drops and recreates the
        // collection, it must look the name up again and read the new table, not fail and not read the old one.
        var path = directory.File("recreated.db");
        using var apiStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var cliStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var api = Chunks(apiStore);
        var cli = Chunks(cliStore);
        await cli.EnsureCollectionExistsAsync(Cancel);
        var rows = Enumerable.Range(0, 20).Select(Chunk).ToList();
        await cli.UpsertAsync(rows, Cancel);
        var keys = rows.Select(r => r.Id).ToList();
        Assert.Equal(20, (await api.GetPassingAsync(keys, null, includeVectors: false, Cancel)).Count);

        await cli.EnsureCollectionDeletedAsync(Cancel);
        await cli.EnsureCollectionExistsAsync(Cancel);
        await cli.UpsertAsync(rows.Take(5).Select(r => { var again = Renewed(r, 0); again.Text = "recreated"; return again; }).ToList(), Cancel);

        var read = await api.GetPassingAsync(keys, null, includeVectors: false, Cancel);
        Assert.Equal(5, read.Count);
        Assert.All(read, r => Assert.Equal("recreated", r.Text));
    }

    [Fact]
    public async Task Reads_racing_another_process_that_drops_and_recreates_the_collection_never_return_another_tenants_rows()
    {
        // The read skips the catalog while its bound table exists; ids are never reused, so a recreated collection
        // (same name, same keys, another tenant's rows) is a new table: a racing read fails as a store error or reads
        // the table the name names now, through the caller's tenant filter, never rows that filter excludes.
        var path = directory.File("race.db");
        using var apiStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, DurableCommits = false });
        using var cliStore = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, DurableCommits = false });
        var api = Chunks(apiStore);
        var cli = Chunks(cliStore);
        await cli.EnsureCollectionExistsAsync(Cancel);
        var rows = Enumerable.Range(0, 40).Select(Chunk).ToList();
        await cli.UpsertAsync(rows, Cancel);
        var keys = rows.Select(r => r.Id).ToList();
        System.Linq.Expressions.Expression<Func<ChunkLikeRecord, bool>> tenantA = r => r.Tags.Contains("tenant:a");
        Assert.Equal(40, (await api.GetPassingAsync(keys, tenantA, includeVectors: false, Cancel)).Count);

        var churn = Task.Run(async () =>
        {
            for (var round = 0; round < 30; round++)
            {
                await cli.EnsureCollectionDeletedAsync(Cancel);
                await cli.EnsureCollectionExistsAsync(Cancel);
                await cli.UpsertAsync(rows.Select((r, i) => { var other = Renewed(r, 700 + i); other.Tags = ["tenant:b"]; other.Text = "secret of tenant b"; return other; }).ToList(), Cancel);
            }
        }, Cancel);

        var reads = 0;
        var failures = 0;
        while (!churn.IsCompleted)
        {
            try
            {
                var read = await api.GetPassingAsync(keys, tenantA, includeVectors: false, Cancel);
                Assert.All(read, r => Assert.Contains("tenant:a", r.Tags));
                Assert.All(read, r => Assert.DoesNotContain("secret", r.Text, StringComparison.Ordinal));
                reads++;
            }
            catch (Microsoft.Extensions.VectorData.VectorStoreException)
            {
                failures++;
            }
        }

        await churn;
        Assert.True(reads > 0, $"no read completed ({failures} store errors)");
        Assert.Empty(await api.GetPassingAsync(keys, tenantA, includeVectors: false, Cancel));
    }

    private static async Task VacuumAsync(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Cancel);
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM";
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    private static ChunkLikeRecord Renewed(ChunkLikeRecord row, int i)
    {
        var renewed = Chunk(i);
        renewed.Id = row.Id;
        renewed.Tags = i % 2 == 0 ? ["tenant:a"] : ["tenant:b"];
        return renewed;
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
