using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>Keys, data types, vector types and the dynamic collection of the SQLite store.</summary>
public sealed class SqliteDataTypesTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly SqliteVectorStore store;

    public SqliteDataTypesTests() => store = new SqliteVectorStore(directory.File("types.db"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_supported_data_type_round_trips_and_filters()
    {
        var collection = store.GetCollection<long, AllTypesRecord>("all-types");
        await collection.EnsureCollectionExistsAsync(Ct);
        var created = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));
        var original = Sample(7, created);
        await collection.UpsertAsync([original, Sample(8, created.AddDays(1))], Ct);

        var loaded = await collection.GetAsync(7L, new RecordRetrievalOptions { IncludeVectors = true }, Ct);

        Assert.NotNull(loaded);
        Assert.Equal((original.Name, original.Note, original.Count, original.MaybeCount, original.Big, original.Small, original.Tiny, original.Flag),
            (loaded.Name, loaded.Note, loaded.Count, loaded.MaybeCount, loaded.Big, loaded.Small, loaded.Tiny, loaded.Flag));
        Assert.Equal((original.Ratio, original.Precise, original.Price, original.Reference, original.LocalTime, original.Day, original.Clock),
            (loaded.Ratio, loaded.Precise, loaded.Price, loaded.Reference, loaded.LocalTime, loaded.Day, loaded.Clock));
        Assert.Equal(created, loaded.CreatedAt);
        Assert.Equal(original.Labels, loaded.Labels);
        Assert.Equal(original.Vector, loaded.Vector);
        Assert.Equal(original.Second!.Vector.ToArray(), loaded.Second!.Vector.ToArray());

        var cutoff = created.AddHours(1);
        Assert.Equal(new long[] { 8L }, await IdsAsync(collection.GetAsync(r => r.CreatedAt > cutoff, 10, cancellationToken: Ct)));
        Assert.Equal(new long[] { 7L, 8L }, await IdsAsync(collection.GetAsync(r => r.Note == null, 10, cancellationToken: Ct)));
        Assert.Equal(new long[] { 7L, 8L }, await IdsAsync(collection.GetAsync(r => r.Note != "x", 10, cancellationToken: Ct)));
        Assert.Equal(new long[] { 7L, 8L }, await IdsAsync(collection.GetAsync(r => !(r.Note == "x"), 10, cancellationToken: Ct)));
        Assert.Equal(new long[] { 7L }, await IdsAsync(collection.GetAsync(r => r.MaybeCount == 3, 10, cancellationToken: Ct)));
        Assert.Equal(new long[] { 7L }, await IdsAsync(collection.GetAsync(r => r.Labels.Contains("seven"), 10, cancellationToken: Ct)));
        Assert.Equal(new long[] { 8L }, await IdsAsync(collection.GetAsync(r => r.Price >= 8.5m, 10, cancellationToken: Ct)));
        string[] names = ["item-8", "nothing"];
        Assert.Equal(new long[] { 8L }, await IdsAsync(collection.GetAsync(r => names.Contains(r.Name), 10, cancellationToken: Ct)));
    }

    [Fact]
    public async Task Search_uses_the_named_vector_property_and_its_distance_function()
    {
        var collection = store.GetCollection<long, AllTypesRecord>("multi-vector");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync([Sample(1, DateTimeOffset.UnixEpoch), Sample(2, DateTimeOffset.UnixEpoch)], Ct);

        var byDot = await collection.SearchAsync(new float[] { 0, 0, 1 }, 2,
            new VectorSearchOptions<AllTypesRecord> { VectorProperty = r => r.Vector }, Ct).ToListAsync(Ct);
        Assert.Equal(2, byDot.Count);
        var byEuclid = await collection.SearchAsync(new Embedding<float>(new float[] { 2, 0 }), 1,
            new VectorSearchOptions<AllTypesRecord> { VectorProperty = r => r.Second }, Ct).SingleAsync(Ct);

        Assert.Equal(2L, byDot[0].Record.Id);
        Assert.Equal(2L, byEuclid.Record.Id);
        Assert.Equal(0.0, byEuclid.Score!.Value, 5);
    }

    [Fact]
    public async Task String_keys_and_auto_generated_guid_keys_work()
    {
        var strings = store.GetCollection<string, ConformanceLikeStringKeyed>("string-keys");
        await strings.EnsureCollectionExistsAsync(Ct);
        await strings.UpsertAsync(new ConformanceLikeStringKeyed { Key = "doc/1#a", Text = "hello", Vector = new float[] { 1, 0 } }, Ct);
        Assert.Equal("hello", (await strings.GetAsync("doc/1#a", cancellationToken: Ct))?.Text);

        var guids = store.GetCollection<Guid, ChunkLikeRecord>("auto-keys", ChunkLikeRecord.Definition(2));
        await guids.EnsureCollectionExistsAsync(Ct);
        var record = new ChunkLikeRecord { Text = "generated", Embedding = new float[] { 0, 1 } };
        await guids.UpsertAsync(record, Ct);
        Assert.NotEqual(Guid.Empty, record.Id);
        Assert.Equal("generated", (await guids.GetAsync(record.Id, cancellationToken: Ct))?.Text);
    }

    [Fact]
    public async Task Dynamic_collection_stores_and_searches_dictionaries()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(string)),
                new VectorStoreDataProperty("Category", typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty("Body", typeof(string)) { IsFullTextIndexed = true },
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 2),
            ],
        };
        var collection = store.GetDynamicCollection("dynamic", definition);
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(
        [
            new Dictionary<string, object?> { ["Key"] = "a", ["Category"] = "x", ["Body"] = "alpha text", ["Vector"] = new ReadOnlyMemory<float>([1, 0]) },
            new Dictionary<string, object?> { ["Key"] = "b", ["Category"] = "y", ["Body"] = "beta text", ["Vector"] = new ReadOnlyMemory<float>([0, 1]) },
        ], Ct);

        var a = await collection.GetAsync("a", cancellationToken: Ct);
        var filtered = await collection.GetAsync(r => (string)r["Category"]! == "y", 5, cancellationToken: Ct).SingleAsync(Ct);
        var nearest = await collection.SearchAsync(new ReadOnlyMemory<float>([0.1f, 1]), 1, cancellationToken: Ct).SingleAsync(Ct);
        var keyword = await ((IKeywordSearchable<Dictionary<string, object?>>)collection)
            .KeywordSearchAsync(["beta"], 2, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("alpha text", a?["Body"]);
        Assert.Equal("b", filtered["Key"]);
        Assert.Equal("b", nearest.Record["Key"]);
        Assert.Equal("b", Assert.Single(keyword).Record["Key"]);
    }

    public void Dispose()
    {
        store.Dispose();
        directory.Dispose();
    }

    private static async Task<long[]> IdsAsync(IAsyncEnumerable<AllTypesRecord> records) =>
        [.. (await records.ToListAsync(Ct)).Select(r => r.Id).Order()];

    private static AllTypesRecord Sample(long id, DateTimeOffset created) => new()
    {
        Id = id,
        Name = $"item-{id}",
        Count = (int)id * 10,
        MaybeCount = id % 2 == 0 ? null : 3,
        Big = long.MaxValue - id,
        Small = (short)-id,
        Tiny = (byte)id,
        Flag = id % 2 == 1,
        Ratio = 0.25f * id,
        Precise = Math.PI * id,
        Price = 1.1m * id,
        Reference = new Guid($"00000000-0000-0000-0000-{id:D12}"),
        LocalTime = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Unspecified).AddMinutes(id),
        CreatedAt = created,
        Day = new DateOnly(2024, 2, 29).AddDays((int)id),
        Clock = new TimeOnly(13, 14, 15).Add(TimeSpan.FromSeconds(id)),
        Labels = id == 7 ? ["seven", "odd"] : ["other"],
        Body = $"body of item {id}",
        Vector = [1, 0, id / 4f],
        Second = new Embedding<float>(new float[] { id, 0 }),
    };
}
