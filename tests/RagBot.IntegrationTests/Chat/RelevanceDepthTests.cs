using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

/// <summary>
/// <c>RagBot:Retrieval:RelevanceDepth</c> through the chat API: with a depth of 3 a question counts as found only when
/// its three most similar chunks are similar enough on average, so one chunk that shares the question's words among
/// unrelated ones no longer opens the gate, while a topic the collection covers still does.
/// </summary>
public sealed class RelevanceDepthTests
{
    private const string Question = "How are glacier moraines formed by retreating ice?";

    private static readonly string[] Unrelated =
    [
        "Invoices are paid within thirty days of the delivery date.",
        "The office kitchen is cleaned every Friday afternoon.",
        "Passwords must be changed every ninety days.",
    ];

    private static readonly string[] AboutMoraines =
    [
        "Glacier moraines are formed when retreating ice leaves rock debris behind.",
        "A terminal moraine marks where a glacier stopped before the ice began retreating.",
        "Lateral moraines form along the sides of a glacier from rock that falls onto the ice.",
    ];

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(3, 1, false)]
    [InlineData(3, 3, true)]
    public async Task The_gate_averages_the_best_chunks(int depth, int relatedDocuments, bool found)
    {
        using var api = new ConfiguredApiFactory(
        [
            new("RagBot:Retrieval:MinRelevance", "0.3"),
            new("RagBot:Retrieval:RelevanceDepth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var client = api.CreateClient();
        var documents = AboutMoraines.Take(relatedDocuments).Concat(Unrelated).ToList();
        for (var i = 0; i < documents.Count; i++)
        {
            (await client.UploadAsync($"doc{i}.txt", documents[i])).EnsureSuccessStatusCode();
        }

        var answer = await client.AskAsync(new { message = Question });

        Assert.Equal(found ? "extractive" : "not-found", answer.GetProperty("mode").GetString());
    }
}
