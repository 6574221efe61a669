using RagBot.Chat;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;

namespace RagBot.UnitTests.Chat;

public sealed class CitationFactoryTests
{
    private const string PageTwo = "Before the first start, prime the pump housing with four litres of clean water.";
    private const string PageThree = "Look at the pressure gauge every morning and write the reading in the log book.";

    private static readonly string Text = PageTwo + "\n\n" + PageThree;

    private static RetrievedChunk Chunk(string text, int pageStart = 2, int pageEnd = 3, string? breaks = null) => new(
        new DocumentChunk
        {
            DocumentId = "manual/pump",
            Source = "pump.pdf",
            Text = text,
            HeadingPath = "Operation",
            PageStart = pageStart,
            PageEnd = pageEnd,
            PageBreaks = breaks ?? ChunkPageMap.Format([(PageTwo.Length + 2, 3)]),
        },
        0.5);

    [Fact]
    public void The_page_is_the_page_of_the_quoted_sentence_and_the_url_opens_it()
    {
        var answer = PageThree + " [1]";

        var citation = CitationFactory.Create(1, Chunk(Text), answer, 300);

        Assert.Equal(3, citation.Page);
        Assert.Null(citation.PageEnd);
        Assert.Equal("/api/documents/manual%2Fpump/content#page=3", citation.Url);
        var highlight = Assert.Single(citation.Highlights);
        Assert.Equal(PageThree, citation.Snippet.Substring(highlight.Start, highlight.Length));
    }

    [Fact]
    public void Without_a_quote_the_citation_names_the_first_page_and_the_last_one()
    {
        var citation = CitationFactory.Create(1, Chunk(Text), "The pump needs water first [1].", 300);

        Assert.Equal((2, 3), (citation.Page, citation.PageEnd));
        Assert.Empty(citation.Highlights);
        Assert.StartsWith("Before the first start", citation.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunk_indexed_before_page_maps_existed_still_cites_its_first_page()
    {
        var legacy = Chunk(Text, breaks: "");
        legacy.Chunk.PageBreaks = null;

        var citation = CitationFactory.Create(1, legacy, PageThree + " [1]", 300);

        Assert.Equal((2, 3), (citation.Page, citation.PageEnd));
        Assert.Single(citation.Highlights);
    }

    [Fact]
    public void The_snippet_is_centred_on_the_quote_and_cut_at_word_boundaries()
    {
        var filler = string.Join(" ", Enumerable.Range(0, 80).Select(i => $"word{i}"));
        var text = filler + ". " + PageThree + " " + filler + ".";
        var answer = PageThree + " [2]";

        var citation = CitationFactory.Create(2, Chunk(text, 4, 4, ""), answer, 160);

        var highlight = Assert.Single(citation.Highlights);
        Assert.Equal(PageThree, citation.Snippet.Substring(highlight.Start, highlight.Length));
        Assert.StartsWith("…", citation.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", citation.Snippet, StringComparison.Ordinal);
        var words = citation.Snippet.Trim('…').Split(' ');
        Assert.All(words, w => Assert.Matches(@"^(word\d+\.?|[A-Za-z.]+)$", w));
        Assert.InRange(highlight.Start, 20, citation.Snippet.Length - highlight.Length - 20);
    }

    [Fact]
    public void A_quote_shortened_by_the_answerer_and_a_run_of_markers_still_highlight()
    {
        var answer = PageTwo[..40] + "… [1][2]";

        var first = CitationFactory.Create(1, Chunk(Text), answer, 300);
        var second = CitationFactory.Create(2, Chunk(Text), answer, 300);

        Assert.Equal(PageTwo[..40].TrimEnd(), first.Snippet.Substring(first.Highlights[0].Start, first.Highlights[0].Length));
        Assert.Single(second.Highlights);
        Assert.Empty(CitationFactory.Create(3, Chunk(Text), answer, 300).Highlights);
    }

    [Fact]
    public void Snippets_of_short_or_wordless_text_stay_whole_and_highlights_stay_inside()
    {
        var (shortSnippet, none) = SnippetBuilder.Build("Short text.", [], 300);
        var (longWord, clipped) = SnippetBuilder.Build(new string('x', 500), [(10, 400)], 100);

        Assert.Equal(("Short text.", 0), (shortSnippet, none.Count));
        var highlight = Assert.Single(clipped);
        Assert.InRange(highlight.Start + highlight.Length, 1, longWord.Length);
    }
}
