using Microsoft.Data.Sqlite;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

/// <summary>Writes keep the keyword copies current: the texts a write removes and leaves, read in its transaction.</summary>
public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>The keyword copies this write can advance (those at <paramref name="changesBefore"/>), or null.</summary>
    private KeywordWrite? KeywordWriteFor(CollectionSchema bound, CollectionIndexState state, long changesBefore) =>
        context.Options.InMemoryKeywordIndex
            ? KeywordWrite.For(state.Keywords, model.DataProperties.Where(p => p.IsFullTextIndexed).Select(p => (bound.FtsTableOf(p), bound.ColumnOf(p))), changesBefore)
            : null;

    /// <summary>The full-text values of the rows whose <paramref name="column"/> is one of <paramref name="values"/>.</summary>
    private static async Task ReadKeywordTextsAsync(
        SqliteConnection connection, SqliteTransaction transaction, CollectionSchema bound, KeywordWrite keywordWrite, string column,
        IEnumerable<object> values, bool before, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {CollectionSchema.RowIdColumn}, {keywordWrite.SelectList} FROM {bound.Table} WHERE {column} IN (SELECT value FROM json_each(@values))";
        command.Parameters.AddWithValue("@values", KeyJson.Serialize(values));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keywordWrite.Add(reader, 1, before);
        }
    }
}
