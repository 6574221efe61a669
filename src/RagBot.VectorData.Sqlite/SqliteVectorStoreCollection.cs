using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.Core.Indexing;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Sqlite;

/// <summary>
/// A collection of the embedded SQLite vector store: rows in a SQLite table (WAL), keyword search through FTS5,
/// vector search over an in-memory copy of the vectors. Get one from <see cref="SqliteVectorStore"/>.
/// </summary>
public sealed partial class SqliteVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordSearchable<TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly StoreContext context;
    private readonly CollectionModel model;
    private CollectionSchema? schema;

    internal SqliteVectorStoreCollection(StoreContext context, string name, CollectionModel model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        this.context = context;
        this.model = model;
        Name = name;
    }

    public override string Name { get; }

    private StoreDatabase Database => context.Database;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        RunAsync("CollectionExists", async connection =>
            await CollectionCatalog.FindAsync(connection, Name, cancellationToken).ConfigureAwait(false) is not null, cancellationToken);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<bool>("EnsureCollectionExists", async connection =>
        {
            using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var entry = await CollectionCatalog.FindAsync(connection, Name, cancellationToken, transaction).ConfigureAwait(false);
            if (entry is null)
            {
                var stored = CollectionSchema.Describe(model);
                var id = await CollectionCatalog.CreateAsync(connection, transaction, Name, stored, cancellationToken).ConfigureAwait(false);
                schema = CollectionSchema.Bind(id, Name, model, stored);
            }
            else
            {
                var stored = await CollectionCatalog.AddMissingDataColumnsAsync(connection, transaction, entry, model, cancellationToken).ConfigureAwait(false);
                schema = CollectionSchema.Bind(entry.Id, Name, model, stored);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        RunAsync("EnsureCollectionDeleted", async connection =>
        {
            using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var entry = await CollectionCatalog.FindAsync(connection, Name, cancellationToken, transaction).ConfigureAwait(false);
            await CollectionCatalog.DeleteAsync(connection, transaction, Name, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                context.Forget(entry.Id);
            }

            schema = null;
            return true;
        }, cancellationToken);

    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var records = await GetByKeysAsync([key], options?.IncludeVectors ?? false, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public override async IAsyncEnumerable<TRecord> GetAsync(
        IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var record in await GetByKeysAsync(keys.ToList(), options?.IncludeVectors ?? false, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var keyValues = keys.Select(k => SqliteValueCodec.ToDb(k)).ToArray();
        if (keyValues.Length == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync("Delete", async (connection, transaction, bound, version, keywordWrite) =>
        {
            var rowIds = new List<object>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                // The deleted rows' texts as FTS5 indexed them, when a keyword copy takes this write as a delta.
                command.CommandText = $"DELETE FROM {bound.Table} WHERE k IN (SELECT value FROM json_each(@keys)) RETURNING rid" +
                                      (keywordWrite is null ? "" : $", {keywordWrite.SelectList}");
                command.Parameters.AddWithValue("@keys", KeyJson.Serialize(keyValues));
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rowIds.Add(reader.GetInt64(0));
                    keywordWrite?.Add(reader, 1, before: true);
                }
            }

            using (var tombstones = connection.CreateCommand())
            {
                tombstones.Transaction = transaction;
                tombstones.CommandText = $"INSERT OR REPLACE INTO {bound.Table}_gone(rid, ver) SELECT value, @ver FROM json_each(@rids)";
                tombstones.Parameters.AddWithValue("@rids", KeyJson.Serialize(rowIds));
                tombstones.Parameters.AddWithValue("@ver", version);
                await tombstones.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return [.. rowIds.SelectMany(rowId => model.VectorProperties.Select(v => new VectorChange((long)rowId, bound.ColumnOf(v), null)))];
        }, cancellationToken);
    }

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata
            {
                VectorStoreSystemName = StoreDatabase.SystemName,
                VectorStoreName = Database.DataSource,
                CollectionName = Name,
            }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task<List<TRecord>> GetByKeysAsync(IReadOnlyCollection<TKey> keys, bool includeVectors, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var keyValues = keys.Select(k => SqliteValueCodec.ToDb(k)).ToArray();
        return await RunAsync("Get", async connection =>
        {
            var (bound, _) = await ResolveAsync(connection, "Get", cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {RecordMapper.SelectList(bound, includeVectors)} FROM {bound.Table} WHERE k IN (SELECT value FROM json_each(@keys))";
            command.Parameters.AddWithValue("@keys", KeyJson.Serialize(keyValues));
            return await ReadRecordsAsync(command, bound, includeVectors, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<TRecord>> ReadRecordsAsync(SqliteCommand command, CollectionSchema bound, bool includeVectors, CancellationToken cancellationToken)
    {
        var records = new List<TRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(RecordMapper.Read<TRecord>(reader, bound, includeVectors));
        }

        return records;
    }
}
