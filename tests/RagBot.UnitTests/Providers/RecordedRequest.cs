using System.Text.Json.Nodes;

namespace RagBot.UnitTests.Providers;

/// <summary>A request as the fake provider received it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
