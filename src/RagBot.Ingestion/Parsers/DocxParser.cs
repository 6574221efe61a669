using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads Word documents with DocumentFormat.OpenXml: Title and Heading 1-9 styles build the heading path, numbered
/// or bulleted paragraphs become list items, tables become rows "cell | cell". Zip bombs are refused before opening.
/// </summary>
public sealed class DocxParser(IOptions<DocumentParsingOptions> options) : IDocumentParser
{
    private const int MaxContentControlNesting = 32;

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Docx];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return ParserFailure.Run("a Word (DOCX) document", () => Parse(bytes, cancellationToken), cancellationToken);
    }

    private ParsedDocument Parse(byte[] bytes, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        DocxPackageGuard.Check(bytes, limits);

        var settings = new OpenSettings { MaxCharactersInPart = limits.MaxDocxUncompressedBytes };
        using var package = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(package, isEditable: false, settings);
        var body = document.MainDocumentPart?.Document?.Body
            ?? throw ParserFailure.Unreadable("The DOCX has no document body (word/document.xml is missing or empty).");

        var styles = new DocxStyleResolver(document.MainDocumentPart.StyleDefinitionsPart?.Styles);
        var sections = new SectionListBuilder();
        ReadBlocks(body.ChildElements, styles, sections, 0, cancellationToken);
        return sections.Build();
    }

    private static void ReadBlocks(
        IEnumerable<OpenXmlElement> blocks, DocxStyleResolver styles, SectionListBuilder sections, int depth, CancellationToken cancellationToken)
    {
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (block)
            {
                case Paragraph paragraph:
                    AddParagraph(paragraph, styles, sections);
                    break;
                case Table table:
                    AddTable(table, sections);
                    break;
                case SdtBlock contentControl when depth < MaxContentControlNesting:
                    ReadBlocks(contentControl.SdtContentBlock?.ChildElements ?? [], styles, sections, depth + 1, cancellationToken);
                    break;
            }
        }
    }

    private static void AddParagraph(Paragraph paragraph, DocxStyleResolver styles, SectionListBuilder sections)
    {
        var text = ParagraphText(paragraph);
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (styles.HeadingLevel(paragraph) is { } level)
        {
            sections.AddHeading(level, text);
        }
        else if (styles.IsListItem(paragraph))
        {
            sections.AddText("- " + text, SectionKind.ListItem);
        }
        else
        {
            sections.AddText(text);
        }
    }

    private static void AddTable(Table table, SectionListBuilder sections)
    {
        var rows = new StringBuilder();
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>().Select(cell =>
                SectionListBuilder.CollapseWhitespace(string.Join(' ', cell.Descendants<Paragraph>().Select(ParagraphText))));
            rows.Append(string.Join(" | ", cells)).Append('\n');
        }

        sections.AddLines(rows.ToString(), SectionKind.Table);
    }

    /// <summary>The visible text of a paragraph: text runs, tabs and breaks; field codes and deleted text are not text.</summary>
    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text run:
                    text.Append(run.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
            }
        }

        return text.ToString();
    }
}
