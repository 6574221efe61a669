using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// An outsider's texts and write patterns against the keyword copy kept current by deltas: FTS5 syntax, combining
/// marks, CJK, emoji, NUL, lone surrogates, null, whitespace, a term repeated past 65,535, tags changed by a re-upsert
/// in the same batch, writers racing through two collection objects. After every write the copy answers exactly as
/// FTS5's bm25() does on the committed state (a second store on the same file with the copy off), filtered or not.
/// </summary>
public sealed class SqliteKeywordDeltaHostileTests : IDisposable
{
    private const string TenantA = "tenant:a";
    private const string TenantB = "tenant:b";

    // One row in a few: its filter takes the allow-list path (ranking only the passing rows) once the rows are remembered.
    private const string TenantC = "tenant:c";

    private static readonly string[] HostileTexts =
    [
        "NEAR(walrus heron, 2) walrus", "\"quoted walrus\" heron*", "-walrus +heron ^ice", "Text: walrus text:heron", "walrus AND heron OR NOT ice",
        "cafe\u0301 café CAFÉ cafe", "東京タワー 東京 タワー walrus", "🦭 walrus 🦭🦭 heron", "wal\0rus heron\0", "\uD800 walrus \uDC00 heron \uDBFF",
        "   \t\n  ", "", "ﬁnance ﬃ ＷＡＬＲＵＳ ｗａｌｒｕｓ", "Ⅻ ½ ² walrus walruses walrus's", "a\u200Bb walrus\u00A0heron",
    ];

    private static readonly string[] QueryWords =
    [
        "walrus", "heron", "ice", "NEAR", "quoted", "text", "café", "cafe", "東京", "タワー", "🦭", "wal", "rus", "finance", "ⅻ", "AND", "NOT", "*", "\"", "-",
        "walrus's", "wal-rus", "text:walrus", "heron*", "東京タワー", "ＷＡＬＲＵＳ", "a\u200Bb",
    ];

    private readonly TempDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Hostile_texts_written_and_rewritten_keep_the_copy_equal_to_fts5_for_every_tenant()
    {
        var (store, fts5) = Open("hostile.db");
        using var owned = store;
        using var ownedFts5 = fts5;
        var (collection, reference) = await CreateAsync(store, fts5);
        var random = new Random(4242);
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        await collection.UpsertAsync([.. ids.Select((id, i) => Chunk(id, HostileTexts[i], i % 2 == 0 ? TenantA : TenantB))], Ct);
        await AssertSameAsFts5Async(collection, reference);

        for (var step = 0; step < 40; step++)
        {
            // A key re-upserted twice in one batch with other text and the other tenant's tag, beside new keys and nulls.
            var id = ids[random.Next(ids.Length)];
            await collection.UpsertAsync(
            [
                Chunk(id, HostileTexts[random.Next(HostileTexts.Length)], TenantA),
                Chunk(Guid.NewGuid(), HostileTexts[random.Next(HostileTexts.Length)], TenantB),
                Chunk(id, random.Next(5) == 0 ? null : HostileTexts[random.Next(HostileTexts.Length)], random.Next(2) == 0 ? TenantA : TenantB),
                Chunk(Guid.NewGuid(), HostileTexts[random.Next(HostileTexts.Length)], random.Next(4) == 0 ? TenantC : TenantB),
            ], Ct);
            if (step % 5 == 4)
            {
                await collection.DeleteAsync([ids[random.Next(ids.Length)], Guid.NewGuid()], Ct);
            }

            await AssertSameAsFts5Async(collection, reference);
        }

        Assert.Equal(0, store.KeywordCounters.Fts5Answers);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
    }

    [Fact]
    public async Task A_term_repeated_past_65535_times_falls_back_to_fts5_and_its_delete_brings_the_copy_back()
    {
        var (store, fts5) = Open("repeated.db");
        using var owned = store;
        using var ownedFts5 = fts5;
        var (collection, reference) = await CreateAsync(store, fts5);
        await collection.UpsertAsync([Chunk(Guid.NewGuid(), "walrus heron", TenantA), Chunk(Guid.NewGuid(), "heron ice", TenantB)], Ct);
        await AssertSameAsFts5Async(collection, reference);

        var huge = Chunk(Guid.NewGuid(), string.Join(' ', Enumerable.Repeat("walrus", 70_000)) + " heron", TenantB);
        await collection.UpsertAsync([huge], Ct);
        await AssertSameAsFts5Async(collection, reference);
        await collection.UpsertAsync([Chunk(Guid.NewGuid(), "walrus ice", TenantA)], Ct);
        await AssertSameAsFts5Async(collection, reference);

        await collection.DeleteAsync(huge.Id, Ct);
        for (var attempt = 0; attempt < 20 && store.KeywordCounters.Fts5Answers > 0; attempt++)
        {
            await AssertSameAsFts5Async(collection, reference);
            await Task.Delay(50, Ct);
        }

        var answered = store.KeywordCounters.Fts5Answers;
        await collection.UpsertAsync([Chunk(Guid.NewGuid(), "walrus walrus", TenantB)], Ct);
        await AssertSameAsFts5Async(collection, reference);
        Assert.Equal(answered, store.KeywordCounters.Fts5Answers);
    }

    [Fact]
    public async Task Two_collection_objects_of_one_store_writing_at_once_keep_the_copy_equal_to_fts5()
    {
        var (store, fts5) = Open("two-objects.db");
        using var owned = store;
        using var ownedFts5 = fts5;
        var (first, reference) = await CreateAsync(store, fts5);
        var second = Chunks(store);
        var shared = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        await first.UpsertAsync([.. shared.Select(id => Chunk(id, "walrus heron", TenantA))], Ct);
        await AssertSameAsFts5Async(first, reference);

        // Both rewrite the same keys (text and tenant) and delete them, racing.
        var writers = new[] { first, second }.Select((collection, w) => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 40; i++)
            {
                var id = shared[random.Next(shared.Length)];
                await collection.UpsertAsync([Chunk(id, HostileTexts[random.Next(HostileTexts.Length)], w == 0 ? TenantA : TenantB), Chunk(Guid.NewGuid(), "ice walrus", TenantB)], Ct);
                if (i % 7 == 0)
                {
                    await collection.DeleteAsync(shared[random.Next(shared.Length)], Ct);
                }
            }
        }, Ct)).ToList();
        await Task.WhenAll(writers);

        await AssertSameAsFts5Async(first, reference);
        await AssertSameAsFts5Async(second, reference);
        Assert.Equal(1, store.KeywordCounters.Rebuilds);
    }

    [Fact]
    public async Task Readers_of_one_tenant_never_see_the_other_tenants_rows_while_writes_move_rows_between_tenants()
    {
        var (store, fts5) = Open("tenant-race.db");
        using var owned = store;
        using var ownedFts5 = fts5;
        var (collection, reference) = await CreateAsync(store, fts5);
        var moving = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToArray();
        await collection.UpsertAsync([.. moving.Select((id, i) => Chunk(id, "walrus heron", i % 2 == 0 ? TenantA : TenantB))], Ct);
        await collection.UpsertAsync([.. Enumerable.Range(0, 200).Select(_ => Chunk(Guid.NewGuid(), "ice river", TenantB))], Ct);
        await AssertSameAsFts5Async(collection, reference);

        // Every write moves rows between tenants (same keys: the rows keep their ids) and changes their text.
        var writer = Task.Run(async () =>
        {
            for (var round = 0; round < 150; round++)
            {
                await collection.UpsertAsync(
                    [.. moving.Select((id, i) => Chunk(id, (i + round) % 3 == 0 ? "walrus walrus" : "walrus heron ice", (i + round) % 2 == 0 ? TenantA : TenantB))], Ct);
            }
        }, Ct);
        var readers = new[] { TenantA, TenantB }.Select(tenant => Task.Run(async () =>
        {
            var queries = 0;
            while (!writer.IsCompleted || queries == 0)
            {
                if (queries % 10 == 0)
                {
                    _ = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0.5f]), 3, new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant) }, Ct).ToListAsync(Ct);
                }

                foreach (var top in new[] { 2, 50 })
                {
                    var hits = await collection.KeywordSearchAsync(["walrus", "ice"], top, new() { Filter = r => r.Tags.Contains(tenant) }, Ct).ToListAsync(Ct);
                    Assert.All(hits, hit => Assert.Equal([tenant], hit.Record.Tags));
                }

                queries++;
            }
        }, Ct)).ToList();
        await writer;
        await Task.WhenAll(readers);
        await AssertSameAsFts5Async(collection, reference);
    }

    /// <summary>A store on a new file and a second one on the same file with the keyword copy off: FTS5's own answers.</summary>
    private (SqliteVectorStore Store, SqliteVectorStore Fts5) Open(string file)
    {
        var path = directory.File(file);
        return (new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path }),
                new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false }));
    }

    private static async Task<(SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Collection, SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Reference)> CreateAsync(
        SqliteVectorStore store, SqliteVectorStore fts5)
    {
        var collection = Chunks(store);
        await collection.EnsureCollectionExistsAsync(Ct);
        return (collection, Chunks(fts5));
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        (SqliteVectorStoreCollection<Guid, ChunkLikeRecord>)store.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(2));

    private static ChunkLikeRecord Chunk(Guid id, string? text, string tenant) =>
        new() { Id = id, Text = text!, Tags = [tenant], Embedding = new float[] { 1, 0.5f } };

    /// <summary>
    /// Every query word alone and in pairs, unfiltered and per tenant, shallow and deep: same rows, same doubles. A vector
    /// search per tenant first has the store remember each filter's rows, as a chat's vector leg does.
    /// </summary>
    private static async Task AssertSameAsFts5Async(SqliteVectorStoreCollection<Guid, ChunkLikeRecord> collection, SqliteVectorStoreCollection<Guid, ChunkLikeRecord> reference)
    {
        foreach (var tenant in new[] { TenantA, TenantB, TenantC })
        {
            _ = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0.5f]), 3, new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains(tenant) }, Ct).ToListAsync(Ct);
        }

        var queries = QueryWords.Select(word => new[] { word }).Concat(QueryWords.Zip(QueryWords.Skip(1), (a, b) => new[] { a, b, a }));
        foreach (var words in queries)
        {
            foreach (var options in new Func<HybridSearchOptions<ChunkLikeRecord>?>[]
                     { () => null, () => new() { Filter = r => r.Tags.Contains(TenantA) }, () => new() { Filter = r => r.Tags.Contains(TenantB) },
                       () => new() { Filter = r => r.Tags.Contains(TenantC) } })
            {
                foreach (var top in new[] { 3, 200 })
                {
                    var expected = await reference.KeywordSearchAsync(words, top, options(), Ct).ToListAsync(Ct);
                    var actual = await collection.KeywordSearchAsync(words, top, options(), Ct).ToListAsync(Ct);
                    Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score, hit.Record.Tags[0])), actual.Select(hit => (hit.Record.Id, hit.Score, hit.Record.Tags[0])));
                }
            }
        }
    }
}
