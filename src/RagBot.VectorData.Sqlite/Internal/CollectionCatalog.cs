using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Reads and writes the <c>rb_collections</c> catalog: one row per collection with its schema and change counter.</summary>
internal static class CollectionCatalog
{
    public static async Task<CatalogEntry?> FindAsync(SqliteConnection connection, string name, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, schema, changes FROM rb_collections WHERE name = @name";
        command.Parameters.AddWithValue("@name", name);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new CatalogEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
    }

    public static StoredSchema ParseSchema(CatalogEntry entry) =>
        JsonSerializer.Deserialize(entry.SchemaJson, CodecJsonContext.Default.StoredSchema)
        ?? throw new InvalidDataException($"Collection {entry.Id} has an empty schema.");

    public static async Task<long> CreateAsync(SqliteConnection connection, SqliteTransaction transaction, string name, StoredSchema schema, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Ids are never reused: another process (the API) may still hold a dropped collection's in-memory vectors and
        // postings under its id, and would answer a new collection's queries from them. SQLite's rowid alone would
        // hand out the highest id again once that collection is dropped.
        command.CommandText =
            "INSERT INTO rb_collections(id, name, schema) VALUES(max(" +
            "coalesce((SELECT max(id) FROM rb_collections), 0), " +
            "coalesce((SELECT CAST(value AS INTEGER) FROM rb_meta WHERE key = 'last_collection_id'), 0)) + 1, @name, @schema) RETURNING id";
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@schema", JsonSerializer.Serialize(schema, CodecJsonContext.Default.StoredSchema));
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await RememberIdAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        await StoreDatabase.ExecuteAsync(connection, CollectionSql.CreateTables(id, schema), cancellationToken, transaction).ConfigureAwait(false);
        return id;
    }

    /// <summary>Records the highest id ever used, also for collections created before ids were remembered.</summary>
    private static async Task RememberIdAsync(SqliteConnection connection, SqliteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO rb_meta(key, value) VALUES('last_collection_id', @id) " +
            "ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))";
        command.Parameters.AddWithValue("@id", id.ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets a record definition grow: a plain data property (not indexed, not full-text) that the stored schema lacks
    /// becomes a new nullable column, so an existing collection keeps working (its old rows read the property as
    /// null). Any other difference is left to <see cref="CollectionSchema.Bind"/> to report.
    /// </summary>
    public static async Task<StoredSchema> AddMissingDataColumnsAsync(
        SqliteConnection connection, SqliteTransaction transaction, CatalogEntry entry, CollectionModel model, CancellationToken cancellationToken)
    {
        var stored = ParseSchema(entry);
        var known = stored.Columns.Select(c => c.StorageName).ToHashSet(StringComparer.Ordinal);
        var added = model.DataProperties
            .Where(p => !known.Contains(p.StorageName) && !p.IsIndexed && !p.IsFullTextIndexed)
            .ToList();
        if (added.Count == 0)
        {
            return stored;
        }

        var columns = new List<StoredColumn>(stored.Columns);
        var next = stored.Columns.Select(c => c.Column).Where(c => c.StartsWith('f')).Select(c => int.Parse(c.AsSpan(1), CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
        foreach (var property in added)
        {
            var column = new StoredColumn(property.StorageName, $"f{next++}", "data", SqliteValueCodec.SqlType(property.Type), 0, null, false, false, SqliteValueCodec.IsStringList(property.Type));
            await StoreDatabase.ExecuteAsync(connection, $"ALTER TABLE t{entry.Id} ADD COLUMN {column.Column} {column.SqlType};", cancellationToken, transaction).ConfigureAwait(false);
            columns.Add(column);
        }

        var grown = stored with { Columns = columns };
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE rb_collections SET schema = @schema WHERE id = @id";
        command.Parameters.AddWithValue("@schema", JsonSerializer.Serialize(grown, CodecJsonContext.Default.StoredSchema));
        command.Parameters.AddWithValue("@id", entry.Id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return grown;
    }

    public static async Task<bool> DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(connection, name, cancellationToken, transaction).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        await RememberIdAsync(connection, transaction, entry.Id, cancellationToken).ConfigureAwait(false);
        await StoreDatabase.ExecuteAsync(connection, CollectionSql.DropTables(entry.Id, ParseSchema(entry)), cancellationToken, transaction).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM rb_collections WHERE id = @id";
        command.Parameters.AddWithValue("@id", entry.Id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await StoreDatabase.ExecuteAsync(connection, "PRAGMA incremental_vacuum;", cancellationToken, transaction).ConfigureAwait(false);
        return true;
    }

    public static async Task<List<string>> ListAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM rb_collections ORDER BY name";
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public static async Task<HashSet<long>> ListIdsAsync(SqliteConnection connection, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM rb_collections";
        var ids = new HashSet<long>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Increments the collection's change counter inside the write transaction and returns the value before.</summary>
    public static async Task<long> BumpChangesAsync(SqliteConnection connection, SqliteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE rb_collections SET changes = changes + 1 WHERE id = @id RETURNING changes - 1";
        command.Parameters.AddWithValue("@id", id);
        var before = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return before is long value ? value : throw new InvalidOperationException($"Collection {id} disappeared during a write.");
    }
}

/// <summary>A catalog row: the collection's table id, schema JSON and change counter.</summary>
internal sealed record CatalogEntry(long Id, string SchemaJson, long Changes);
