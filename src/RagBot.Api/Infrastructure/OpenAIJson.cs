using System.Text.Json;

namespace RagBot.Api.Infrastructure;

/// <summary>OpenAI's JSON style for the /v1 endpoints: snake_case names, nulls written (e.g. <c>"finish_reason": null</c>).</summary>
internal static class OpenAIJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
