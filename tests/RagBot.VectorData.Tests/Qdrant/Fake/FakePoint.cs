using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>A stored point of the fake: payload, named dense vectors and named sparse vectors.</summary>
internal sealed class FakePoint
{
    public required JsonNode Id { get; init; }

    public required JsonObject Payload { get; init; }

    public Dictionary<string, float[]> Dense { get; } = [];

    public Dictionary<string, (uint[] Indices, float[] Values)> Sparse { get; } = [];

    public ulong Version { get; init; }

    /// <summary>Canonical id text: numbers as digits, UUIDs lower-case with dashes.</summary>
    public static string Key(JsonNode id) => id.GetValueKind() == JsonValueKind.Number
        ? id.GetValue<ulong>().ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Guid.Parse(id.GetValue<string>()).ToString("D");

    /// <summary>Qdrant orders points by id: integers first (numerically), then UUIDs.</summary>
    public static (int, ulong, string) SortKey(JsonNode id) => id.GetValueKind() == JsonValueKind.Number
        ? (0, id.GetValue<ulong>(), "")
        : (1, 0UL, Key(id));

    public JsonObject ToRecord(JsonNode? withPayload, JsonNode? withVector, double? score = null)
    {
        var record = new JsonObject { ["id"] = Id.DeepClone() };
        if (score is { } value)
        {
            record["version"] = Version;
            record["score"] = value;
        }

        if (withPayload is null || withPayload.GetValueKind() == JsonValueKind.True)
        {
            record["payload"] = Payload.DeepClone();
        }

        var names = withVector?.GetValueKind() switch
        {
            JsonValueKind.True => Dense.Keys.Concat(Sparse.Keys).ToList(),
            JsonValueKind.Array => withVector.AsArray().Select(name => name!.GetValue<string>()).ToList(),
            _ => null,
        };
        if (names is not null)
        {
            var vectors = new JsonObject();
            foreach (var name in names)
            {
                if (Dense.TryGetValue(name, out var dense))
                {
                    vectors[name] = new JsonArray([.. dense.Select(x => (JsonNode)x)]);
                }
                else if (Sparse.TryGetValue(name, out var sparse))
                {
                    vectors[name] = new JsonObject
                    {
                        ["indices"] = new JsonArray([.. sparse.Indices.Select(x => (JsonNode)x)]),
                        ["values"] = new JsonArray([.. sparse.Values.Select(x => (JsonNode)x)]),
                    };
                }
            }

            record["vector"] = vectors;
        }

        return record;
    }
}
