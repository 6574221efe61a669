using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Ingestion.Chunking;

namespace RagBot.UnitTests.Ingestion;

public sealed class TokenChunkerTests
{
    private static readonly Tokenizer Tokenizer = TiktokenTokenizer.CreateForModel("gpt-4");

    private static TokenChunker Create(int target, int overlap) =>
        new(Tokenizer, Options.Create(new ChunkingOptions { TargetTokens = target, OverlapTokens = overlap }));

    private static string Sentences(string topic, int count) =>
        string.Join(" ", Enumerable.Range(1, count).Select(i => $"Sentence {i} explains one more detail about {topic}."));

    [Fact]
    public void Chunks_respect_the_token_target()
    {
        var document = new ParsedDocument([new DocumentSection(Sentences("indexing", 60), ["Guide"])]);
        var chunks = Create(64, 8).Chunk(document, TestContext.Current.CancellationToken);
        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.True(Tokenizer.CountTokens(c.Text) <= 64 + 2, $"{Tokenizer.CountTokens(c.Text)} tokens"));
    }

    [Fact]
    public void Consecutive_chunks_overlap_by_whole_sentences()
    {
        var document = new ParsedDocument([new DocumentSection(Sentences("overlap", 40), [])]);
        var chunks = Create(64, 16).Chunk(document, TestContext.Current.CancellationToken);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].CharStart < chunks[i - 1].CharEnd, "chunks should overlap");
            var firstSentence = chunks[i].Text.Split(". ")[0];
            Assert.Contains(firstSentence, chunks[i - 1].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_overlap_chunks_tile_the_text()
    {
        var document = new ParsedDocument([new DocumentSection(Sentences("tiling", 40), [])]);
        var chunks = Create(64, 0).Chunk(document, TestContext.Current.CancellationToken);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].CharStart >= chunks[i - 1].CharEnd);
        }
    }

    [Fact]
    public void Chunks_never_cross_headings_and_keep_the_heading_path()
    {
        var document = new ParsedDocument(
        [
            new DocumentSection("Install", ["Install"], Kind: SectionKind.Heading),
            new DocumentSection("Run the installer.", ["Install"]),
            new DocumentSection("Configure", ["Install", "Configure"], Kind: SectionKind.Heading),
            new DocumentSection("Set the data directory.", ["Install", "Configure"]),
        ]);
        var chunks = Create(256, 32).Chunk(document, TestContext.Current.CancellationToken);
        Assert.Equal(2, chunks.Count);
        Assert.Equal("Install", chunks[0].HeadingPath);
        Assert.Equal("Run the installer.", chunks[0].Text);
        Assert.Equal("Install > Configure", chunks[1].HeadingPath);
        Assert.Equal("Install > Configure\n\nSet the data directory.", chunks[1].TextForEmbedding);
    }

    [Fact]
    public void Offsets_point_into_the_extracted_text()
    {
        var document = new ParsedDocument(
        [
            new DocumentSection("First paragraph about storage.", []),
            new DocumentSection(Sentences("offsets", 30), []),
            new DocumentSection("Last paragraph about health.", []),
        ]);
        var text = document.ExtractedText;
        foreach (var chunk in Create(48, 8).Chunk(document, TestContext.Current.CancellationToken))
        {
            Assert.Equal(chunk.Text, text[chunk.CharStart..chunk.CharEnd].Trim());
        }
    }

    [Fact]
    public void A_table_that_fits_stays_whole()
    {
        var table = string.Join("\n", Enumerable.Range(1, 8).Select(i => $"row {i} | value {i}"));
        var document = new ParsedDocument(
        [
            new DocumentSection(Sentences("before", 6), []),
            new DocumentSection(table, [], Kind: SectionKind.Table),
        ]);
        var chunks = Create(80, 0).Chunk(document, TestContext.Current.CancellationToken);
        Assert.Contains(chunks, c => c.Text.Contains(table, StringComparison.Ordinal));
    }

    [Fact]
    public void A_sentence_longer_than_a_chunk_is_cut_by_tokens()
    {
        var longSentence = string.Join(" ", Enumerable.Repeat("word", 500));
        var chunks = Create(100, 0).Chunk(new ParsedDocument([new DocumentSection(longSentence, [])]), TestContext.Current.CancellationToken);
        Assert.True(chunks.Count >= 5);
        Assert.All(chunks, c => Assert.True(Tokenizer.CountTokens(c.Text) <= 100));
    }

    [Fact]
    public void Pages_are_carried_into_chunks()
    {
        var document = new ParsedDocument(
        [
            new DocumentSection("On page one.", [], Page: 1),
            new DocumentSection("On page two.", [], Page: 2),
        ]);
        var chunk = Assert.Single(Create(256, 0).Chunk(document, TestContext.Current.CancellationToken));
        Assert.Equal((1, 2), (chunk.PageStart, chunk.PageEnd));
    }

    [Fact]
    public void A_chunk_across_pages_records_where_each_later_page_begins()
    {
        var document = new ParsedDocument(
        [
            new DocumentSection("Prime the pump with water.", ["Setup"], Page: 2),
            new DocumentSection("Open the valve slowly.", ["Setup"], Page: 3),
            new DocumentSection("Check the gauge.", ["Setup"], Page: 5),
        ]);

        var chunk = Assert.Single(Create(256, 0).Chunk(document, TestContext.Current.CancellationToken));

        Assert.Equal((2, 5), (chunk.PageStart, chunk.PageEnd));
        var record = new DocumentChunk { Text = chunk.Text, PageStart = chunk.PageStart, PageEnd = chunk.PageEnd, PageBreaks = chunk.PageBreaks };
        Assert.Equal(2, ChunkPageMap.PageAt(record, chunk.Text.IndexOf("Prime", StringComparison.Ordinal)));
        Assert.Equal(3, ChunkPageMap.PageAt(record, chunk.Text.IndexOf("Open", StringComparison.Ordinal)));
        Assert.Equal(5, ChunkPageMap.PageAt(record, chunk.Text.IndexOf("Check", StringComparison.Ordinal)));
    }

    [Fact]
    public void Chunk_text_and_offsets_are_the_extracted_text_between_them_across_sections()
    {
        // The chunker no longer joins the sections into one string: every chunk, also one spanning sections and
        // pages, must still be exactly that string's slice (trimmed) at its offsets.
        var sections = Enumerable.Range(0, 40).Select(i => new DocumentSection(
            i % 7 == 0 ? $"  Padded section {i}. " + Sentences($"topic {i}", i % 5 + 1) + "  " : Sentences($"topic {i}", i % 9 + 1),
            i < 20 ? ["Part one"] : ["Part two"], Page: i / 6)).ToList();
        sections.Insert(20, new DocumentSection("Part two", [], Kind: SectionKind.Heading));
        var document = new ParsedDocument(sections);
        var text = document.ExtractedText;

        foreach (var (target, overlap) in new[] { (24, 6), (64, 16), (200, 0) })
        {
            var chunks = Create(target, overlap).Chunk(document, TestContext.Current.CancellationToken);
            Assert.True(chunks.Count > 2);
            var enumerated = chunks.ToList();
            Assert.Equal(chunks.Count, enumerated.Count);
            for (var i = 0; i < chunks.Count; i++)
            {
                Assert.Equal(i, chunks[i].Ordinal);
                Assert.Equal(text[chunks[i].CharStart..chunks[i].CharEnd].Trim(), chunks[i].Text);
                Assert.Equal(chunks[i], enumerated[i]);
            }

            Assert.Contains(chunks, c => c.Text.Contains(ParsedDocument.SectionSeparator, StringComparison.Ordinal));
        }
    }
}
