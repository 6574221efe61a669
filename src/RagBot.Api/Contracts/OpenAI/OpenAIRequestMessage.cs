using System.Text.Json;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A message of the conversation; content is a string or an array of parts (text parts are read).</summary>
public sealed record OpenAIRequestMessage
{
    public string? Role { get; init; }

    public JsonElement Content { get; init; }

    public string Text() => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString() ?? "",
        JsonValueKind.Array => string.Join("\n", Content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
