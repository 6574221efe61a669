using System.Net;
using System.Text;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Kestrel's body limit is the upload limit (50 MB), so JSON endpoints carry their own: an outside attack held 2.2 GB
/// with 16 concurrent 31 MB chat requests. Real Kestrel (a child process): the test server does not enforce body limits.
/// </summary>
public sealed class JsonBodyLimitTests : IDisposable
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public async Task Json_bodies_over_their_endpoint_s_limit_are_413_problem_details_and_smaller_ones_are_read()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await ApiProcess.StartAsync(_dataDirectory, new Dictionary<string, string>(), cancellationToken);

        foreach (var (path, limit) in new[] { ("/api/chat", 1 << 20), ("/api/search", 1 << 20), ("/v1/chat/completions", 4 << 20) })
        {
            using var over = await PostAsync(api.Client, path, Padded(limit + 1024), cancellationToken);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
            Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);

            // Under the limit the body is read and judged on its content (here: valid, so not 413).
            using var under = await PostAsync(api.Client, path, Padded(limit - 4096), cancellationToken);
            Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, under.StatusCode);
        }
    }

    /// <summary>With "Expect: 100-continue", as large uploads are sent: the answer to an oversized body comes before it is sent.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>A valid request for every endpoint (a question, and OpenAI's messages), padded with an unknown field to about <paramref name="bytes"/>.</summary>
    private static string Padded(int bytes)
    {
        const string Start = """{"message":"What is RagBot?","query":"What is RagBot?","messages":[{"role":"user","content":"What is RagBot?"}],"padding":" """;
        return Start + new string('x', bytes - Start.Length - 2) + "\"}";
    }
}
