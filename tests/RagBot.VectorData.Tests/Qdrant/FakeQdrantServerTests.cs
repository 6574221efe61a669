using System.Text;

namespace RagBot.VectorData.Tests.Qdrant;

/// <summary>The fake must reject what real Qdrant's spec rejects, or the contract tests prove nothing.</summary>
public sealed class FakeQdrantServerTests
{
    [Theory]
    [InlineData("PUT", "collections/c", """{"vectors":{"v":{"size":4,"distance":"Cosinus"}}}""", "not one of")]
    [InlineData("PUT", "collections/c", """{"vectors":{"v":{"size":4}}}""", "required property 'distance'")]
    [InlineData("PUT", "collections/c", """{"vector":{"v":{"size":4,"distance":"Cosine"}}}""", "'vector' is not declared")]
    [InlineData("PUT", "collections/c", """{"vectors":{"v":{"size":0,"distance":"Cosine"}}}""", "below the minimum")]
    [InlineData("POST", "collections/c/points/query", """{"query":{"fusion":"sum"}}""", "anyOf")]
    [InlineData("POST", "collections/c/points/scroll", """{"limit":"ten"}""", "expected integer")]
    [InlineData("PATCH", "collections/c/points", """{}""", "not an operation")]
    [InlineData("PUT", "collections/c/points?wait=yes", """{"points":[]}""", "wait=yes")]
    public async Task Requests_that_break_the_spec_are_recorded_and_answered_with_an_error(string method, string path, string body, string expected)
    {
        await using var context = QdrantTestContext.Start();
        using var http = new HttpClient { BaseAddress = context.Server.Url };

        using var response = await http.SendAsync(
            new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            TestContext.Current.CancellationToken);

        Assert.False(response.IsSuccessStatusCode);
        Assert.Contains(expected, Assert.Single(context.Server.Violations), StringComparison.Ordinal);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
