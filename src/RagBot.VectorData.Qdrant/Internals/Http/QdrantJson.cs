using System.Text.Json;
using System.Text.Json.Serialization;

namespace RagBot.VectorData.Qdrant.Internals.Http;

internal static class QdrantJson
{
    /// <summary>Wire format of Qdrant's DTOs: snake_case names, nulls left out.</summary>
    public static JsonSerializerOptions Wire { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Payload values: record property values as the application wrote them.</summary>
    public static JsonSerializerOptions Payload { get; } = new(JsonSerializerDefaults.Web);
}
