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

        await state.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh(state, changes))
            {
                return;
            }

            using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: true);
            var loadedChanges = await ScalarAsync(connection, transaction, $"SELECT changes FROM rb_collections WHERE id = {schema.Id}", cancellationToken).ConfigureAwait(false);
            if (IsLoaded(state, out var syncedChanges))
            {
                await CatchUpAsync(connection, transaction, state, schema, syncedChanges, loadedChanges, cancellationToken).ConfigureAwait(false);
                return;
            }

            var count = (int)await ScalarAsync(connection, transaction, $"SELECT count(*) FROM {schema.Table}", cancellationToken).ConfigureAwait(false);
            var loaded = new Dictionary<string, VectorIndex>();
            foreach (var vector in schema.Model.VectorProperties)
            {
                var column = schema.ColumnOf(vector);
                var index = new VectorIndex(vector.Dimensions, VectorScoring.For(CollectionSchema.DistanceOf(vector)), quantize, count);
                await LoadColumnAsync(connection, transaction, schema, vector, column, index, cancellationToken).ConfigureAwait(false);
                loaded[column] = index;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Another writer moved the counter: apply only the rows it touched (rows carry the counter value of their last
    /// write; deletes leave tombstones), instead of reloading every vector.
    /// </summary>
    private static async Task CatchUpAsync(
        SqliteConnection connection, SqliteTransaction transaction, CollectionIndexState state, CollectionSchema schema, long since, long changes,
        CancellationToken cancellationToken)
    {
        var removed = new List<long>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT rid FROM {schema.Table}_gone WHERE ver > {since}";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                removed.Add(reader.GetInt64(0));
            }
        }

        var columns = schema.Model.VectorProperties.Select(schema.ColumnOf).ToArray();
        var updates = new List<VectorChange>();
        if (columns.Length > 0)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT rid, {CollectionSchema.KeyColumn}, {string.Join(", ", columns)} FROM {schema.Table} WHERE ver > {since}";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = SqliteValueCodec.FromDb(reader, 1, schema.Model.KeyProperty.Type);
                for (var c = 0; c < columns.Length; c++)
                {
                    ReadOnlyMemory<float>? vector = reader.IsDBNull(c + 2)
                        ? null
                        : MemoryMarshal.Cast<byte, float>(reader.GetFieldValue<byte[]>(c + 2)).ToArray();
                    updates.Add(new VectorChange(reader.GetInt64(0), columns[c], vector, key));
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        state.Lock.EnterWriteLock();
        try
        {
            state.CatchUp(changes, removed, updates);
        }
        finally
        {
            state.Lock.ExitWriteLock();
        }
    }

    private static bool IsLoaded(CollectionIndexState state, out long syncedChanges)
    {
        state.Lock.EnterReadLock();
        try
        {
            syncedChanges = state.SyncedChanges;
            return state.IsLoaded;
        }
        finally
        {
            state.Lock.ExitReadLock();
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
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // The key is read with the vector (same row, same page): searches name their hits from memory.
        command.CommandText = $"SELECT rid, {CollectionSchema.KeyColumn}, {column} FROM {schema.Table} WHERE {column} IS NOT NULL";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var bytes = new byte[vector.Dimensions * sizeof(float)];
        var keyType = schema.Model.KeyProperty.Type;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var length = reader.GetBytes(2, 0, bytes, 0, bytes.Length);
            if (length != bytes.Length)
            {
                throw new InvalidDataException(
                    $"Row {reader.GetInt64(0)} of collection table {schema.Table} holds a vector of {length / sizeof(float)} floats, expected {vector.Dimensions}.");
            }

            index.Set(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(bytes), SqliteValueCodec.FromDb(reader, 1, keyType));
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
