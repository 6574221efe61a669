using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RagBot.IntegrationTests.Api;

/// <summary>Small helpers to call the API the way a client would.</summary>
internal static class ApiClient
{
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string fileName, string content, string? documentId = null, params string[] tags) =>
        client.UploadBytesAsync(fileName, Encoding.UTF8.GetBytes(content), documentId, tags);

    public static async Task<HttpResponseMessage> UploadBytesAsync(this HttpClient client, string fileName, byte[] content, string? documentId = null, params string[] tags)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (documentId is not null)
        {
            form.Add(new StringContent(documentId), "documentId");
        }

        foreach (var tag in tags)
        {
            form.Add(new StringContent(tag), "tags");
        }

        // wait=true: the upload answers once the document is indexed (or refused), so a test can ask about it at once.
        return await client.PostAsync(new Uri("/api/documents?wait=true", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> AskAsync(this HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/chat", request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static IEnumerable<string> CitedDocumentIds(this JsonElement answer) =>
        answer.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("documentId").GetString()!);
}
