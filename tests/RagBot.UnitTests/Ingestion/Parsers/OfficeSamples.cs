using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Drawing = DocumentFormat.OpenXml.Drawing;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>
/// Real PPTX, XLSX and PDF files written with the same libraries Office-compatible tools use (DocumentFormat.OpenXml,
/// PdfPig's writer). Shared by the unit and integration tests (linked into the latter).
/// </summary>
public static class OfficeSamples
{
    public sealed record SampleSlide(string? Title, string[] Body, string? Notes = null, string[][]? Table = null);

    public static byte[] Pptx(params SampleSlide[] slides)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var ids = new SlideIdList();
            uint id = 256;
            foreach (var sample in slides)
            {
                var part = presentation.AddNewPart<SlidePart>();
                var tree = new ShapeTree(new NonVisualGroupShapeProperties(
                    new NonVisualDrawingProperties { Id = 1, Name = "" }, new NonVisualGroupShapeDrawingProperties(), new ApplicationNonVisualDrawingProperties()),
                    new GroupShapeProperties());
                if (sample.Title is not null)
                {
                    tree.Append(TextShape(2, PlaceholderValues.Title, [sample.Title]));
                }

                tree.Append(TextShape(3, PlaceholderValues.Body, sample.Body));
                if (sample.Table is not null)
                {
                    tree.Append(TableFrame(4, sample.Table));
                }

                part.Slide = new Slide(new CommonSlideData(tree));
                if (sample.Notes is not null)
                {
                    var notes = part.AddNewPart<NotesSlidePart>();
                    notes.NotesSlide = new NotesSlide(new CommonSlideData(new ShapeTree(
                        new NonVisualGroupShapeProperties(new NonVisualDrawingProperties { Id = 1, Name = "" }, new NonVisualGroupShapeDrawingProperties(), new ApplicationNonVisualDrawingProperties()),
                        new GroupShapeProperties(),
                        TextShape(2, PlaceholderValues.Body, [sample.Notes]))));
                }

                ids.Append(new SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(part) });
            }

            presentation.Presentation = new Presentation(ids);
        }

        return stream.ToArray();
    }

    public static byte[] Xlsx(params (string Name, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var list = new Sheets();
            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        row.Append(Cell(rows[r][c], $"{(char)('A' + c)}{r + 1}", strings.SharedStringTable));
                    }

                    data.Append(row);
                }

                part.Worksheet = new Worksheet(data);
                list.Append(new Sheet { Name = name, SheetId = sheetId++, Id = workbook.GetIdOfPart(part) });
            }

            workbook.Workbook = new Workbook(list);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A five-page manual: bold headings at body size, a running header and page numbers on every page, one fact on
    /// page 2 and one on page 5, filler elsewhere.
    /// </summary>
    public static byte[] ManualPdf()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        string[][] pages =
        [
            ["Introduction", "This manual describes the Aquaflow pump and how to look after it day to day."],
            ["Commissioning", "Before the first start, prime the pump housing with four litres of clean water.", "Then open the inlet valve slowly."],
            ["Daily checks", "Look at the pressure gauge every morning and write the reading in the log book."],
            ["Cleaning", "Wipe the outer casing with a damp cloth once a week and keep the vents free of dust."],
            ["Storage", "Store the pump in a frost-free room at no less than five degrees Celsius.", "Drain the housing first."],
        ];
        for (var i = 0; i < pages.Length; i++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            page.AddText("Aquaflow Service Manual", 9, new PdfPoint(60, 810), regular);
            page.AddText(pages[i][0], 11, new PdfPoint(60, 740), bold);
            for (var line = 1; line < pages[i].Length; line++)
            {
                page.AddText(pages[i][line], 11, new PdfPoint(60, 740 - (18 * line)), regular);
            }

            page.AddText($"Page {i + 1} of {pages.Length}", 9, new PdfPoint(280, 30), regular);
        }

        return builder.Build();
    }

    private static Cell Cell(string value, string reference, SharedStringTable strings)
    {
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return new Cell { CellReference = reference, CellValue = new CellValue(value) };
        }

        strings.Append(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(value)));
        return new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue((strings.ChildElements.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
    }

    private static DocumentFormat.OpenXml.Presentation.Shape TextShape(uint id, PlaceholderValues placeholder, string[] paragraphs) => new(
        new NonVisualShapeProperties(
            new NonVisualDrawingProperties { Id = id, Name = $"Shape {id}" },
            new NonVisualShapeDrawingProperties(),
            new ApplicationNonVisualDrawingProperties(new PlaceholderShape { Type = placeholder })),
        new ShapeProperties(),
        new TextBody(new OpenXmlElement[] { new Drawing.BodyProperties(), new Drawing.ListStyle() }.Concat(paragraphs.Select(Paragraph))));

    private static GraphicFrame TableFrame(uint id, string[][] rows) => new(
        new NonVisualGraphicFrameProperties(
            new NonVisualDrawingProperties { Id = id, Name = "Table" }, new NonVisualGraphicFrameDrawingProperties(), new ApplicationNonVisualDrawingProperties()),
        new Transform(),
        new Drawing.Graphic(new Drawing.GraphicData(new Drawing.Table(
            [.. rows.Select(r => new Drawing.TableRow([.. r.Select(c => new Drawing.TableCell(new Drawing.TextBody(new Drawing.BodyProperties(), Paragraph(c))))]) { Height = 370840 })]))
        {
            Uri = "http://schemas.openxmlformats.org/drawingml/2006/table",
        }));

    private static Drawing.Paragraph Paragraph(string text) => new(new Drawing.Run(new Drawing.Text(text)));
}
