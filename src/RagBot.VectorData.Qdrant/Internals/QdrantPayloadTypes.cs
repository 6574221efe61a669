using System.Text.Json.Nodes;

namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>Maps CLR payload types to Qdrant payload index schemas.</summary>
internal static class QdrantPayloadTypes
{
    /// <summary>The element type of an array or generic list/enumerable (not of string); null for scalars.</summary>
    public static Type? GetElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var argument]
            && typeof(IEnumerable<>).MakeGenericType(argument).IsAssignableFrom(type))
        {
            return argument;
        }

        return null;
    }

    /// <summary>The <c>field_schema</c> of a payload index for an indexed data property.</summary>
    public static JsonNode IndexSchema(Type propertyType, bool fullText)
    {
        if (fullText)
        {
            return new JsonObject { ["type"] = "text", ["tokenizer"] = "word", ["lowercase"] = true };
        }

        var type = GetElementType(propertyType) ?? propertyType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return JsonValue.Create(type switch
        {
            _ when type == typeof(string) || type == typeof(Guid) => "keyword",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
                || type == typeof(uint) || type == typeof(ulong) => "integer",
            _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) => "float",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "datetime",
            _ => throw new NotSupportedException($"Qdrant cannot index a payload field of type {propertyType.Name}."),
        });
    }
}
