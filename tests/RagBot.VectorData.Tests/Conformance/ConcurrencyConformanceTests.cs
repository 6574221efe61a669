namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Readers searching while a writer upserts batches: no errors, and a batch is never seen half-written.</summary>
public abstract class ConcurrencyConformanceTests<TFixture>(TFixture fixture) : ConformanceTestBase<TFixture>(fixture)
    where TFixture : VectorStoreFixture
{
    private const int Batches = 12;
    private const int BatchSize = 50;

    [Fact]
    public async Task Readers_never_fail_nor_see_partial_batches_while_a_writer_upserts()
    {
        var collection = await NewCollectionAsync(withSamples: true);
        var readerCollection = NewStore().GetCollection<Guid, ConformanceRecord>(collection.Name, ConformanceRecord.Definition());
        using var done = new CancellationTokenSource();

        var writer = Task.Run(async () =>
        {
            try
            {
                for (var batch = 0; batch < Batches; batch++)
                {
                    var records = Enumerable.Range(0, BatchSize)
                        .Select(i => ConformanceRecord.Make(1000 + (batch * BatchSize) + i, $"batch-{batch}", true, $"batch {batch} item {i}", [1, batch, i, 1]))
                        .ToList();
                    await collection.UpsertAsync(records, Ct);
                }
            }
            finally
            {
                await done.CancelAsync();
            }
        }, Ct);

        var readers = Enumerable.Range(0, 3).Select(reader => Task.Run(async () =>
        {
            var source = reader == 0 ? readerCollection : collection;
            var checks = 0;
            while (!done.IsCancellationRequested || checks == 0)
            {
                var batch = checks++ % Batches;
                var category = $"batch-{batch}";
                var seen = await source.GetAsync(r => r.Category == category, 1000, cancellationToken: Ct).CountAsync(Ct);
                Assert.True(seen is 0 or BatchSize, $"batch {batch} was visible with {seen} of {BatchSize} records");
                var hits = await source.SearchAsync(new ReadOnlyMemory<float>([1, batch, 0, 1]), 5, cancellationToken: Ct).ToListAsync(Ct);
                Assert.InRange(hits.Count, 1, 5);
            }

            return checks;
        }, Ct)).ToList();

        await writer;
        var counts = await Task.WhenAll(readers);

        Assert.All(counts, c => Assert.True(c > 0));
        var total = await readerCollection.GetAsync(r => r.Rank >= 1000, 10_000, cancellationToken: Ct).CountAsync(Ct);
        Assert.Equal(Batches * BatchSize, total);
        var last = await readerCollection.SearchAsync(new ReadOnlyMemory<float>([1, Batches - 1, 0, 1]), 1, cancellationToken: Ct).SingleAsync(Ct);
        Assert.Equal($"batch-{Batches - 1}", last.Record.Category);
    }
}
