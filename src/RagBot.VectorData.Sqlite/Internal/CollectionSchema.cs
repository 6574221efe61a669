using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// Maps a collection model onto SQL: the table <c>t{id}</c> has <c>rid</c> (stable rowid), <c>k</c> (the key) and one
/// column <c>f{n}</c> per data or vector property. Generated column names keep any storage name safe to use in SQL.
/// </summary>
internal sealed class CollectionSchema
{
    public const string KeyColumn = "k";
    public const string RowIdColumn = "rid";
    private const string KeyKind = "key";
    private const string DataKind = "data";
    private const string VectorKind = "vector";

    private readonly Dictionary<PropertyModel, string> columns = [];

    private CollectionSchema(long id, CollectionModel model, StoredSchema stored)
    {
        Id = id;
        Model = model;
        Stored = stored;
        Table = $"t{id}";
    }

    public long Id { get; }

    public CollectionModel Model { get; }

    public StoredSchema Stored { get; }

    public string Table { get; }

    public string ColumnOf(PropertyModel property) =>
        property is KeyPropertyModel ? KeyColumn : columns[property];

    public string FtsTableOf(DataPropertyModel property) => $"{Table}_x{columns[property]}";

    public static StoredSchema Describe(CollectionModel model)
    {
        var list = new List<StoredColumn>
        {
            new(model.KeyProperty.StorageName, KeyColumn, KeyKind, SqliteValueCodec.SqlType(model.KeyProperty.Type), 0, null, true, false, false),
        };
        var n = 0;
        foreach (var data in model.DataProperties)
        {
            list.Add(new(data.StorageName, $"f{n++}", DataKind, SqliteValueCodec.SqlType(data.Type), 0, null, data.IsIndexed, data.IsFullTextIndexed, SqliteValueCodec.IsStringList(data.Type)));
        }

        foreach (var vector in model.VectorProperties)
        {
            list.Add(new(vector.StorageName, $"f{n++}", VectorKind, "BLOB", vector.Dimensions, DistanceOf(vector), false, false, false));
        }

        return new StoredSchema(1, list);
    }

    /// <summary>Binds a model to a stored schema, failing clearly when they disagree (e.g. a different dimension).</summary>
    public static CollectionSchema Bind(long id, string collectionName, CollectionModel model, StoredSchema stored)
    {
        var schema = new CollectionSchema(id, model, stored);
        var byName = stored.Columns.ToDictionary(c => c.StorageName, StringComparer.Ordinal);
        foreach (var property in model.Properties)
        {
            if (!byName.TryGetValue(property.StorageName, out var column))
            {
                throw new VectorStoreException(
                    $"Collection '{collectionName}' has no stored property '{property.StorageName}'; it was created with: " +
                    $"{string.Join(", ", stored.Columns.Select(c => c.StorageName))}. Use a new collection for a changed schema.")
                {
                    CollectionName = collectionName,
                };
            }

            var expectedType = property is VectorPropertyModel ? "BLOB" : SqliteValueCodec.SqlType(property.Type);
            if (column.SqlType != expectedType)
            {
                throw new VectorStoreException(
                    $"Collection '{collectionName}' stores property '{property.StorageName}' as {column.SqlType}, but the record " +
                    $"definition's type {property.Type.Name} needs {expectedType}. Use a new collection for a changed schema.")
                {
                    CollectionName = collectionName,
                };
            }

            if (property is VectorPropertyModel vector)
            {
                if (column.Dimensions != vector.Dimensions)
                {
                    throw new VectorStoreException(
                        $"Collection '{collectionName}' stores vector '{vector.StorageName}' with {column.Dimensions} dimensions, " +
                        $"but the record definition asks for {vector.Dimensions}. Use a new collection (or reindex) when the embedding model changes.")
                    {
                        CollectionName = collectionName,
                    };
                }
            }

            if (property is not KeyPropertyModel)
            {
                schema.columns[property] = column.Column;
            }
        }

        return schema;
    }

    public static string DistanceOf(VectorPropertyModel vector) => vector.DistanceFunction ?? DistanceFunction.CosineSimilarity;
}
