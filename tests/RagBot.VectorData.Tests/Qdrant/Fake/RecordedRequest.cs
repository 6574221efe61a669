using System.Text.Json.Nodes;

namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>A request the fake received, for assertions on the wire format.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body, string? ApiKey)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}
