using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// A row moving between tenants while searches run (a document re-uploaded with other tags): a tenant's search must
/// never hand back a record that, as returned, carries another tenant's tag.
/// </summary>
public sealed class SqliteRetagRaceTests : IDisposable
{
    private const int Dimensions = 16;
    private readonly TempDirectory directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_row_retagged_during_a_search_is_never_returned_with_the_other_tenants_tag(bool sameStore)
    {
        var path = directory.File($"retag-{sameStore}.db");
        using var searcher = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var other = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var writer = sameStore ? searcher : other;
        await Chunks(writer).EnsureCollectionExistsAsync(Cancel);
        await Chunks(writer).UpsertAsync(Enumerable.Range(1, 400).Select(i => Chunk(Guid.NewGuid(), i, i % 2 == 0 ? "tenant:a" : "tenant:b")).ToList(), Cancel);
        var moving = Guid.NewGuid();
        await Chunks(writer).UpsertAsync(Chunk(moving, 0, "tenant:a"), Cancel);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var flips = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await Chunks(writer).UpsertAsync(Chunk(moving, 0, i % 2 == 0 ? "tenant:b" : "tenant:a"), Cancel);
            }
        }, Cancel);

        var leaks = 0;
        var searches = 0;
        var started = DateTime.UtcNow;
        try
        {
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(3))
            {
                foreach (var tenant in new[] { "tenant:a", "tenant:b" })
                {
                    var hits = await Chunks(searcher).SearchAsync(Vector(0), 3, new() { Filter = r => r.Tags.Contains(tenant) }, Cancel).ToListAsync(Cancel);
                    searches++;
                    leaks += hits.Count(hit => !hit.Record.Tags.Contains(tenant));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flips;
        }

        Assert.True(leaks == 0, $"{leaks} records of another tenant returned in {searches} searches");
    }

    private static SqliteVectorStoreCollection<Guid, ChunkLikeRecord> Chunks(SqliteVectorStore store) =>
        store.GetCollection<Guid, ChunkLikeRecord>("retag", ChunkLikeRecord.Definition(Dimensions));

    private static float[] Vector(int i) => Enumerable.Range(0, Dimensions).Select(d => (float)Math.Sin((i * 0.37) + (d * 1.3))).ToArray();

    private static ChunkLikeRecord Chunk(Guid id, int i, string tag) => new() { Id = id, Text = $"row {i}", Tags = [tag], Embedding = Vector(i) };

    public void Dispose() => directory.Dispose();
}
