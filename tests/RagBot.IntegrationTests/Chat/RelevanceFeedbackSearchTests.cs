using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

/// <summary>
/// Pseudo-relevance feedback through <c>/api/search</c> on the real store: the keyword leg's second round finds a
/// document that shares the best hits' words but none of the question's, and the vector leg's second round ranks it
/// next to them while every hit still reports its cosine to the question itself (what the answer gate compares).
/// </summary>
public sealed class RelevanceFeedbackSearchTests
{
    private const string Question = "How do glacier moraines form?";

    private static readonly (string Id, string Text)[] Documents =
    [
        ("moraines-a", "Glacier moraines are ridges of till deposited by retreating ice sheets."),
        ("moraines-b", "Moraines pile up at the glacier front from till and boulders carried by ice sheets."),
        ("drumlins", "Drumlins are hills of till deposited under moving ice sheets."),
        ("invoices", "Invoices are paid within thirty days of the delivery date by bank transfer."),
    ];

    [Theory]
    [InlineData(0, new[] { "moraines-a", "moraines-b" })]
    [InlineData(2, new[] { "moraines-a", "moraines-b", "drumlins" })]
    public async Task Keyword_feedback_finds_the_document_that_shares_the_best_hits_words(int depth, string[] expected)
    {
        var hits = await SearchAsync(
        [
            new("RagBot:Retrieval:Mode", "Keyword"),
            new("RagBot:Retrieval:KeywordFeedbackDepth", depth.ToString(CultureInfo.InvariantCulture)),
        ]);

        // The two moraine documents lead (in either order); drumlins, found by the expansion words only, follows.
        Assert.Equal(expected.Take(2).Order(), hits.Take(2).Select(h => h.DocumentId).Order());
        Assert.Equal(expected.Skip(2), hits.Skip(2).Select(h => h.DocumentId));
    }

    [Fact]
    public async Task Vector_feedback_reranks_but_reports_the_questions_own_cosines()
    {
        var oneRound = await SearchAsync([new("RagBot:Retrieval:Mode", "Vector")]);
        var twoRounds = await SearchAsync(
        [
            new("RagBot:Retrieval:Mode", "Vector"),
            new("RagBot:Retrieval:VectorFeedbackDepth", "2"),
            new("RagBot:Retrieval:VectorFeedbackWeight", "1.0"),
        ]);

        Assert.Equal(["drumlins", "invoices"], twoRounds.Skip(2).Select(h => h.DocumentId));
        Assert.Equal(
            oneRound.ToDictionary(h => h.DocumentId, h => h.VectorSimilarity),
            twoRounds.ToDictionary(h => h.DocumentId, h => h.VectorSimilarity));
    }

    private static async Task<List<(string DocumentId, double? VectorSimilarity)>> SearchAsync(KeyValuePair<string, string?>[] settings)
    {
        using var api = new ConfiguredApiFactory(settings);
        var client = api.CreateClient();
        foreach (var (id, text) in Documents)
        {
            (await client.UploadAsync(id + ".txt", text, id)).EnsureSuccessStatusCode();
        }

        var response = await client.PostAsJsonAsync("/api/search", new { query = Question, topK = 10 }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var hits = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return hits.EnumerateArray()
            .Select(h => (h.GetProperty("documentId").GetString()!, h.TryGetProperty("vectorSimilarity", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : (double?)null))
            .ToList();
    }
}
