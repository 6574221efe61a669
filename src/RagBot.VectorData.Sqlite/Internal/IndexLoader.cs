using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Loads a collection's vectors from SQLite into memory when the in-memory copy is missing or stale.</summary>
internal static class IndexLoader
{
    public static async Task EnsureFreshAsync(
        StoreDatabase database, CollectionIndexState state, CollectionSchema schema, long changes, bool quantize, CancellationToken cancellationToken)
    {
        if (IsFresh(state, changes))
        {
            return;
        }

        await state.WriteGate.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh(state, changes))
            {
                return;
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: true);
            var loadedChanges = await ScalarAsync(connection, transaction, $"SELECT changes FROM rb_collections WHERE id = {schema.Id}", cancellationToken);
            var count = (int)await ScalarAsync(connection, transaction, $"SELECT count(*) FROM {schema.Table}", cancellationToken);
            var loaded = new Dictionary<string, VectorIndex>();
            foreach (var vector in schema.Model.VectorProperties)
            {
                var column = schema.ColumnOf(vector);
                var index = new VectorIndex(vector.Dimensions, VectorScoring.For(CollectionSchema.DistanceOf(vector)), quantize, count);
                await LoadColumnAsync(connection, transaction, schema, vector, column, index, cancellationToken);
                loaded[column] = index;
            }

            await transaction.CommitAsync(cancellationToken);
            state.Lock.EnterWriteLock();
            try
            {
                state.Install(loaded, loadedChanges);
            }
            finally
            {
                state.Lock.ExitWriteLock();
            }
        }
        finally
        {
            state.WriteGate.Release();
        }
    }

    private static bool IsFresh(CollectionIndexState state, long changes)
    {
        state.Lock.EnterReadLock();
        try
        {
            return state.IsFresh(changes);
        }
        finally
        {
            state.Lock.ExitReadLock();
        }
    }

    private static async Task LoadColumnAsync(
        SqliteConnection connection, SqliteTransaction transaction, CollectionSchema schema, VectorPropertyModel vector, string column, VectorIndex index, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT rid, {column} FROM {schema.Table} WHERE {column} IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bytes = new byte[vector.Dimensions * sizeof(float)];
        while (await reader.ReadAsync(cancellationToken))
        {
            var length = reader.GetBytes(1, 0, bytes, 0, bytes.Length);
            if (length != bytes.Length)
            {
                throw new InvalidDataException(
                    $"Row {reader.GetInt64(0)} of collection table {schema.Table} holds a vector of {length / sizeof(float)} floats, expected {vector.Dimensions}.");
            }

            index.Set(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(bytes));
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
