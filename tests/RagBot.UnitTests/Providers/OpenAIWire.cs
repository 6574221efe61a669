using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagBot.UnitTests.Providers;

/// <summary>Response bodies in the OpenAI REST wire format (also what Azure OpenAI and compatible servers send).</summary>
internal static class OpenAIWire
{
    public static FakeResponse ChatCompletion(string model, string content) => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 12, ["completion_tokens"] = 4, ["total_tokens"] = 16 },
    }.ToJsonString());

    public static FakeResponse ChatStream(string model, params string[] pieces)
    {
        var frames = new List<string>();
        for (var i = 0; i < pieces.Length; i++)
        {
            var delta = new JsonObject { ["content"] = pieces[i] };
            if (i == 0)
            {
                delta["role"] = "assistant";
            }

            frames.Add(Chunk(model, delta, null));
        }

        frames.Add(Chunk(model, new JsonObject(), "stop"));
        frames.Add("[DONE]");
        return new FakeResponse(200, SseData: frames);
    }

    /// <summary>Answers an embeddings request: one vector per input, float array or base64 as the request asks.</summary>
    public static FakeResponse Embeddings(RecordedRequest request, Func<string, float[]> embed)
    {
        var json = request.Json;
        var inputs = json["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [json["input"]!.GetValue<string>()];
        var base64 = json["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = embed(inputs[i]);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        return new FakeResponse(200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = json["model"]?.GetValue<string>() ?? "unknown",
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Count, ["total_tokens"] = inputs.Count },
        }.ToJsonString());
    }

    public static FakeResponse Error(int status, string message, string type, string? code, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message, type, code, param = (string?)null } }), headers);

    /// <summary>A deterministic 4-dimensional vector for a text (its length and first letters).</summary>
    public static float[] VectorOf(string text) => [text.Length, text.Length > 0 ? text[0] : 0, text.Length > 1 ? text[1] : 0, 1];

    private static string Chunk(string model, JsonObject delta, string? finishReason) => new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
