using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Upsert, get and delete, single and batched, plus collection lifecycle.</summary>
public abstract class CrudConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : VectorStoreFixture
{
    [Fact]
    public async Task Upserted_record_round_trips_every_field()
    {
        var collection = await NewCollectionAsync(withSamples: true);

        var record = await collection.GetAsync(ConformanceRecord.IdOf(2), new RecordRetrievalOptions { IncludeVectors = true }, Ct);

        Assert.NotNull(record);
        Assert.Equal("fruit", record.Category);
        Assert.Equal(2, record.Rank);
        Assert.False(record.IsActive);
        Assert.Equal("banana bread with walnuts", record.Text);
        Assert.Equal(["color:yellow", "kind:fruit"], record.Tags);
        Assert.Equal([0.8f, 0.6f, 0f, 0f], record.Embedding.ToArray());
    }

    [Fact]
    public async Task A_collection_created_before_a_plain_data_property_existed_keeps_working_with_the_grown_definition()
    {
        var name = Fixture.NewCollectionName("grow");
        await NewCollectionAsync(withSamples: true, name: name);
        var store = NewStore();
        using var grown = store.GetCollection<Guid, ConformanceRecord>(name, ConformanceRecord.GrownDefinition());

        await grown.EnsureCollectionExistsAsync(Ct);
        var old = await grown.GetAsync(ConformanceRecord.IdOf(1), cancellationToken: Ct);
        var added = ConformanceRecord.Make(6, "fruit", true, "plum jam", [1, 1, 0, 0]);
        added.Note = "new field";
        await grown.UpsertAsync(added, Ct);

        Assert.NotNull(old);
        Assert.Equal("apple pie recipe", old.Text);
        Assert.True(string.IsNullOrEmpty(old.Note));
        Assert.Equal("new field", (await grown.GetAsync(ConformanceRecord.IdOf(6), cancellationToken: Ct))?.Note);
        var hits = await grown.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 2, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(1, hits[0].Record.Rank);
    }

    [Fact]
    public async Task Get_without_vectors_leaves_the_vector_empty()
    {
        var collection = await NewCollectionAsync(withSamples: true);

        var record = await collection.GetAsync(ConformanceRecord.IdOf(1), cancellationToken: Ct);

        Assert.NotNull(record);
        Assert.True(record.Embedding.IsEmpty);
    }

    [Fact]
    public async Task Get_of_a_missing_key_returns_null_and_batches_skip_missing_keys()
    {
        var collection = await NewCollectionAsync(withSamples: true);

        Assert.Null(await collection.GetAsync(Guid.NewGuid(), cancellationToken: Ct));
        var found = await collection.GetAsync([ConformanceRecord.IdOf(1), Guid.NewGuid(), ConformanceRecord.IdOf(5)], cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([1, 5], found.Select(r => r.Rank).Order());
    }

    [Fact]
    public async Task Batch_upsert_stores_every_record_and_a_second_upsert_overwrites()
    {
        var collection = await NewCollectionAsync();
        var records = Enumerable.Range(1, 300)
            .Select(i => ConformanceRecord.Make(i, "batch", i % 2 == 0, $"record {i}", [i, 1, 0, 0]))
            .ToList();
        await collection.UpsertAsync(records, Ct);

        foreach (var record in records)
        {
            record.Text = $"updated {record.Rank}";
        }

        await collection.UpsertAsync(records, Ct);

        var stored = await collection.GetAsync(records.Select(r => r.Id), cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(300, stored.Count);
        Assert.All(stored, r => Assert.Equal($"updated {r.Rank}", r.Text));
        var all = await collection.GetAsync(r => r.Category == "batch", 1000, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(300, all.Count);
    }

    [Fact]
    public async Task Deleted_records_are_gone_from_get_and_search()
    {
        var collection = await NewCollectionAsync(withSamples: true);

        await collection.DeleteAsync(ConformanceRecord.IdOf(1), Ct);
        await collection.DeleteAsync([ConformanceRecord.IdOf(2), ConformanceRecord.IdOf(3)], Ct);

        Assert.Null(await collection.GetAsync(ConformanceRecord.IdOf(1), cancellationToken: Ct));
        var hits = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 10, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([4, 5], hits.Select(h => h.Record.Rank).Order());
    }

    [Fact]
    public async Task Collection_lifecycle_create_list_exists_delete()
    {
        var name = Fixture.NewCollectionName("life");
        var store = NewStore();
        var collection = store.GetCollection<Guid, ConformanceRecord>(name, ConformanceRecord.Definition());

        Assert.False(await collection.CollectionExistsAsync(Ct));
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.EnsureCollectionExistsAsync(Ct);
        Assert.True(await collection.CollectionExistsAsync(Ct));
        Assert.True(await store.CollectionExistsAsync(name, Ct));
        Assert.Contains(name, await store.ListCollectionNamesAsync(Ct).ToListAsync(Ct));

        await store.EnsureCollectionDeletedAsync(name, Ct);
        Assert.False(await collection.CollectionExistsAsync(Ct));
        Assert.DoesNotContain(name, await store.ListCollectionNamesAsync(Ct).ToListAsync(Ct));
        await collection.EnsureCollectionDeletedAsync(Ct);
    }

    [Fact]
    public async Task Records_survive_disposing_and_reopening_the_store()
    {
        var name = Fixture.NewCollectionName("durable");
        using (var first = Fixture.CreateStore())
        {
            var collection = first.GetCollection<Guid, ConformanceRecord>(name, ConformanceRecord.Definition());
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync(ConformanceRecord.Samples(), Ct);
            await collection.DeleteAsync(ConformanceRecord.IdOf(4), Ct);
        }

        var reopened = NewStore().GetCollection<Guid, ConformanceRecord>(name, ConformanceRecord.Definition());
        Assert.Equal("rye bread loaf", (await reopened.GetAsync(ConformanceRecord.IdOf(5), cancellationToken: Ct))?.Text);
        var hits = await reopened.SearchAsync(new ReadOnlyMemory<float>([0, 0, 1, 0]), 10, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(4, hits.Count);
        Assert.DoesNotContain(hits, h => h.Record.Rank == 4);
        await reopened.EnsureCollectionDeletedAsync(Ct);
    }

    [Fact]
    public async Task Wrong_vector_dimension_is_rejected_naming_expected_and_actual()
    {
        var collection = await NewCollectionAsync(dimensions: 4);
        var wrong = ConformanceRecord.Make(9, "bad", true, "bad", [1, 2, 3]);

        var upsert = await Assert.ThrowsAnyAsync<Exception>(() => collection.UpsertAsync(wrong, Ct));
        var search = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await collection.SearchAsync(new ReadOnlyMemory<float>([1, 2, 3]), 1, cancellationToken: Ct).ToListAsync(Ct));

        foreach (var error in new[] { upsert, search })
        {
            Assert.True(error is ArgumentException or VectorStoreException, $"unexpected {error.GetType().Name}: {error.Message}");
            Assert.Contains("4", error.Message, StringComparison.Ordinal);
            Assert.Contains("3", error.Message, StringComparison.Ordinal);
        }
    }
}
