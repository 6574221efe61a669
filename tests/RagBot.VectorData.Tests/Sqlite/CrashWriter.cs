using System.Runtime.CompilerServices;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The child process of the crash test: when the test assembly is started with <see cref="DatabaseVariable"/> set,
/// it upserts batches forever (reporting each commit on stdout) instead of running tests, until it is killed.
/// </summary>
internal static class CrashWriter
{
    public const string DatabaseVariable = "RAGBOT_VECTOR_CRASH_WRITER_DB";
    public const string CollectionName = "crash";
    public const int BatchSize = 400;
    public const int Dimensions = 16;

    [ModuleInitializer]
    internal static void RunWhenAsked()
    {
        var path = Environment.GetEnvironmentVariable(DatabaseVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        try
        {
            WriteForeverAsync(path).GetAwaiter().GetResult();
        }
        finally
        {
            Environment.Exit(3);
        }
    }

    public static string BatchName(int batch) => $"batch-{batch}";

    private static async Task WriteForeverAsync(string path)
    {
        using var store = new SqliteVectorStore(path);
        var collection = store.GetCollection<Guid, ChunkLikeRecord>(CollectionName, ChunkLikeRecord.Definition(Dimensions));
        await collection.EnsureCollectionExistsAsync();
        for (var batch = 0; ; batch++)
        {
            var records = Enumerable.Range(0, BatchSize).Select(i => new ChunkLikeRecord
            {
                Id = Guid.NewGuid(),
                DocumentId = BatchName(batch),
                Ordinal = i,
                Text = $"batch {batch} record {i} with some words to index",
                Tags = ["crash", $"n:{i % 7}"],
                Embedding = Enumerable.Range(0, Dimensions).Select(d => (float)Math.Sin(batch + i + d)).ToArray(),
            });
            await collection.UpsertAsync(records);
            Console.WriteLine($"committed {batch}");
        }
    }
}
