using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

/// <summary>The sample corpus in the repository's <c>data/</c>, uploaded through the API.</summary>
internal static class SampleCorpus
{
    /// <summary>A client of <paramref name="api"/> after every guide of data/ is uploaded.</summary>
    public static async Task<HttpClient> ClientAsync(ConfiguredApiFactory api, string? apiKey = null)
    {
        var client = api.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        foreach (var file in Directory.GetFiles(Root(), "*.md"))
        {
            (await client.UploadAsync(Path.GetFileName(file), await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))).EnsureSuccessStatusCode();
        }

        return client;
    }

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "data", "api-guide.md")))
            {
                return Path.Combine(directory.FullName, "data");
            }
        }

        throw new DirectoryNotFoundException("data/ (the sample corpus) not found above " + AppContext.BaseDirectory);
    }
}
