using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.UnitTests.Ingestion.Parsers;

namespace RagBot.IntegrationTests.Api;

/// <summary>
/// Citations a reader can check, through the API: the page of the quoted sentence, its heading path, a link to the
/// original at that page and the quote highlighted in the snippet; PowerPoint and Excel files answered like the rest.
/// </summary>
public sealed class DocumentFormatsTests(RagBotApiFactory factory) : IClassFixture<RagBotApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Facts_on_pages_2_and_5_of_a_pdf_are_cited_with_those_pages_and_their_headings()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadBytesAsync("pump-manual.pdf", OfficeSamples.ManualPdf(), "pump-manual")).StatusCode);

        var prime = await _client.AskAsync(new { message = "How many litres of water prime the pump housing before the first start?" });
        var store = await _client.AskAsync(new { message = "Where do I store the pump?" });

        AssertCites(prime, "four litres", page: 2, "Commissioning");
        AssertCites(store, "frost-free room", page: 5, "Storage");
        var search = await _client.PostAsJsonAsync("/api/search", new { query = "frost-free room for storing the pump" }, TestContext.Current.CancellationToken);
        var hit = (await search.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))[0];
        // The class's other test uploads the same manual under another id, so either copy may rank first.
        var documentId = hit.GetProperty("documentId").GetString();
        Assert.StartsWith("pump-manual", documentId, StringComparison.Ordinal);
        Assert.Equal((5, $"/api/documents/{documentId}/content#page=5"), (hit.GetProperty("page").GetInt32(), hit.GetProperty("url").GetString()));
        var original = await _client.GetAsync(new Uri(hit.GetProperty("url").GetString()!, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
    }

    [Fact]
    public async Task The_openai_compatible_endpoint_carries_the_same_citations()
    {
        await _client.UploadBytesAsync("pump-manual-v1.pdf", OfficeSamples.ManualPdf(), "pump-manual-v1");

        var response = await _client.PostAsJsonAsync(
            "/v1/chat/completions",
            new { model = "ragbot", messages = new[] { new { role = "user", content = "Where do I store the pump?" } } },
            TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var citation = body.GetProperty("ragbot").GetProperty("citations")[0];
        Assert.Equal(5, citation.GetProperty("page").GetInt32());
        Assert.EndsWith("#page=5", citation.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pptx_is_answered_with_the_slide_number_as_page_and_its_notes_searchable()
    {
        var deck = OfficeSamples.Pptx(
            new OfficeSamples.SampleSlide("Welcome", ["Quarterly review of the Lindqvist account"]),
            new OfficeSamples.SampleSlide("Budget", ["The marketing budget for Lindqvist rises to 40000 euros"], "Remind them the increase needs board approval."));
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadBytesAsync("review.pptx", deck, "review")).StatusCode);

        var answer = await _client.AskAsync(new { message = "What is the marketing budget for Lindqvist?" });

        AssertCites(answer, "40000 euros", page: 2, "Budget");
        var notes = await _client.AskAsync(new { message = "Which approval does the Lindqvist budget increase need?" });
        Assert.Contains("board approval", notes.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_xlsx_is_answered_from_rows_named_by_the_header()
    {
        var book = OfficeSamples.Xlsx(("Warehouses", [["Site", "Manager", "Forklifts"], ["Tromsø", "Sigrid Aas", "7"], ["Bergen", "Ola Nilsen", "3"]]));
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadBytesAsync("sites.xlsx", book, "sites")).StatusCode);

        var answer = await _client.AskAsync(new { message = "Who is the manager of the Tromsø site?" });

        Assert.Contains("Sigrid Aas", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("Warehouses", answer.GetProperty("citations")[0].GetProperty("headingPath").GetString());
    }

    private static void AssertCites(JsonElement answer, string fact, int page, string headingPath)
    {
        Assert.Contains(fact, answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var citation = answer.GetProperty("citations").EnumerateArray()
            .First(c => c.GetProperty("snippet").GetString()!.Contains(fact, StringComparison.Ordinal));
        Assert.Equal(page, citation.GetProperty("page").GetInt32());
        Assert.Equal(headingPath, citation.GetProperty("headingPath").GetString());
        Assert.EndsWith($"/content#page={page}", citation.GetProperty("url").GetString(), StringComparison.Ordinal);
        var snippet = citation.GetProperty("snippet").GetString()!;
        var highlight = citation.GetProperty("highlights")[0];
        var quoted = snippet.Substring(highlight.GetProperty("start").GetInt32(), highlight.GetProperty("length").GetInt32());
        Assert.Contains(fact, quoted, StringComparison.Ordinal);
    }
}
