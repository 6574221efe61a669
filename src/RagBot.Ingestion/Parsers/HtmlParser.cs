using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;
using AngleSharpHtmlParser = AngleSharp.Html.Parser.HtmlParser;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads HTML with AngleSharp: the page's own content only (scripts, styles, navigation, page header and footer,
/// asides and hidden elements are dropped); h1-h6 build the heading path; tables become rows "cell | cell".
/// </summary>
public sealed class HtmlParser : IDocumentParser
{
    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Html];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        var text = StrictTextDecoder.Decode(bytes, "HTML");
        return ParserFailure.Run("HTML", () => Parse(text, cancellationToken), cancellationToken);
    }

    private static ParsedDocument Parse(string html, CancellationToken cancellationToken)
    {
        HtmlNestingGuard.Check(html);
        var parser = new AngleSharpHtmlParser();
        using var document = parser.ParseDocument(html);
        var root = (AngleSharp.Dom.INode?)document.Body ?? document.DocumentElement;
        var walker = new HtmlSectionWalker(cancellationToken);
        if (root is not null)
        {
            walker.Walk(root);
        }

        return walker.Build();
    }
}
