using System.Net.Http.Json;
using System.Text.Json;

namespace RagBot.IntegrationTests.Operability;

/// <summary>The operations listed in the served <c>/openapi/v1.json</c>, as "METHOD /path" keys.</summary>
internal static class OpenApiDocument
{
    public static async Task<JsonElement> FetchAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

    public static HashSet<string> Operations(JsonElement document)
    {
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations.Add($"{operation.Name.ToUpperInvariant()} {Normalize(path.Name)}");
            }
        }

        return operations;
    }

    /// <summary>"/api/chat/" and "/api/chat" are the same route; parameter names are kept, constraints dropped.</summary>
    public static string Normalize(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return System.Text.RegularExpressions.Regex.Replace(trimmed, @"\{([^}:=?]+)[^}]*\}", "{$1}");
    }
}
