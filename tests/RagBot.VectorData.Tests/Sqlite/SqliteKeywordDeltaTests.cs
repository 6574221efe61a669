using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The keyword copy kept current by this process's writes (a delta per write, merged now and then) answers exactly as
/// FTS5's bm25() on the committed state after every write: same rows, same order, same doubles, with and without a
/// tenant filter, and without falling back to FTS5 or rebuilding. A write it did not see (a second store instance, as
/// the CLI beside the API), a cancelled write and a write that fails and rolls back leave it correct.
/// </summary>
public sealed class SqliteKeywordDeltaTests : IDisposable
{
    private const string TenantA = "tenant:a";

    // A small vocabulary, so terms recur across rows (document frequencies move with every write) and equal texts tie.
    private static readonly string[] Vocabulary =
    [
        "walrus", "walruses", "heron", "river", "running", "runs", "ran", "ice", "colony", "the", "a", "of", "store",
        "stored", "storage", "keyword", "search", "tenant", "upload", "chunk", "naïve", "café", "Zebra", "zebras", "x",
    ];

    private readonly TempDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Random_upserts_reupserts_and_deletes_keep_the_copy_equal_to_fts5_after_every_write_without_a_rebuild()
    {
        using var setup = await SetUpAsync("differential.db", seed: 1717, rows: 40);
        var (store, collection, reference, random, live) = (setup.Store, setup.Collection, setup.Reference, setup.Random, setup.Live);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);

        for (var step = 0; step < 120; step++)
        {
            var operation = random.Next(4);
            if (operation == 0 && live.Count > 0)
            {
                // Deletes (with a key that is not there, and a key twice).
                var gone = live.OrderBy(_ => random.Next()).Take(random.Next(1, 6)).ToList();
                await collection.DeleteAsync([.. gone.Select(r => r.Id), Guid.NewGuid(), gone[0].Id], Ct);
                live.RemoveAll(gone.Contains);
            }
            else if (operation == 1 && live.Count > 0)
            {
                // Same keys, new text and tags (the row keeps its id), mixed with new keys; one key twice in the batch.
                var again = live.OrderBy(_ => random.Next()).Take(random.Next(1, 6))
                    .Select(r => new ChunkLikeRecord { Id = r.Id, Text = RandomText(random), Tags = [Tenant(random)], Embedding = r.Embedding })
                    .ToList();
                again.Add(new ChunkLikeRecord { Id = again[0].Id, Text = RandomText(random), Tags = [TenantA], Embedding = again[0].Embedding });
                await UpsertAsync(collection, live, [.. again, .. Enumerable.Range(0, random.Next(3)).Select(_ => Chunk(RandomText(random), random))]);
            }
            else
            {
                await UpsertAsync(collection, live, [.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => Chunk(RandomText(random), random))]);
            }

            await AssertSameAsFts5Async(collection, reference, random, steps: 3);
        }

        // Every write went in as a delta, the deltas were merged into new base postings along the way, and no query
        // needed FTS5 or a rebuild.
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
        Assert.Equal(0, store.KeywordCounters.Fts5Answers);
        Assert.True(store.KeywordCounters.Deltas >= 120, $"{store.KeywordCounters.Deltas} deltas");
        Assert.True(store.KeywordCounters.Merges >= 1, $"{store.KeywordCounters.Merges} merges");
    }

    [Fact]
    public async Task Queries_racing_this_process_writes_never_start_a_rebuild_and_end_equal_to_fts5()
    {
        using var setup = await SetUpAsync("racing.db", seed: 31, rows: 40);
        var (store, collection, reference, random, live) = (setup.Store, setup.Collection, setup.Reference, setup.Random, setup.Live);
        var texts = Enumerable.Range(0, 400).Select(_ => RandomText(random)).ToArray();
        var writer = Task.Run(async () =>
        {
            for (var batch = 0; batch < 60; batch++)
            {
                var records = Enumerable.Range(0, 5).Select(i => Chunk(texts[(batch * 5) + i], TenantA)).ToList();
                await collection.UpsertAsync(records, Ct);
                await collection.DeleteAsync(records.Take(batch % 3).Select(r => r.Id), Ct);
            }
        }, Ct);
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(async () =>
        {
            while (!writer.IsCompleted)
            {
                _ = await collection.KeywordSearchAsync([Vocabulary[reader], "walrus", "store"], 20, cancellationToken: Ct).ToListAsync(Ct);
            }
        }, Ct)).ToList();
        await writer;
        await Task.WhenAll(readers);

        // A query that read a counter in the instant between a commit and its swap asked FTS5, but none started a
        // rebuild: every counter this process's writes produced was reached by a delta.
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
        await AssertSameAsFts5Async(collection, reference, random, steps: 5);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
    }

    [Fact]
    public async Task A_write_by_a_second_store_instance_sends_queries_to_fts5_and_a_rebuild_and_later_writes_stay_correct()
    {
        using var setup = await SetUpAsync("two-writers.db", seed: 99, rows: 30);
        var (api, apiChunks, reference, random, live) = (setup.Store, setup.Collection, setup.Reference, setup.Random, setup.Live);
        using var cli = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = setup.Path });
        await UpsertAsync(apiChunks, live, [Chunk("walrus walrus colony", random)]);
        await AssertSameAsFts5Async(apiChunks, reference, random, steps: 2);
        Assert.Equal(0, api.KeywordCounters.Fts5Answers);

        // The other instance replaces a row's text, deletes one and adds one: the API's copy cannot know them.
        var cliChunks = Chunks(cli);
        await cliChunks.UpsertAsync([new ChunkLikeRecord { Id = live[0].Id, Text = "zebra zebra zebra heron", Tags = [TenantA], Embedding = live[0].Embedding }, Chunk("ice ice river walrus", random)], Ct);
        await cliChunks.DeleteAsync(live[1].Id, Ct);

        // The API writes next, from a counter its copy does not hold: it must not apply this write to the stale copy.
        var deltasBefore = api.KeywordCounters.Deltas;
        await apiChunks.UpsertAsync([Chunk("zebra walrus heron store", random)], Ct);
        Assert.Equal(deltasBefore, api.KeywordCounters.Deltas);
        // The first query finds the copy stale and starts a background rebuild; it is answered by FTS5, or by the rebuilt
        // copy when the rebuild finishes before the query looks again (a busy machine can pause the query that long).
        // Either way never by the stale copy: the first comparison below runs right away.
        await AssertEventuallySameAsFts5Async(apiChunks, reference);
        Assert.True(api.KeywordCounters.Rebuilds >= 2, $"{api.KeywordCounters.Rebuilds} rebuilds");

        // Once rebuilt at the current counter, its own writes go in as deltas again.
        await apiChunks.UpsertAsync([Chunk("the river heron runs", random)], Ct);
        Assert.Equal(deltasBefore + 1, api.KeywordCounters.Deltas);
        var answered = api.KeywordCounters.Fts5Answers;
        await AssertSameAsFts5Async(apiChunks, reference, random, steps: 3);
        Assert.Equal(answered, api.KeywordCounters.Fts5Answers);
    }

    [Fact]
    public async Task A_write_cancelled_inside_its_transaction_leaves_the_copy_at_the_committed_state()
    {
        using var setup = await SetUpAsync("cancelled.db", seed: 5, rows: 50);
        var (store, collection, reference, random, live) = (setup.Store, setup.Collection, setup.Reference, setup.Random, setup.Live);

        // A large batch (many statements) cancelled at growing delays until a cancellation lands mid-write: the
        // catalog counter rolls back with it, so the copy must still be exactly the committed state.
        var cancelled = 0;
        for (var delay = 1; delay < 400 && cancelled < 3; delay += 7)
        {
            var batch = Enumerable.Range(0, 3000).Select(_ => Chunk("cancelled " + RandomText(random), random)).ToList();
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cancel.CancelAfter(delay);
            try
            {
                await collection.UpsertAsync(batch, cancel.Token);
                await collection.DeleteAsync(batch.Select(r => r.Id), Ct);
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }

            await AssertSameAsFts5Async(collection, reference, random, steps: 2);
            Assert.Empty(await reference.KeywordSearchAsync(["cancelled"], 5, cancellationToken: Ct).ToListAsync(Ct));
        }

        Assert.True(cancelled > 0, "no write was cancelled");
        var deltas = store.KeywordCounters.Deltas;
        await UpsertAsync(collection, live, [Chunk("heron river after the cancel", random)]);
        await AssertSameAsFts5Async(collection, reference, random, steps: 3);
        Assert.Equal(deltas + 1, store.KeywordCounters.Deltas);
        Assert.Equal(0, store.KeywordCounters.Fts5Answers);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
    }

    [Fact]
    public async Task A_write_that_fails_and_rolls_back_leaves_the_copy_at_the_committed_state()
    {
        using var setup = await SetUpAsync("rolled-back.db", seed: 11, rows: 30);
        var (store, collection, reference, random, live) = (setup.Store, setup.Collection, setup.Reference, setup.Random, setup.Live);
        var path = setup.Path;

        // SQLite itself refuses the batch's tenth row (a trigger raising an error), after the first statement wrote
        // eight rows, one of them replacing an existing row's text: the whole transaction rolls back.
        await ExecuteAsync(path, table => $"CREATE TRIGGER poison BEFORE INSERT ON {table.Name} WHEN new.{table.TextColumn} LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");
        var replaced = new ChunkLikeRecord { Id = live[0].Id, Text = "walrus walrus replaced", Tags = [TenantA], Embedding = live[0].Embedding };
        var batch = new List<ChunkLikeRecord> { replaced };
        batch.AddRange(Enumerable.Range(0, 8).Select(_ => Chunk("walrus " + RandomText(random), random)));
        batch.Add(Chunk("poison walrus", random));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => collection.UpsertAsync(batch, Ct));
        Assert.Contains("poisoned row", error.ToString(), StringComparison.Ordinal);
        await AssertSameAsFts5Async(collection, reference, random, steps: 3);

        await ExecuteAsync(path, _ => "DROP TRIGGER poison;");
        await UpsertAsync(collection, live, [replaced]);
        await AssertSameAsFts5Async(collection, reference, random, steps: 3);
        Assert.Equal(0, store.KeywordCounters.Fts5Answers);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
    }

    [Fact]
    public async Task A_write_whose_commit_fails_leaves_the_copy_at_the_committed_state()
    {
        // Foreign keys on, so a deferred foreign key violation fails the COMMIT itself, after every statement of the
        // write ran and its keyword delta was prepared: the copy must not take it.
        using var setup = await SetUpAsync("commit-fails.db", seed: 23, rows: 30, foreignKeys: true);
        var (store, collection, reference, random, live) = (setup.Store, setup.Collection, setup.Reference, setup.Random, setup.Live);
        var path = setup.Path;

        await ExecuteAsync(path, table =>
            "CREATE TABLE orphan_parent(id INTEGER PRIMARY KEY);" +
            "CREATE TABLE orphan_child(parent INTEGER REFERENCES orphan_parent(id) DEFERRABLE INITIALLY DEFERRED);" +
            $"CREATE TRIGGER orphan AFTER INSERT ON {table.Name} WHEN new.{table.TextColumn} LIKE '%orphan%' BEGIN INSERT INTO orphan_child VALUES (42); END;");
        var replaced = new ChunkLikeRecord { Id = live[0].Id, Text = "heron heron replaced", Tags = [TenantA], Embedding = live[0].Embedding };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => collection.UpsertAsync([replaced, Chunk("orphan heron walrus", random)], Ct));
        Assert.Contains("FOREIGN KEY", error.ToString(), StringComparison.Ordinal);
        await AssertSameAsFts5Async(collection, reference, random, steps: 3);
        Assert.Empty(await collection.KeywordSearchAsync(["orphan"], 5, cancellationToken: Ct).ToListAsync(Ct));

        await UpsertAsync(collection, live, [replaced]);
        await AssertSameAsFts5Async(collection, reference, random, steps: 3);
        Assert.Equal(0, store.KeywordCounters.Fts5Answers);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
    }

    /// <summary>
    /// A collection of <paramref name="rows"/> random rows on a new file, its keyword copy built by a first query, and
    /// a second store on the same file with the copy off: FTS5's own answers.
    /// </summary>
    private async Task<Setup> SetUpAsync(string file, int seed, int rows, bool foreignKeys = false)
    {
        var path = directory.File(file);
        var store = new SqliteVectorStore(foreignKeys
            ? new SqliteVectorStoreOptions { ConnectionString = $"Data Source={path};Foreign Keys=True" }
            : new SqliteVectorStoreOptions { DatabasePath = path });
        var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var setup = new Setup(path, store, fts5, Chunks(store), Chunks(fts5), new Random(seed), []);
        await setup.Collection.EnsureCollectionExistsAsync(Ct);
        await UpsertAsync(setup.Collection, setup.Live, [.. Enumerable.Range(0, rows).Select(_ => Chunk(RandomText(setup.Random), setup.Random))]);
        await AssertSameAsFts5Async(setup.Collection, setup.Reference, setup.Random, steps: 1);
        return setup;
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        (SqliteVectorStoreCollection<Guid, ChunkLikeRecord>)store.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(2));

    private static async Task UpsertAsync(SqliteVectorStoreCollection<Guid, ChunkLikeRecord> collection, List<ChunkLikeRecord> live, List<ChunkLikeRecord> records)
    {
        await collection.UpsertAsync(records, Ct);
        foreach (var record in records)
        {
            live.RemoveAll(r => r.Id == record.Id);
            live.Add(record);
        }
    }

    /// <summary>Random queries (1-4 words, repeats kept), unfiltered, tenant-filtered and skipping, compared with FTS5's answer.</summary>
    private static async Task AssertSameAsFts5Async(
        SqliteVectorStoreCollection<Guid, ChunkLikeRecord> collection, SqliteVectorStoreCollection<Guid, ChunkLikeRecord> reference, Random random, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToList();
            foreach (var options in new Func<HybridSearchOptions<ChunkLikeRecord>?>[] { () => null, () => new() { Filter = r => r.Tags.Contains(TenantA) }, () => new() { Skip = 2 } })
            {
                foreach (var top in new[] { 7, 500 })
                {
                    var expected = await reference.KeywordSearchAsync(words, top, options(), Ct).ToListAsync(Ct);
                    var actual = await collection.KeywordSearchAsync(words, top, options(), Ct).ToListAsync(Ct);
                    Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
                }
            }
        }
    }

    /// <summary>The same comparison over fixed queries, retried while a background rebuild may still be running.</summary>
    private static async Task AssertEventuallySameAsFts5Async(SqliteVectorStoreCollection<Guid, ChunkLikeRecord> collection, SqliteVectorStoreCollection<Guid, ChunkLikeRecord> reference)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            foreach (var words in new[] { new[] { "zebra" }, ["walrus", "heron"], ["ice", "river", "the"], ["store", "running"] })
            {
                var expected = await reference.KeywordSearchAsync(words, 50, cancellationToken: Ct).ToListAsync(Ct);
                var actual = await collection.KeywordSearchAsync(words, 50, cancellationToken: Ct).ToListAsync(Ct);
                Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task ExecuteAsync(string path, Func<(string Name, string TextColumn), string> sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var find = connection.CreateCommand();

        // The collection's FTS5 table is named <table>_x<text column>.
        find.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5(%'";
        var fts = (string)(await find.ExecuteScalarAsync(Ct))!;
        var split = fts.IndexOf("_x", StringComparison.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = sql((fts[..split], fts[(split + 2)..]));
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static string RandomText(Random random) =>
        random.Next(12) == 0 ? "" : string.Join(' ', Enumerable.Range(0, random.Next(1, 14)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    private static string Tenant(Random random) => random.Next(3) == 0 ? TenantA : "tenant:b";

    private static ChunkLikeRecord Chunk(string text, Random random) =>
        new() { Id = Guid.NewGuid(), Text = text, Tags = [Tenant(random)], Embedding = new float[] { 1, random.Next(1, 5) } };

    private static ChunkLikeRecord Chunk(string text, string tenant) =>
        new() { Id = Guid.NewGuid(), Text = text, Tags = [tenant], Embedding = new float[] { 1, 0 } };

    private sealed record Setup(
        string Path, SqliteVectorStore Store, SqliteVectorStore Fts5, SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Collection,
        SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Reference, Random Random, List<ChunkLikeRecord> Live) : IDisposable
    {
        public void Dispose()
        {
            Store.Dispose();
            Fts5.Dispose();
        }
    }
}
