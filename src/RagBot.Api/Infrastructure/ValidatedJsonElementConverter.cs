using System.Text.Json;
using System.Text.Json.Serialization;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// Reads a free-form <see cref="JsonElement"/> of a request body (an OpenAI message's content, parts and all) and
/// decodes every string and property name in it once, so text that is not valid UTF-8 (raw bytes, or an escaped
/// lone surrogate) fails while the body is read, as the same bytes in a typed string field do: one 400 for every
/// JSON body, instead of an exception later wherever the element happens to be read.
/// </summary>
internal sealed class ValidatedJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        try
        {
            Visit(element, depth: 0);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("The JSON holds text that is not valid UTF-8; send the body as UTF-8.", e);
        }

        return element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        value.WriteTo(writer);
    }

    private static void Visit(JsonElement element, int depth)
    {
        // The reader already enforced the maximum depth; this guard only keeps the recursion obviously bounded.
        if (depth > 256)
        {
            throw new JsonException("The JSON is nested too deeply.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, depth + 1);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Visit(property.Value, depth + 1);
                }

                break;
        }
    }
}
