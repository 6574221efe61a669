using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>A collection of the fake: its vector configuration, payload indexes and points.</summary>
internal sealed class FakeQdrantCollection
{
    public Dictionary<string, (int Size, string Distance)> DenseVectors { get; } = [];

    /// <summary>Sparse vector name → modifier ("idf" or "none").</summary>
    public Dictionary<string, string> SparseVectors { get; } = [];

    public Dictionary<string, JsonNode> PayloadIndexes { get; } = [];

    public Dictionary<string, FakePoint> Points { get; } = [];

    /// <summary>A <c>CollectionInfo</c> as Qdrant reports it (defaults of a fresh single-node collection).</summary>
    public JsonObject Info() => new()
    {
        ["status"] = "green",
        ["optimizer_status"] = "ok",
        ["points_count"] = Points.Count,
        ["indexed_vectors_count"] = 0,
        ["segments_count"] = 1,
        ["config"] = new JsonObject
        {
            ["params"] = new JsonObject
            {
                ["vectors"] = DenseVectors.TryGetValue("", out var single)
                    ? VectorParams(single)
                    : new JsonObject(DenseVectors.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)VectorParams(pair.Value)))),
                ["sparse_vectors"] = new JsonObject(SparseVectors.Select(pair =>
                    KeyValuePair.Create(pair.Key, (JsonNode?)new JsonObject { ["modifier"] = pair.Value }))),
                ["shard_number"] = 1,
                ["replication_factor"] = 1,
                ["write_consistency_factor"] = 1,
                ["on_disk_payload"] = true,
            },
            ["hnsw_config"] = new JsonObject { ["m"] = 16, ["ef_construct"] = 100, ["full_scan_threshold"] = 10000 },
            ["optimizer_config"] = new JsonObject { ["default_segment_number"] = 0, ["flush_interval_sec"] = 5 },
            ["wal_config"] = new JsonObject { ["wal_capacity_mb"] = 32, ["wal_segments_ahead"] = 0 },
        },
        ["payload_schema"] = new JsonObject(PayloadIndexes.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)new JsonObject
        {
            ["data_type"] = pair.Value is JsonObject parameters ? parameters["type"]!.DeepClone() : pair.Value.DeepClone(),
            ["points"] = Points.Values.Count(point => point.Payload[pair.Key] is not null),
        }))),
    };

    private static JsonObject VectorParams((int Size, string Distance) config) => new() { ["size"] = config.Size, ["distance"] = config.Distance };

    public IEnumerable<FakePoint> OrderedPoints => Points.Values.OrderBy(point => FakePoint.SortKey(point.Id));
}
