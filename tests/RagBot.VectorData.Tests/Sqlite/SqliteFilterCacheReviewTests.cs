using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// Review attacks on the remembered filter rows (issue #17): a collection dropped and recreated under the same name by
/// another store (a reindex from the CLI) with the tenants' rows swapped, a VACUUM in between, and OR / NOT filters
/// whose values are substrings of other tenants' tags. The oracle is a store that never remembers rows and scores in
/// float32 only.
/// </summary>
public sealed class SqliteFilterCacheReviewTests : IDisposable
{
    private const int Dimensions = 24;
    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collection_recreated_by_another_store_with_swapped_tenants_never_returns_the_old_tenants_rows()
    {
        var path = directory.File("recreate.db");
        using var api = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var cli = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var oracle = Oracle(path);
        var random = new Random(17);
        var first = Rows(random, 2_400, i => i % 3 == 0 ? "tenant:a" : "tenant:b");
        await Chunks(cli).EnsureCollectionExistsAsync(Cancel);
        await Chunks(cli).UpsertAsync(first, Cancel);
        var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = r => r.Tags.Contains("tenant:a") };
        var query = Vector(random);
        _ = await Chunks(api).SearchAsync(query, 10, options, Cancel).ToListAsync(Cancel);

        // The CLI drops and rebuilds the collection: the same texts, the tenants swapped, and many more writes so the
        // new change counter passes the one the API remembered.
        await Chunks(cli).EnsureCollectionDeletedAsync(Cancel);
        await Chunks(cli).EnsureCollectionExistsAsync(Cancel);
        var second = first.Select(r => new ChunkLikeRecord
        {
            Id = Guid.NewGuid(), Text = r.Text, Embedding = r.Embedding, Tags = [r.Tags[0] == "tenant:a" ? "tenant:b" : "tenant:a"],
        }).ToList();
        foreach (var batch in second.Chunk(100))
        {
            await Chunks(cli).UpsertAsync(batch, Cancel);
        }

        await VacuumAsync(path);
        var expected = await Chunks(oracle).SearchAsync(query, 10, options, Cancel).ToListAsync(Cancel);
        var actual = await Chunks(api).SearchAsync(query, 10, options, Cancel).ToListAsync(Cancel);

        Assert.All(actual, hit => Assert.Equal(["tenant:a"], hit.Record.Tags));
        Assert.Equal(Hits(expected), Hits(actual));
    }

    [Fact]
    public async Task Or_and_not_filters_over_substring_tags_match_the_uncached_float_scan_across_writes_and_a_vacuum()
    {
        var path = directory.File("ornot.db");
        using var api = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, MaxSearchParallelism = 2, MinimumVectorsPerPartition = 300 });
        using var writer = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var oracle = Oracle(path);
        var random = new Random(5);
        string[] tags = ["t:a", "t:ab", "t:A", "t:a ", "t:b"];
        var rows = Rows(random, 3_000, i => tags[i % tags.Length]);
        await Chunks(writer).EnsureCollectionExistsAsync(Cancel);
        await Chunks(writer).UpsertAsync(rows, Cancel);
        System.Linq.Expressions.Expression<Func<ChunkLikeRecord, bool>>[] filters =
        [
            r => r.Tags.Contains("t:a"),
            r => r.Tags.Contains("t:a") || r.Tags.Contains("t:b"),
            r => !r.Tags.Contains("t:ab"),
            r => !(r.Tags.Contains("t:a") || r.Tags.Contains("t:A")) && r.Text != "x",
        ];

        for (var round = 0; round < 4; round++)
        {
            var query = Vector(random);
            foreach (var filter in filters)
            {
                foreach (var (top, skip) in new[] { (1, 0), (10, 3), (700, 0), (5_000, 0) })
                {
                    var options = new VectorSearchOptions<ChunkLikeRecord> { Filter = filter, Skip = skip };
                    var expected = await Chunks(oracle).SearchAsync(query, top, options, Cancel).ToListAsync(Cancel);
                    var actual = await Chunks(api).SearchAsync(query, top, options, Cancel).ToListAsync(Cancel);
                    Assert.Equal(Hits(expected), Hits(actual));
                }
            }

            // Re-tag a slice (ver moves), delete another, add rows, then compact the file from outside.
            var retag = rows.Skip(round * 50).Take(50).ToList();
            retag.ForEach(r => r.Tags = [tags[(Array.IndexOf(tags, r.Tags[0]) + 1) % tags.Length]]);
            await Chunks(writer).UpsertAsync(retag, Cancel);
            await Chunks(api).DeleteAsync(rows.Skip(1_000 + (round * 40)).Take(40).Select(r => r.Id), Cancel);
            await Chunks(writer).UpsertAsync(Rows(random, 30, i => tags[(i + round) % tags.Length]), Cancel);
            await VacuumAsync(path);
        }
    }

    private static SqliteVectorStore Oracle(string path) =>
        new(new SqliteVectorStoreOptions { DatabasePath = path, FilterCacheMegabytes = 0, Quantization = SqliteVectorQuantization.None });

    private static async Task VacuumAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM;";
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private static List<ChunkLikeRecord> Rows(Random random, int count, Func<int, string> tagOf) =>
        Enumerable.Range(0, count).Select(i => new ChunkLikeRecord
        {
            Id = Guid.NewGuid(),
            Text = $"row {i}",
            Tags = [tagOf(i)],
            // Every seventh row repeats its neighbour's vector: equal scores at the cut.
            Embedding = i % 7 == 6 ? Cluster(new Random(i - 1)) : Cluster(new Random(i)),
        }).ToList();

    private static float[] Cluster(Random random) =>
        Enumerable.Range(0, Dimensions).Select(d => (float)(Math.Cos(d) + ((random.NextDouble() - 0.5) * 0.03))).ToArray();

    private static float[] Vector(Random random) => Enumerable.Range(0, Dimensions).Select(d => (float)(Math.Cos(d) + random.NextDouble() - 0.5)).ToArray();

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        store.GetCollection<Guid, ChunkLikeRecord>("review", ChunkLikeRecord.Definition(Dimensions));

    private static List<(Guid, double?)> Hits(List<VectorSearchResult<ChunkLikeRecord>> hits) => hits.Select(hit => (hit.Record.Id, hit.Score)).ToList();

    public void Dispose() => directory.Dispose();
}
