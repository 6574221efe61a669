using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The in-memory keyword postings answer exactly as FTS5's bm25() (same rows, same order, same scores) on real text,
/// honour filters (no other tenant's rows), and stay consistent while other tasks upsert and delete.
/// </summary>
public sealed class SqliteInMemoryKeywordIndexTests : IDisposable
{
    private static readonly string[][] Queries =
    [
        ["vector", "store", "keyword", "search"], ["upload", "documents", "tenant"], ["the", "chat", "answer", "citations", "citations"],
        ["configuration", "setting", "default"], ["ingestion", "chunk", "embedding", "model"], ["running", "ran", "runs"],
        ["qdrant", "sqlite", "postgresql"], ["nothingmatchesthisword"], ["API", "key", "authentication", "errors", "problem"],
    ];

    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Postings_rank_and_score_exactly_as_fts5_on_real_text_with_and_without_filters()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = directory.File("parity.db");
        using var postings = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var collection = postings.GetCollection<Guid, ChunkLikeRecord>("docs", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(ct);
        await collection.UpsertAsync(RealParagraphs(), ct);
        var reference = fts5.GetCollection<Guid, ChunkLikeRecord>("docs", ChunkLikeRecord.Definition(2));

        foreach (var query in Queries)
        {
            foreach (var options in new HybridSearchOptionsFactory[] { () => null, () => new() { Filter = r => r.Tags.Contains("tenant:a") }, () => new() { Skip = 3 } })
            {
                var expected = await reference.KeywordSearchAsync(query, 25, options(), ct).ToListAsync(ct);
                var actual = await collection.KeywordSearchAsync(query, 25, options(), ct).ToListAsync(ct);
                Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
            }
        }

        var tenantB = await collection.KeywordSearchAsync(["the", "a", "store"], 1000, new() { Filter = r => r.Tags.Contains("tenant:b") }, ct).ToListAsync(ct);
        Assert.NotEmpty(tenantB);
        Assert.All(tenantB, hit => Assert.Contains("tenant:b", hit.Record.Tags));
    }

    [Fact]
    public async Task Queries_during_concurrent_upserts_and_deletes_see_whole_batches_and_end_equal_to_a_fresh_rebuild()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = directory.File("concurrent.db");
        var paragraphs = RealParagraphs();
        using (var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path }))
        {
            var collection = store.GetCollection<Guid, ChunkLikeRecord>("live", ChunkLikeRecord.Definition(2));
            await collection.EnsureCollectionExistsAsync(ct);
            await collection.UpsertAsync(paragraphs.Take(40), ct);
            _ = await collection.KeywordSearchAsync(["store"], 5, cancellationToken: ct).ToListAsync(ct);

            // Each batch carries its own marker word, in every one of its records: a query for the marker must find
            // the whole batch or none of it (one committed state), whichever path (postings or FTS5) answers.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writer = Task.Run(async () =>
            {
                for (var batch = 0; batch < 30; batch++)
                {
                    var records = paragraphs.Skip(40 + (batch % 10 * 5)).Take(5)
                        .Select(p => new ChunkLikeRecord { Id = Guid.NewGuid(), Text = $"{p.Text} marker{batch % 3}", Tags = p.Tags, Embedding = p.Embedding })
                        .ToList();
                    await collection.UpsertAsync(records, ct);
                    await collection.DeleteAsync(records.Take(batch % 2 == 0 ? 5 : 0).Select(r => r.Id), ct);
                }
            }, ct);
            var violations = new List<string>();
            while (!writer.IsCompleted)
            {
                var hits = await collection.KeywordSearchAsync(["marker0", "marker1", "marker2"], 1000, cancellationToken: ct).ToListAsync(ct);
                var counts = hits.GroupBy(hit => hit.Record.Text[^7..]).Select(group => group.Count());
                violations.AddRange(counts.Where(count => count % 5 != 0).Select(count => $"partial batch: {count} hits"));
            }

            await writer;
            Assert.Empty(violations);
            await AssertSameAsFts5Async(collection, path, ct);
        }

        // Reopened: the postings are rebuilt from the SQLite file alone.
        using var reopened = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        await AssertSameAsFts5Async(reopened.GetCollection<Guid, ChunkLikeRecord>("live", ChunkLikeRecord.Definition(2)), path, ct);
    }

    private static async Task AssertSameAsFts5Async(SqliteVectorStoreCollection<Guid, ChunkLikeRecord> collection, string path, CancellationToken ct)
    {
        using var fts5 = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, InMemoryKeywordIndex = false });
        var reference = fts5.GetCollection<Guid, ChunkLikeRecord>("live", ChunkLikeRecord.Definition(2));
        foreach (var query in Queries.Append(["marker0", "marker1", "marker2", "store"]))
        {
            var expected = await reference.KeywordSearchAsync(query, 50, cancellationToken: ct).ToListAsync(ct);

            // A refresh may still be running after the last write: the answer is the same either way, and the next
            // query after it ends comes from the new postings.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var actual = await collection.KeywordSearchAsync(query, 50, cancellationToken: ct).ToListAsync(ct);
                Assert.Equal(expected.Select(hit => (hit.Record.Id, hit.Score)), actual.Select(hit => (hit.Record.Id, hit.Score)));
                await Task.Delay(50, ct);
            }
        }
    }

    /// <summary>Paragraphs of the repository's own guides: real English text, tagged into two tenants.</summary>
    private static List<ChunkLikeRecord> RealParagraphs()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RagBot.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var paragraphs = Directory.GetFiles(Path.Combine(root.FullName, "docs", "guide"), "*.md").Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadAllText(file).Split("\n\n"))
            .Where(text => text.Length > 80)
            .Take(400)
            .ToList();
        return [.. paragraphs.Select((text, i) => new ChunkLikeRecord
        {
            Id = Guid.NewGuid(),
            Text = text,
            Tags = [i % 3 == 0 ? "tenant:a" : "tenant:b"],
            Embedding = new float[] { 1, i % 7 },
        })];
    }

    private delegate Microsoft.Extensions.VectorData.HybridSearchOptions<ChunkLikeRecord>? HybridSearchOptionsFactory();

    public void Dispose() => directory.Dispose();
}
