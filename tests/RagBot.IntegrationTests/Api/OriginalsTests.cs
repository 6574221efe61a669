using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace RagBot.IntegrationTests.Api;

public sealed class OriginalsTests : IClassFixture<RagBotApiFactory>
{
    private readonly RagBotApiFactory _factory;
    private readonly HttpClient _client;

    public OriginalsTests(RagBotApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task The_original_is_kept_by_content_hash_and_removed_with_its_last_document()
    {
        const string content = "# Kept\n\nOriginals are kept so the index can be rebuilt.";
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        var path = Path.Combine(_factory.DataDirectory, "originals", sha[..2], sha);

        await _client.UploadAsync("kept-a.md", content, documentId: "kept-a");
        await _client.UploadAsync("kept-b.md", content, documentId: "kept-b");
        Assert.Equal(content, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(new Uri("/api/documents/kept-a", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.True(File.Exists(path), "still used by kept-b");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(new Uri("/api/documents/kept-b", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.False(File.Exists(path));
    }
}
