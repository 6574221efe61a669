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

    public IEnumerable<FakePoint> OrderedPoints => Points.Values.OrderBy(point => FakePoint.SortKey(point.Id));
}
