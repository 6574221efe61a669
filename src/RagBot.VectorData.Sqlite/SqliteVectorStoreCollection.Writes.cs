using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

public sealed partial class SqliteVectorStoreCollection<TKey, TRecord>
{
    // SQLite binds each named parameter by scanning the statement's parameter list, so very wide statements cost more than they save.
    private const int RowsPerStatement = 8;

    /// <summary>Upserts the records in one transaction: after a crash the batch is either fully there or absent.</summary>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var generated = await GenerateEmbeddingsAsync(list, cancellationToken).ConfigureAwait(false);
        var rows = new List<PreparedRow>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            rows.Add(PrepareRow(list[i], i, generated));
        }

        await WriteAsync("Upsert", async (connection, transaction, bound, version, keywordWrite) =>
        {
            if (keywordWrite is not null)
            {
                // The rows these keys replace, as FTS5 indexed them (an upsert of a known key keeps its row id).
                await ReadKeywordTextsAsync(connection, transaction, bound, keywordWrite, CollectionSchema.KeyColumn, rows.Select(row => row.Key), before: true, cancellationToken).ConfigureAwait(false);
            }

            var rowIds = new Dictionary<object, long>(rows.Count);
            var statements = new Dictionary<int, SqliteCommand>();
            try
            {
                for (var offset = 0; offset < rows.Count; offset += RowsPerStatement)
                {
                    var count = Math.Min(RowsPerStatement, rows.Count - offset);
                    if (!statements.TryGetValue(count, out var command))
                    {
                        command = CreateUpsertCommand(connection, transaction, bound, version, count);
                        statements[count] = command;
                    }

                    await UpsertRowsAsync(command, rows.GetRange(offset, count), rowIds, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                foreach (var command in statements.Values)
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (keywordWrite is not null)
            {
                await ReadKeywordTextsAsync(connection, transaction, bound, keywordWrite, CollectionSchema.RowIdColumn, rowIds.Values.Distinct().Select(id => (object)id), before: false, cancellationToken).ConfigureAwait(false);
            }

            var vectorColumns = model.VectorProperties.Select(bound.ColumnOf).ToArray();
            var changes = new List<VectorChange>(rows.Count * vectorColumns.Length);
            foreach (var row in rows)
            {
                var rowId = rowIds[row.Key];
                for (var v = 0; v < vectorColumns.Length; v++)
                {
                    changes.Add(new VectorChange(rowId, vectorColumns[v], row.Vectors[v], row.TypedKey));
                }
            }

            return changes;
        }, cancellationToken).ConfigureAwait(false);
    }

    private SqliteCommand CreateUpsertCommand(SqliteConnection connection, SqliteTransaction transaction, CollectionSchema bound, long version, int rows)
    {
        var columns = model.DataProperties.Select(bound.ColumnOf).Concat(model.VectorProperties.Select(bound.ColumnOf)).ToArray();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CollectionSql.Upsert(bound, columns, rows);
        command.Parameters.AddWithValue("@ver", version);
        for (var r = 0; r < rows; r++)
        {
            // No declared types: each value binds as its own SQLite type (integer, real, text or blob).
            command.Parameters.Add(new SqliteParameter { ParameterName = $"@k{r}" });
            foreach (var column in columns)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = $"@{column}_{r}" });
            }
        }

        return command;
    }

    /// <summary>Writes up to <see cref="RowsPerStatement"/> rows with one multi-row statement (reused while its row count fits).</summary>
    private async Task UpsertRowsAsync(
        SqliteCommand command, List<PreparedRow> rows, Dictionary<object, long> rowIds, CancellationToken cancellationToken)
    {
        // Parameters by position (see CreateUpsertCommand): @ver, then per row the key, the data and the vector columns.
        // Looking them up by name would scan the whole parameter list for every value.
        var dataCount = model.DataProperties.Count;
        var perRow = 1 + dataCount + model.VectorProperties.Count;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var first = 1 + (r * perRow);
            command.Parameters[first].Value = row.Key;
            for (var d = 0; d < dataCount; d++)
            {
                command.Parameters[first + 1 + d].Value = row.Data[d];
            }

            for (var v = 0; v < row.Vectors.Length; v++)
            {
                var parameter = command.Parameters[first + 1 + dataCount + v];
                parameter.Value = row.Vectors[v] is { } vector ? RecordMapper.ToBlob(vector, parameter.Value) : DBNull.Value;
            }
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rowIds[reader.GetValue(1)] = reader.GetInt64(0);
        }
    }

    private PreparedRow PrepareRow(TRecord record, int position, Dictionary<int, IReadOnlyList<Embedding>> generated)
    {
        var keyProperty = model.KeyProperty;
        var key = keyProperty.GetValueAsObject(record);
        if (keyProperty.IsAutoGenerated && key is Guid guid && guid == Guid.Empty)
        {
            key = Guid.NewGuid();
            keyProperty.SetValueAsObject(record, key);
        }

        if (key is null || (key is string text && text.Length == 0))
        {
            throw new ArgumentException($"Record {position} of the batch for collection '{Name}' has no key ('{keyProperty.ModelName}').");
        }

        var data = model.DataProperties.Select(p => SqliteValueCodec.ToDb(p.GetValueAsObject(record))).ToArray();
        var vectors = new ReadOnlyMemory<float>?[model.VectorProperties.Count];
        for (var v = 0; v < vectors.Length; v++)
        {
            var property = model.VectorProperties[v];
            vectors[v] = generated.TryGetValue(v, out var embeddings)
                ? ((Embedding<float>)embeddings[position]).Vector
                : RecordMapper.GetVector(record, property);
            if (vectors[v] is { } vector)
            {
                RecordMapper.EnsureDimensions(property, vector.Length, Name);
            }
        }

        return new PreparedRow(SqliteValueCodec.ToDb(key), key, data, vectors);
    }

    /// <summary>Generates vectors for properties whose values are not vectors (e.g. strings) through their embedding generator.</summary>
    private async Task<Dictionary<int, IReadOnlyList<Embedding>>> GenerateEmbeddingsAsync(List<TRecord> records, CancellationToken cancellationToken)
    {
        var generated = new Dictionary<int, IReadOnlyList<Embedding>>();
        for (var v = 0; v < model.VectorProperties.Count; v++)
        {
            var property = model.VectorProperties[v];
            if (!SqliteModelBuilder.IsNativeVectorType(property.Type) && property.EmbeddingGenerator is not null)
            {
                generated[v] = await property.GenerateEmbeddingsAsync(records.Select(r => property.GetValueAsObject(r)!), cancellationToken).ConfigureAwait(false);
            }
        }

        return generated;
    }

    /// <summary>
    /// Runs a write in one immediate transaction that bumps the collection's change counter (rows written carry the
    /// new value as their version), and applies the vector changes to the in-memory index while committing under
    /// its write lock, so no search sees a half-applied state. The keyword copies at the counter the write starts from
    /// get the write's rows as a delta, swapped in only once the commit succeeded.
    /// </summary>
    private Task WriteAsync(
        string operation, Func<SqliteConnection, SqliteTransaction, CollectionSchema, long, KeywordWrite?, Task<List<VectorChange>>> write, CancellationToken cancellationToken) =>
        RunAsync<bool>(operation, async connection =>
        {
            var (bound, _) = await ResolveAsync(connection, operation, cancellationToken).ConfigureAwait(false);
            var state = context.StateOf(bound.Id);
            await state.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var (current, _) = await ResolveAsync(connection, operation, cancellationToken, transaction).ConfigureAwait(false);
                if (current.Id != bound.Id)
                {
                    throw new VectorStoreException($"Collection '{Name}' was deleted and recreated during {operation}; retry.") { CollectionName = Name };
                }

                var before = await CollectionCatalog.BumpChangesAsync(connection, transaction, current.Id, cancellationToken).ConfigureAwait(false);
                var keywordWrite = KeywordWriteFor(current, state, before);
                var changes = await write(connection, transaction, current, before + 1, keywordWrite).ConfigureAwait(false);
                keywordWrite?.Prepare(context.RowTokens, state.Keywords, before + 1);
                state.Lock.EnterWriteLock();
                try
                {
                    transaction.Commit();
                    state.ApplyCommitted(before, changes);
                    keywordWrite?.Apply(state.Keywords);
                }
                finally
                {
                    state.Lock.ExitWriteLock();
                    keywordWrite?.Release(state.Keywords);
                }

                keywordWrite?.Merge(state.Keywords);
            }
            finally
            {
                state.WriteGate.Release();
            }

            return true;
        }, cancellationToken);

    private async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await action(connection).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Database.Translate(ex, Name, operation);
        }
    }

    private async Task<(CollectionSchema Schema, CatalogEntry Entry)> ResolveAsync(
        SqliteConnection connection, string operation, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var entry = await CollectionCatalog.FindAsync(connection, Name, cancellationToken, transaction).ConfigureAwait(false)
            ?? throw new VectorStoreException($"Collection '{Name}' does not exist; call EnsureCollectionExistsAsync first.")
            {
                VectorStoreSystemName = StoreDatabase.SystemName,
                CollectionName = Name,
                OperationName = operation,
            };
        await context.ForgetDroppedOnFirstSightAsync(entry.Id, connection, transaction, cancellationToken).ConfigureAwait(false);
        var bound = schema;
        if (bound is null || bound.Id != entry.Id)
        {
            bound = CollectionSchema.Bind(entry.Id, Name, model, CollectionCatalog.ParseSchema(entry));
            schema = bound;
        }

        return (bound, entry);
    }

    private sealed record PreparedRow(object Key, object TypedKey, object[] Data, ReadOnlyMemory<float>?[] Vectors);
}
