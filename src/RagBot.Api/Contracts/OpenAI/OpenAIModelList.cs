using System.Text.Json.Serialization;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>The <c>list</c> object of <c>GET /v1/models</c>.</summary>
public sealed record OpenAIModelList(IReadOnlyList<OpenAIModel> Data)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}
