using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// Outside review of the key map behind GetSimilaritiesAsync: the lookup must give exactly what the SQL key-to-row
/// lookup it replaced gave (the row GetAsync returns for the key), for every input.
/// </summary>
public sealed class SimilarityKeyMapAttackTests : IDisposable
{
    private readonly TempDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class LongKeyed
    {
        [VectorStoreKey]
        public long Id { get; set; }

        [VectorStoreData]
        public string Text { get; set; } = "";

        [VectorStoreVector(2)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    public sealed class StringKeyed
    {
        [VectorStoreKey]
        public string Key { get; set; } = "";

        [VectorStoreData]
        public string Text { get; set; } = "";

        [VectorStoreVector(2)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    private static VectorStoreCollectionDefinition GuidDefinition() => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Id", typeof(Guid)),
            new VectorStoreDataProperty("Text", typeof(string)),
            new VectorStoreVectorProperty("Embedding", typeof(ReadOnlyMemory<float>), 2),
        ],
    };

    public sealed class GuidKeyed
    {
        public Guid Id { get; set; }

        public string Text { get; set; } = "";

        public ReadOnlyMemory<float> Embedding { get; set; }
    }

    /// <summary>
    /// The dynamic collection's keys are objects: a Guid and its string both name the row. The later of them answers
    /// for it, as with the SQL lookup (the first version of the key map kept whichever it named first).
    /// </summary>
    [Fact]
    public async Task Dynamic_lookup_with_a_guid_and_its_string_keeps_the_key_the_old_code_kept()
    {
        var path = directory.File("dyn-dup.db");
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var g = Guid.NewGuid();
        var typed = store.GetCollection<Guid, GuidKeyed>("c", GuidDefinition());
        await typed.EnsureCollectionExistsAsync(Ct);
        await typed.UpsertAsync(new GuidKeyed { Id = g, Embedding = new float[] { 1, 0 } }, Ct);
        var dynamic = (SqliteVectorStoreCollection<object, Dictionary<string, object?>>)store.GetDynamicCollection("c", GuidDefinition());

        var guidFirst = await dynamic.GetSimilaritiesAsync([g, g.ToString("D")], new float[] { 1, 0 }, Ct);
        var stringFirst = await dynamic.GetSimilaritiesAsync([g.ToString("D"), g], new float[] { 1, 0 }, Ct);

        Assert.NotNull(guidFirst);
        Assert.NotNull(stringFirst);
        Assert.Equal([(object)g.ToString("D")], guidFirst.Keys); // the later key answers
        Assert.Equal([(object)g], stringFirst.Keys);
    }

    /// <summary>
    /// Keys the map cannot name but SQL can (the dynamic collection asked with a Guid's string, or an int for a long
    /// key) take the row-id path, whose positions must map back to the right keys, mixed among named and unknown keys.
    /// </summary>
    [Fact]
    public async Task Dynamic_lookup_mixing_named_sql_named_and_unknown_keys_matches_ground_truth()
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("mixed.db") });
        var typed = store.GetCollection<Guid, GuidKeyed>("c", GuidDefinition());
        await typed.EnsureCollectionExistsAsync(Ct);
        var random = new Random(3);
        var records = Enumerable.Range(0, 3000).Select(i => new GuidKeyed
        {
            Id = Guid.NewGuid(),
            Embedding = new float[] { (float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5) },
        }).ToList();
        await typed.UpsertAsync(records, Ct);
        await typed.DeleteAsync(records.Where((_, i) => i % 7 == 0).Select(r => r.Id), Ct);
        var dynamic = (SqliteVectorStoreCollection<object, Dictionary<string, object?>>)store.GetDynamicCollection("c", GuidDefinition());
        float[] query = [0.2f, -0.9f];
        var asked = new List<object>();
        var expected = new Dictionary<object, double>();
        for (var i = 0; i < records.Count; i++)
        {
            object key = (i % 3) switch { 0 => records[i].Id, 1 => records[i].Id.ToString("D"), _ => random.Next(2) == 0 ? Guid.NewGuid() : Guid.NewGuid().ToString() };
            asked.Add(key);
            if (i % 3 != 2 && i % 7 != 0)
            {
                expected[key] = TensorPrimitives.CosineSimilarity(records[i].Embedding.Span, query);
            }
        }

        var scores = await dynamic.GetSimilaritiesAsync(asked, query, Ct);

        Assert.NotNull(scores);
        Assert.Equal(expected.Count, scores.Count);
        foreach (var (key, value) in expected)
        {
            Assert.True(Math.Abs(value - scores[key]) < 1e-5, $"{key}: {scores[key]} vs {value}");
        }
    }

    /// <summary>A null key is refused with an ArgumentException (the SQL lookup failed on it too; the first version of the key map skipped it).</summary>
    [Fact]
    public async Task Dynamic_lookup_with_a_null_key_is_refused()
    {
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = directory.File("null-key.db") });
        var g = Guid.NewGuid();
        var typed = store.GetCollection<Guid, GuidKeyed>("c", GuidDefinition());
        await typed.EnsureCollectionExistsAsync(Ct);
        await typed.UpsertAsync(new GuidKeyed { Id = g, Embedding = new float[] { 1, 0 } }, Ct);
        var dynamic = (SqliteVectorStoreCollection<object, Dictionary<string, object?>>)store.GetDynamicCollection("c", GuidDefinition());

        await Assert.ThrowsAsync<ArgumentException>(() => dynamic.GetSimilaritiesAsync([g, null!], new float[] { 1, 0 }, Ct));
    }

    /// <summary>Broad ground-truth check: string keys differing by case, duplicates, null vectors, deletes, re-inserts
    /// by another store, recreate, thousands of keys, both quantizations.</summary>
    [Theory]
    [InlineData(SqliteVectorQuantization.None)]
    [InlineData(SqliteVectorQuantization.Int8)]
    public async Task String_keys_match_ground_truth_through_writes_by_two_stores(SqliteVectorQuantization quantization)
    {
        var path = directory.File($"str-{quantization}.db");
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, Quantization = quantization });
        using var other = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path, Quantization = quantization });
        var mine = (SqliteVectorStoreCollection<string, StringKeyed>)store.GetCollection<string, StringKeyed>("s");
        var theirs = other.GetCollection<string, StringKeyed>("s");
        await mine.EnsureCollectionExistsAsync(Ct);
        var random = new Random(5);
        var truth = new Dictionary<string, ReadOnlyMemory<float>?>(StringComparer.Ordinal);
        string KeyOf(int i) => (i % 3) switch { 0 => $"k{i}", 1 => $"K{i}", _ => $"k{i}" + "\u00e9" };
        ReadOnlyMemory<float>? Vec() => random.Next(8) == 0 ? (ReadOnlyMemory<float>?)null : new float[] { (float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5) };

        for (var round = 0; round < 12; round++)
        {
            if (round == 6)
            {
                await mine.EnsureCollectionDeletedAsync(Ct);
                await mine.EnsureCollectionExistsAsync(Ct);
                truth.Clear();
            }

            var writer = random.Next(2) == 0 ? (VectorStoreCollection<string, StringKeyed>)mine : theirs;
            var batch = new Dictionary<string, ReadOnlyMemory<float>?>(StringComparer.Ordinal);
            for (var n = 0; n < 400; n++)
            {
                var key = KeyOf(random.Next(3000));
                // (null vectors cannot be written through the API: MEVD hands the store an empty one, which it rejects)
                batch[key] = Vec() ?? new float[] { 0.5f, 0.5f };
                truth[key] = batch[key];
            }

            await writer.UpsertAsync(batch.Where(b => b.Value is not null).Select(b => new StringKeyed { Key = b.Key, Text = "t", Vector = b.Value!.Value }), Ct);
            var deletes = Enumerable.Range(0, 60).Select(_ => KeyOf(random.Next(3000))).Distinct().ToList();
            await (random.Next(2) == 0 ? (VectorStoreCollection<string, StringKeyed>)mine : theirs).DeleteAsync(deletes, Ct);
            foreach (var d in deletes)
            {
                truth.Remove(d);
            }

            var asked = Enumerable.Range(0, 3000).Select(KeyOf).Concat(Enumerable.Range(0, 200).Select(i => KeyOf(i).ToUpperInvariant())).Concat(["k1", "k1", "nope"]).ToList();
            float[] query = [(float)random.NextDouble(), (float)(random.NextDouble() - 0.5)];
            var scores = await mine.GetSimilaritiesAsync(asked, query, Ct);
            Assert.NotNull(scores);
            var expected = truth.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => (double)TensorPrimitives.CosineSimilarity(t.Value!.Value.Span, query), StringComparer.Ordinal);
            var readBack = await mine.GetAsync(asked.Distinct(), new RecordRetrievalOptions { IncludeVectors = true }, Ct).ToListAsync(Ct);
            Assert.Equal(truth.Count, readBack.Count);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), scores.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in expected)
            {
                Assert.Equal(value, scores[key], 4);
            }
        }
    }

    /// <summary>Concurrent writers while lookups run: every score must be the cosine of a vector the key once had.</summary>
    [Fact]
    public async Task Lookups_racing_writes_only_score_vectors_the_key_had()
    {
        var path = directory.File("race.db");
        using var store = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        using var other = new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = path });
        var mine = (SqliteVectorStoreCollection<long, LongKeyed>)store.GetCollection<long, LongKeyed>("r");
        var theirs = other.GetCollection<long, LongKeyed>("r");
        await mine.EnsureCollectionExistsAsync(Ct);

        // Key i only ever holds vectors at angles i*1000 + version (radians scaled), so a score names its vector.
        static float[] VectorOf(long key, int version) => [MathF.Cos((key * 0.01f) + (version * 0.0001f)), MathF.Sin((key * 0.01f) + (version * 0.0001f))];
        await mine.UpsertAsync(Enumerable.Range(0, 100).Select(i => new LongKeyed { Id = i, Vector = VectorOf(i, 0) }), Ct);
        var versions = new System.Collections.Concurrent.ConcurrentDictionary<long, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var target = w == 0 ? (VectorStoreCollection<long, LongKeyed>)mine : theirs;
            while (!stop.IsCancellationRequested)
            {
                var key = random.Next(100);
                if (random.Next(3) == 0)
                {
                    await target.DeleteAsync(key, Ct);
                }
                else
                {
                    var version = versions.AddOrUpdate(key, 1, (_, v) => v + 1);
                    await target.UpsertAsync(new LongKeyed { Id = key, Vector = VectorOf(key, version) }, Ct);
                }
            }
        })).ToArray();

        float[] query = [1, 0];
        var lookups = 0;
        while (!stop.IsCancellationRequested)
        {
            IReadOnlyDictionary<long, double>? scores;
            try
            {
                scores = await mine.GetSimilaritiesAsync(Enumerable.Range(0, 100).Select(i => (long)i).ToList(), query, Ct);
            }
            catch (VectorStoreException)
            {
                continue; // "kept changing": allowed
            }

            Assert.NotNull(scores);
            lookups++;
            foreach (var (key, score) in scores)
            {
                var max = versions.GetValueOrDefault(key);
                Assert.True(
                    Enumerable.Range(0, max + 1).Any(v => Math.Abs(VectorOf(key, v)[0] - score) < 1e-5),
                    $"key {key} scored {score}, not the cosine of any vector it had (versions 0..{max})");
            }
        }

        await Task.WhenAll(writers);
        Assert.True(lookups > 10);
    }

    public void Dispose() => directory.Dispose();
}
