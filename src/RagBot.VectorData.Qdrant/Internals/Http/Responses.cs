using System.Text.Json.Nodes;

namespace RagBot.VectorData.Qdrant.Internals.Http;

internal sealed record CollectionsResult(IReadOnlyList<CollectionDescription> Collections);

internal sealed record CollectionDescription(string Name);

internal sealed record CollectionExistence(bool Exists);

internal sealed record AliasesResult(IReadOnlyList<AliasDescription> Aliases);

internal sealed record AliasDescription(string AliasName, string CollectionName);

/// <summary>A point as Qdrant returns it from retrieve, scroll and query (score only from query).</summary>
internal sealed record PointRecord(JsonNode Id, JsonObject? Payload, JsonObject? Vector, double? Score);

internal sealed record ScrollResult(IReadOnlyList<PointRecord> Points, JsonNode? NextPageOffset);

internal sealed record QueryResult(IReadOnlyList<PointRecord> Points);

internal sealed record UpdateResultDto(string Status, ulong? OperationId);

internal sealed record CollectionInfoDto(CollectionConfigDto Config);

internal sealed record CollectionConfigDto(CollectionParamsDto Params);

/// <summary><c>Vectors</c> is one <c>VectorParams</c> (unnamed vector) or a map of them by name.</summary>
internal sealed record CollectionParamsDto(JsonObject? Vectors, JsonObject? SparseVectors);
