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
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Docx];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return await ParserThread.RunAsync("RagBot DOCX parser", () => ParserFailure.Run("a Word (DOCX) document", () => Parse(bytes, cancellationToken), cancellationToken)).ConfigureAwait(false);
    }

    private ParsedDocument Parse(byte[] bytes, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        OfficePackageGuard.Check(bytes, limits, "DOCX");

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
            var cells = row.Elements<TableCell>().Select(cell => SectionListBuilder.CollapseWhitespace(CellText(cell)));
            rows.Append(string.Join(" | ", cells)).Append('\n');
        }

        sections.AddLines(rows.ToString(), SectionKind.Table);
    }

    /// <summary>The text of a cell's paragraphs, including those of nested tables, each paragraph read once.</summary>
    private static string CellText(TableCell cell)
    {
        var text = new StringBuilder();
        var pending = new Stack<OpenXmlElement>();
        pending.Push(cell);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element is Paragraph paragraph)
            {
                text.Append(ParagraphText(paragraph)).Append(' ');
                continue;
            }

            for (var child = element.LastChild; child is not null; child = child.PreviousSibling())
            {
                pending.Push(child);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The visible text of a paragraph: text runs, tabs and breaks. Field codes and deleted text are not text, and of
    /// markup-compatibility alternatives (text boxes are stored twice, for new and old Word) only the first is read.
    /// </summary>
    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        var pending = new Stack<OpenXmlElement>();
        pending.Push(paragraph);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            switch (element)
            {
                case Text run:
                    text.Append(run.Text);
                    continue;
                case TabChar:
                    text.Append('\t');
                    continue;
                case Break or CarriageReturn:
                    text.Append('\n');
                    continue;
                case NoBreakHyphen:
                    text.Append('-');
                    continue;
                case OpenXmlUnknownElement { LocalName: "t" } unknownText when unknownText.NamespaceUri == WordNamespace:
                    // Inside alternative content the SDK cannot type the elements, but w:t is still text.
                    text.Append(unknownText.InnerText);
                    continue;
                case AlternateContent alternatives:
                    var first = alternatives.ChildElements.FirstOrDefault(c => c is AlternateContentChoice or AlternateContentFallback);
                    if (first is not null)
                    {
                        pending.Push(first);
                    }

                    continue;
            }

            for (var child = element.LastChild; child is not null; child = child.PreviousSibling())
            {
                pending.Push(child);
            }
        }

        return text.ToString();
    }
}
