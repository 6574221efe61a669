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

    [Theory]
    [InlineData("DROP TABLE temp.ragbot_query_tokens; DROP TABLE temp.ragbot_query_words;")]
    [InlineData("DROP TABLE temp.ragbot_query_words;")]
    [InlineData("DROP TABLE temp.ragbot_query_tokens;")]
    public async Task A_connection_whose_temp_tables_were_dropped_still_tokenizes(string reset)
    {
        // The tables are remembered per connection and not created again; if its temp schema loses them anyway, the
        // next new word must still be tokenized (not fail the keyword leg, not answer from a half-built table).
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var tokenizer = new QueryTokenizer();
        Assert.Equal(["appl"], await tokenizer.TokenizeAsync(connection, ["Apples"], CollectionSql.Tokenizer, ct));

        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = reset;
            await drop.ExecuteNonQueryAsync(ct);
        }

        Assert.Equal(["run", "appl"], await tokenizer.TokenizeAsync(connection, ["Running", "Apples"], CollectionSql.Tokenizer, ct));
        Assert.Equal(["kernel"], await tokenizer.TokenizeAsync(connection, ["Kernels"], CollectionSql.Tokenizer, ct));
    }

    [Fact]
    public async Task Tokenizers_sharing_a_connection_and_connections_sharing_a_tokenizer_agree()
    {
        // The "tables exist" mark is process-wide per native connection: a second tokenizer (another store on the same
        // file) reuses the tables, and a fresh connection (another file) gets its own.
        var ct = TestContext.Current.CancellationToken;
        await using var first = new SqliteConnection("Data Source=:memory:");
        await using var second = new SqliteConnection("Data Source=:memory:");
        await first.OpenAsync(ct);
        await second.OpenAsync(ct);
        var one = new QueryTokenizer();
        var other = new QueryTokenizer();

        Assert.Equal(["appl"], await one.TokenizeAsync(first, ["Apples"], CollectionSql.Tokenizer, ct));
        Assert.Equal(["run"], await other.TokenizeAsync(first, ["Running"], CollectionSql.Tokenizer, ct));
        Assert.Equal(["kernel", "run"], await one.TokenizeAsync(second, ["Kernels", "Running"], CollectionSql.Tokenizer, ct));
        Assert.Null(await other.TokenizeAsync(second, ["well-known"], CollectionSql.Tokenizer, ct));
    }
}
