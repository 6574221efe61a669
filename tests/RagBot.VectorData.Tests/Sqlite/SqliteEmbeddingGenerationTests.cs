using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>A collection whose definition carries an embedding generator accepts text as the search input.</summary>
public sealed class SqliteEmbeddingGenerationTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Text_search_input_is_embedded_with_the_configured_generator()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = new SqliteVectorStore(directory.File("generated.db"));
        var definition = ChunkLikeRecord.Definition(26);
        using var generator = new LetterCountEmbeddingGenerator(26);
        definition.EmbeddingGenerator = generator;
        var collection = store.GetCollection<Guid, ChunkLikeRecord>("generated", definition);
        await collection.EnsureCollectionExistsAsync(ct);
        var words = new[] { "banana", "kiwi", "zucchini" };
        var records = new List<ChunkLikeRecord>();
        foreach (var word in words)
        {
            var embedding = await generator.GenerateAsync([word], cancellationToken: ct);
            records.Add(new ChunkLikeRecord { Id = Guid.NewGuid(), Text = word, Embedding = embedding[0].Vector });
        }

        await collection.UpsertAsync(records, ct);

        var hit = await collection.SearchAsync("bananas", 1, cancellationToken: ct).SingleAsync(ct);

        Assert.Equal("banana", hit.Record.Text);
    }

    public void Dispose() => directory.Dispose();
}
