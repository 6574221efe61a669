using System.Text.Json.Nodes;

namespace RagBot.VectorData.Qdrant.Internals.Http;

internal sealed record UpsertPointsRequest(IReadOnlyList<PointStruct> Points);

/// <summary>Vector values are <c>float[]</c> (dense) or <see cref="SparseVectorDto"/> (sparse), keyed by vector name.</summary>
internal sealed record PointStruct(JsonNode Id, Dictionary<string, object> Vector, JsonObject Payload);

internal sealed record SparseVectorDto(uint[] Indices, float[] Values);

internal sealed record GetPointsRequest(IReadOnlyList<JsonNode> Ids, bool WithPayload, JsonNode WithVector);

internal sealed record DeletePointsRequest(IReadOnlyList<JsonNode> Points);

internal sealed record ScrollRequest(
    JsonObject? Filter,
    int Limit,
    JsonNode? Offset,
    bool WithPayload,
    JsonNode WithVector,
    ScrollOrderBy? OrderBy);

internal sealed record ScrollOrderBy(string Key, string Direction);

/// <summary><c>Query</c> is a dense <c>float[]</c> or a <see cref="SparseVectorDto"/>.</summary>
internal sealed record QueryRequest(
    object Query,
    string Using,
    JsonObject? Filter,
    int Limit,
    int? Offset,
    double? ScoreThreshold,
    bool WithPayload,
    JsonNode WithVector);
