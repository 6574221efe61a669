using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagBot.IntegrationTests.Api;

public sealed class HealthAndSeedTests : IClassFixture<HealthAndSeedTests.SeededFactory>
{
    private readonly HttpClient _client;

    public HealthAndSeedTests(SeededFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _client = factory.CreateClient();
    }

    /// <summary>Starts like a fresh install: the sample corpus in data/ is ingested on first start.</summary>
    public sealed class SeededFactory() : RagBotApiFactory(new Dictionary<string, string?> { ["RagBot:Ingestion:SeedDirectory"] = "data" });

    [Fact]
    public async Task A_fresh_start_ingests_the_sample_corpus_and_answers_about_it()
    {
        var documents = await _client.GetFromJsonAsync<JsonElement>("/api/documents", TestContext.Current.CancellationToken);
        Assert.True(documents.GetArrayLength() >= 3);
        var answer = await _client.AskAsync(new { message = "What is the default upload size limit?" });
        Assert.Equal("extractive", answer.GetProperty("mode").GetString());
        Assert.Contains("50 MB", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(answer.GetProperty("citations").EnumerateArray());
    }

    /// <summary>The questions a newcomer asks first, answered from the seeded user guide by the default answerer.</summary>
    [Theory]
    [InlineData("How do I switch to OpenAI?", "RagBot:Chat:Provider", "switching-models.md")]
    [InlineData("How do I delete a document?", "DELETE /api/documents/{id}", "managing-documents.md")]
    [InlineData("How do I reindex after changing the embedder?", "ragbot reindex", "")]
    public async Task A_newcomers_questions_about_ragbot_are_answered_on_first_start(string question, string expected, string source)
    {
        var answer = await _client.AskAsync(new { message = question });

        Assert.Equal("extractive", answer.GetProperty("mode").GetString());
        Assert.Contains(expected, answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("source").GetString()!.EndsWith(source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Liveness_and_readiness_report_each_dependency()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var ready = await _client.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("app-state").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("vector-store").GetProperty("status").GetString());
    }
}
