using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>Bad files, schema mismatches, other writers and a killed writer process.</summary>
public sealed class SqliteFaultTests : IDisposable
{
    private readonly TempDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_with_a_clear_error_and_is_left_alone()
    {
        var path = directory.File("garbage.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray();
        await File.WriteAllBytesAsync(path, garbage, Ct);
        using var store = new SqliteVectorStore(path);

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => store.CollectionExistsAsync("x", Ct));

        Assert.Contains("corrupted or is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task A_foreign_sqlite_database_is_refused()
    {
        var path = directory.File("foreign.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Ada');";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var before = await File.ReadAllBytesAsync(path, Ct);
        using var store = new SqliteVectorStore(path);
        var error = await Assert.ThrowsAsync<VectorStoreException>(async () => await store.ListCollectionNamesAsync(Ct).ToListAsync(Ct));

        Assert.Contains("not a RagBot vector store", error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task Reopening_a_collection_with_another_dimension_names_both()
    {
        var path = directory.File("dims.db");
        using (var store = new SqliteVectorStore(path))
        {
            await store.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(4)).EnsureCollectionExistsAsync(Ct);
        }

        using var reopened = new SqliteVectorStore(path);
        var collection = reopened.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(8));
        var error = await Assert.ThrowsAsync<VectorStoreException>(() => collection.EnsureCollectionExistsAsync(Ct));

        Assert.Contains("4 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_filters_name_the_construct()
    {
        using var store = new SqliteVectorStore(directory.File("filters.db"));
        var collection = store.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(Ct);

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await collection.GetAsync(r => r.Text.EndsWith("xy", StringComparison.Ordinal), 5, cancellationToken: Ct).ToListAsync(Ct));

        Assert.Contains("EndsWith", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_sees_writes_made_through_another_store_object_on_the_same_file()
    {
        var path = directory.File("shared.db");
        using var reader = new SqliteVectorStore(path);
        using var writer = new SqliteVectorStore(path);
        var readSide = reader.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(2));
        var writeSide = writer.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(2));
        await writeSide.EnsureCollectionExistsAsync(Ct);
        var first = new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "first", Embedding = new float[] { 1, 0 } };
        await writeSide.UpsertAsync(first, Ct);
        Assert.Equal("first", (await readSide.SearchAsync(new float[] { 0, 1 }, 1, cancellationToken: Ct).SingleAsync(Ct)).Record.Text);

        await writeSide.UpsertAsync(new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "second", Embedding = new float[] { 0, 1 } }, Ct);
        await writeSide.DeleteAsync(first.Id, Ct);

        var hits = await readSide.SearchAsync(new float[] { 0, 1 }, 5, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal("second", Assert.Single(hits).Record.Text);

        var moved = hits[0].Record;
        moved.Embedding = new float[] { 1, 0 };
        await writeSide.UpsertAsync(moved, Ct);
        await readSide.UpsertAsync(new ChunkLikeRecord { Id = Guid.NewGuid(), Text = "third", Embedding = new float[] { 0, 1 } }, Ct);

        var ranked = await readSide.SearchAsync(new float[] { 0, 1 }, 5, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(["third", "second"], ranked.Select(h => h.Record.Text));
        Assert.Equal(0.0, ranked[1].Score!.Value, 5);
    }

    [Fact]
    public async Task A_disposed_store_refuses_work()
    {
        var store = new SqliteVectorStore(directory.File("disposed.db"));
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CollectionExistsAsync("x", Ct));
    }

    [Fact]
    public async Task A_writer_killed_mid_batch_leaves_every_batch_fully_applied_or_absent()
    {
        var path = directory.File("crash.db");
        var committed = await RunAndKillWriterAsync(path);

        using var store = new SqliteVectorStore(path);
        var collection = store.GetCollection<Guid, ChunkLikeRecord>(CrashWriter.CollectionName, ChunkLikeRecord.Definition(CrashWriter.Dimensions));
        for (var batch = 0; batch <= committed + 2; batch++)
        {
            var name = CrashWriter.BatchName(batch);
            var count = await collection.GetAsync(r => r.DocumentId == name, 10_000, cancellationToken: Ct).CountAsync(Ct);
            if (batch <= committed)
            {
                Assert.Equal(CrashWriter.BatchSize, count);
            }
            else
            {
                Assert.True(count is 0 or CrashWriter.BatchSize, $"batch {batch} has {count} of {CrashWriter.BatchSize} records after the crash");
            }
        }

        var hits = await collection.KeywordSearchAsync(["record"], 5, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(5, hits.Count);
    }

    public void Dispose() => directory.Dispose();

    /// <summary>Starts this test assembly as the crash writer, waits for a few commits, kills it mid-write.</summary>
    private static async Task<int> RunAndKillWriterAsync(string path)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashWriter).Assembly.Location);
        start.Environment[CrashWriter.DatabaseVariable] = path;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the writer process");
        var committed = -1;
        try
        {
            while (committed < 3)
            {
                var line = await child.StandardOutput.ReadLineAsync(Ct)
                    ?? throw new InvalidOperationException($"writer exited early: {await child.StandardError.ReadToEndAsync(Ct)}");
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    committed = int.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            await Task.Delay(Random.Shared.Next(1, 25), Ct);
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(Ct);
        }

        return committed;
    }
}
