using System.Text;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>Reads plain text: one paragraph section per block of lines separated by blank lines.</summary>
public sealed class PlainTextParser : IDocumentParser
{
    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.PlainText];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        var text = StrictTextDecoder.Decode(bytes, "text");
        return ParserFailure.Run("text", () => Parse(text, cancellationToken), cancellationToken);
    }

    private static ParsedDocument Parse(string text, CancellationToken cancellationToken)
    {
        var sections = new SectionListBuilder();
        var paragraph = new StringBuilder();

        // A form feed is a page break: it ends a paragraph like a blank line does.
        var lines = text.Replace("\f", "\n\n", StringComparison.Ordinal).ReplaceLineEndings("\n").Split('\n');
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                Flush(sections, paragraph);
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }

            if (paragraph.Length > 0)
            {
                paragraph.Append('\n');
            }

            paragraph.Append(line.TrimEnd());
        }

        Flush(sections, paragraph);
        return sections.Build();
    }

    private static void Flush(SectionListBuilder sections, StringBuilder paragraph)
    {
        if (paragraph.Length > 0)
        {
            // Line breaks inside a paragraph are kept: addresses, verse and lists written as lines mean them.
            sections.AddLines(paragraph.ToString(), SectionKind.Paragraph);
            paragraph.Clear();
        }
    }
}
