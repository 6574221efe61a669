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
        var walker = new MarkdownSectionWalker(cancellationToken);
        foreach (var segment in MarkdownSegments.Split(MarkdownInputGuard.Defuse(text)))
        {
            // One segment's syntax tree at a time; the walker carries the heading path across segments.
            walker.Walk(Markdown.Parse(segment.ToString(), Pipeline));
        }

        return walker.Sections.Build();
    }
}
