using Microsoft.Data.Sqlite;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class QueryTokenizerTests
{
    [Fact]
    public async Task Long_words_are_tokenized_but_not_kept_in_the_shared_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var tokenizer = new QueryTokenizer();
        var hostile = new string('q', 8_000);

        var tokens = await tokenizer.TokenizeAsync(connection, ["Apples", hostile, "Apples"], CollectionSql.Tokenizer, ct);

        // Stemmed and folded as FTS5 stores them; the long word still answers this query.
        Assert.Equal(["appl", hostile, "appl"], tokens);
        Assert.Equal(1, tokenizer.CachedWords);
    }
}
