using System.Text.Json.Serialization;

namespace RagBot.Api.Contracts.OpenAI;

/// <summary>A <c>model</c> object of <c>GET /v1/models</c>, with the mode RagBot answers in.</summary>
public sealed record OpenAIModel(string Id, long Created, string OwnedBy, RagBotModelExtension Ragbot)
{
    [JsonPropertyOrder(-1)]
    public string Object => "model";
}
