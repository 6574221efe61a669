using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    /// <summary>
    /// The rows passing <paramref name="filter"/> at the query's change counter or later. Selecting them reads every row
    /// of the collection (a tag filter is a json_each over each row: ~170-290 ms at 100,000 rows), and a tenant sends
    /// the same filter with every question, so the set is remembered per filter and change counter. After writes
    /// (ours or another process's) it is brought forward from the rows whose version passed the remembered counter and
    /// the tombstones of deleted ones, in the same read snapshot as the counter: proportional to the writes.
    /// </summary>
    private async Task<PassingRowSet> PassingRowsAsync(
        SqliteConnection connection, CollectionSchema bound, CatalogEntry entry, SqlFilter filter, CancellationToken cancellationToken)
    {
        var key = filter.CacheKey();
        var known = context.PassingRows.Find(bound.Id, key);
        if (known is not null && known.Changes >= entry.Changes)
        {
            return known;
        }

        using var transaction = connection.BeginTransaction(deferred: true);
        using var counter = connection.CreateCommand();
        counter.Transaction = transaction;
        counter.CommandText = $"SELECT changes FROM rb_collections WHERE id = {bound.Id}";
        var changes = await counter.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
            ?? throw new VectorStoreException($"Collection '{Name}' was deleted during the search; retry.") { CollectionName = Name, OperationName = "Search" };
        var rows = known is null
            ? new PassingRowSet(changes, await SelectRowIdsAsync(connection, transaction, $"SELECT rid FROM {bound.Table} WHERE {filter.Sql} ORDER BY rid", filter, cancellationToken).ConfigureAwait(false))
            : await CatchUpPassingRowsAsync(connection, transaction, bound, known, changes, filter, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        context.PassingRows.Remember(bound.Id, key, rows);
        return rows;
    }

    private static async Task<PassingRowSet> CatchUpPassingRowsAsync(
        SqliteConnection connection, SqliteTransaction transaction, CollectionSchema bound, PassingRowSet known, long changes, SqlFilter filter,
        CancellationToken cancellationToken)
    {
        if (changes <= known.Changes)
        {
            return known;
        }

        var since = SqlFilter.None with { Sql = "", Parameters = [new("@since", known.Changes)] };
        var touched = (await SelectRowIdsAsync(connection, transaction, $"SELECT rid FROM {bound.Table}_gone WHERE ver > @since", since, cancellationToken).ConfigureAwait(false))
            .ToHashSet();
        var touchedPassing = new List<long>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // No ORDER BY: sorting by rid would let SQLite walk the whole table in rowid order instead of the ver index.
        command.CommandText = $"SELECT rid, CASE WHEN ({filter.Sql}) THEN 1 ELSE 0 END FROM {bound.Table} WHERE ver > @since";
        since.AddTo(command);
        filter.AddTo(command);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rowId = reader.GetInt64(0);
            touched.Add(rowId);
            if (reader.GetInt64(1) == 1)
            {
                touchedPassing.Add(rowId);
            }
        }

        touchedPassing.Sort();
        return known.Apply(changes, touched, [.. touchedPassing]);
    }

    private static async Task<long[]> SelectRowIdsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, SqlFilter parameters, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        parameters.AddTo(command);
        var rows = new List<long>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(reader.GetInt64(0));
        }

        return [.. rows];
    }
}
