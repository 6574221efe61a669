using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;
using Drawing = DocumentFormat.OpenXml.Drawing;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads PowerPoint decks with DocumentFormat.OpenXml: a section per slide, its title as the heading (or "Slide N"),
/// its slide number as the page, each text paragraph a section of its own, tables as rows "cell | cell", and the
/// speaker notes after the slide's text. Zip bombs are refused before opening.
/// </summary>
public sealed class PptxParser(IOptions<DocumentParsingOptions> options) : IDocumentParser
{
    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Pptx];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return await ParserThread.RunAsync("RagBot PPTX parser", () => ParserFailure.Run("a PowerPoint (PPTX) presentation", () => Parse(bytes, cancellationToken), cancellationToken)).ConfigureAwait(false);
    }

    private ParsedDocument Parse(byte[] bytes, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        OfficePackageGuard.Check(bytes, limits, "PPTX");
        var settings = new OpenSettings { MaxCharactersInPart = limits.MaxDocxUncompressedBytes };
        using var package = new MemoryStream(bytes, writable: false);
        using var document = PresentationDocument.Open(package, isEditable: false, settings);
        var presentation = document.PresentationPart
            ?? throw ParserFailure.Unreadable("The PPTX has no presentation part (ppt/presentation.xml is missing).");
        var sections = new SectionListBuilder();
        var number = 0;
        foreach (var slideId in presentation.Presentation?.SlideIdList?.Elements<SlideId>() ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            if (slideId.RelationshipId?.Value is not { } relationship || presentation.GetPartById(relationship) is not SlidePart slide)
            {
                continue;
            }

            ReadSlide(slide, number, sections);
        }

        return sections.Build();
    }

    private static void ReadSlide(SlidePart slide, int number, SectionListBuilder sections)
    {
        var shapes = slide.Slide?.CommonSlideData?.ShapeTree?.Descendants<Shape>().ToList() ?? [];
        var title = shapes.FirstOrDefault(IsTitle);
        var titleText = title is null ? "" : SectionListBuilder.CollapseWhitespace(string.Join(" ", Paragraphs(title)));
        sections.AddHeading(1, titleText.Length > 0 ? titleText : $"Slide {number}", number);
        foreach (var shape in shapes.Where(s => s != title))
        {
            foreach (var paragraph in Paragraphs(shape))
            {
                sections.AddText(paragraph, SectionKind.Paragraph, number);
            }
        }

        foreach (var table in slide.Slide?.Descendants<Drawing.Table>() ?? [])
        {
            var rows = new StringBuilder();
            foreach (var row in table.Elements<Drawing.TableRow>())
            {
                rows.AppendJoin(" | ", row.Elements<Drawing.TableCell>().Select(c => SectionListBuilder.CollapseWhitespace(string.Join(" ", Paragraphs(c))))).Append('\n');
            }

            sections.AddLines(rows.ToString(), SectionKind.Table, number);
        }

        var notes = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree?.Descendants<Shape>()
            .Where(s => PlaceholderType(s) is not { } type || type == PlaceholderValues.Body)
            .SelectMany(Paragraphs)
            .ToList() ?? [];
        if (notes.Count > 0)
        {
            sections.AddText("Speaker notes: " + string.Join(" ", notes), SectionKind.Paragraph, number);
        }
    }

    private static bool IsTitle(Shape shape) => PlaceholderType(shape) is { } type && (type == PlaceholderValues.Title || type == PlaceholderValues.CenteredTitle);

    private static PlaceholderValues? PlaceholderType(Shape shape)
    {
        var placeholder = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.GetFirstChild<PlaceholderShape>();
        return placeholder is null ? null : placeholder.Type?.Value ?? PlaceholderValues.Body;
    }

    /// <summary>The text of each non-empty paragraph (a:p) under an element: runs, fields and line breaks.</summary>
    private static IEnumerable<string> Paragraphs(OpenXmlElement element) =>
        element.Descendants<Drawing.Paragraph>()
            .Select(p => SectionListBuilder.CollapseWhitespace(string.Concat(p.Descendants().Select(Piece))))
            .Where(text => text.Length > 0);

    private static string Piece(OpenXmlElement element) => element switch
    {
        Drawing.Text text => text.Text,
        Drawing.Break => " ",
        _ => "",
    };
}
