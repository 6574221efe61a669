using Markdig;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads Markdown with Markdig: headings build the heading path; paragraphs, list items, tables (one row per line,
/// cells joined by " | ") and code blocks become sections. Images, raw HTML and front matter are dropped; link text is kept.
/// </summary>
public sealed class MarkdownParser : IDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseYamlFrontMatter()
        .Build();

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Markdown];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        var text = StrictTextDecoder.Decode(bytes, "Markdown");
        return ParserFailure.Run("Markdown", () => Parse(text, cancellationToken), cancellationToken);
    }

    private static ParsedDocument Parse(string text, CancellationToken cancellationToken)
    {
        var document = Markdown.Parse(MarkdownInputGuard.Defuse(text), Pipeline);
        var walker = new MarkdownSectionWalker(cancellationToken);
        walker.Walk(document);
        return walker.Sections.Build();
    }
}
