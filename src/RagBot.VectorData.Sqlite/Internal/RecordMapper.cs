using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Moves values between records (through the MEVD model accessors) and SQLite rows.</summary>
internal static class RecordMapper
{
    /// <summary>The select list: rid, k, data columns, then vector columns when asked for.</summary>
    public static string SelectList(CollectionSchema schema, bool includeVectors, string prefix = "")
    {
        var columns = new List<string> { prefix + CollectionSchema.RowIdColumn, prefix + CollectionSchema.KeyColumn };
        columns.AddRange(schema.Model.DataProperties.Select(p => prefix + schema.ColumnOf(p)));
        if (includeVectors)
        {
            columns.AddRange(schema.Model.VectorProperties.Select(p => prefix + schema.ColumnOf(p)));
        }

        return string.Join(", ", columns);
    }

    public static TRecord Read<TRecord>(SqliteDataReader reader, CollectionSchema schema, bool includeVectors)
    {
        var model = schema.Model;
        var record = model.CreateRecord<TRecord>()!;
        model.KeyProperty.SetValueAsObject(record, SqliteValueCodec.FromDb(reader, 1, model.KeyProperty.Type));
        var ordinal = 2;
        foreach (var data in model.DataProperties)
        {
            data.SetValueAsObject(record, SqliteValueCodec.FromDb(reader, ordinal++, data.Type));
        }

        if (includeVectors)
        {
            foreach (var vector in model.VectorProperties)
            {
                var value = reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
                ordinal++;
                if (value is not null && SqliteModelBuilder.IsNativeVectorType(vector.Type))
                {
                    vector.SetValueAsObject(record, ToVectorObject(MemoryMarshal.Cast<byte, float>(value).ToArray(), vector.Type));
                }
            }
        }

        return record;
    }

    /// <summary>Reads a vector property as floats; null when the record has none.</summary>
    public static ReadOnlyMemory<float>? GetVector(object record, VectorPropertyModel vector) => vector.GetValueAsObject(record) switch
    {
        null => null,
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        var other => throw new NotSupportedException(
            $"Vector property '{vector.ModelName}' holds a {other.GetType().Name}; supported: {SqliteModelBuilder.SupportedVectorTypes}."),
    };

    /// <summary>
    /// The vector's bytes in <paramref name="reuse"/> when it has the right length (SQLite copies a bound blob, so a
    /// statement's buffer can be refilled for its next execution), else in a new array.
    /// </summary>
    public static byte[] ToBlob(ReadOnlyMemory<float> vector, object? reuse)
    {
        var bytes = MemoryMarshal.AsBytes(vector.Span);
        var blob = reuse is byte[] buffer && buffer.Length == bytes.Length ? buffer : new byte[bytes.Length];
        bytes.CopyTo(blob);
        return blob;
    }

    public static void EnsureDimensions(VectorPropertyModel vector, int actual, string collection)
    {
        if (actual != vector.Dimensions)
        {
            throw new ArgumentException(
                $"Vector '{vector.ModelName}' of collection '{collection}' expects {vector.Dimensions} dimensions, but got {actual}.");
        }
    }

    private static object ToVectorObject(float[] values, Type type) =>
        type == typeof(float[]) ? values
        : type == typeof(Embedding<float>) ? new Embedding<float>(values)
        : new ReadOnlyMemory<float>(values);
}
