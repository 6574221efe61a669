using System.Text;
using System.Text.Json;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Writes key values as a JSON array so a whole key list binds as one parameter (read back with json_each).</summary>
internal static class KeyJson
{
    public static string Serialize(IEnumerable<object> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                switch (value)
                {
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    case string text:
                        writer.WriteStringValue(text);
                        break;
                    default:
                        throw new NotSupportedException($"Key values of type {value.GetType().Name} are not supported; use Guid, string or long.");
                }
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
