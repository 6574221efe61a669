using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads Excel workbooks with DocumentFormat.OpenXml: a section per sheet headed by the sheet's name, its first
/// non-empty row as the header, every further row a record "Header: value; Header: value" (as the CSV parser writes
/// them). Cells show their stored value (text, number, TRUE/FALSE; a formula's last computed result). Zip bombs are
/// refused before opening.
/// </summary>
public sealed class XlsxParser(IOptions<DocumentParsingOptions> options) : IDocumentParser
{
    /// <summary>Columns beyond this (XFD is 16,384) would only be a malformed reference; they are ignored.</summary>
    private const int MaxColumns = 16_384;

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Xlsx];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        return await ParserThread.RunAsync("RagBot XLSX parser", () => ParserFailure.Run("an Excel (XLSX) workbook", () => Parse(bytes, cancellationToken), cancellationToken)).ConfigureAwait(false);
    }

    private ParsedDocument Parse(byte[] bytes, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        OfficePackageGuard.Check(bytes, limits, "XLSX");
        var settings = new OpenSettings { MaxCharactersInPart = limits.MaxDocxUncompressedBytes };
        using var package = new MemoryStream(bytes, writable: false);
        using var document = SpreadsheetDocument.Open(package, isEditable: false, settings);
        var workbook = document.WorkbookPart
            ?? throw ParserFailure.Unreadable("The XLSX has no workbook (xl/workbook.xml is missing).");
        var sharedStrings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var sections = new SectionListBuilder();
        foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
            {
                continue;
            }

            sections.AddHeading(1, sheet.Name?.Value is { Length: > 0 } name ? name : "Sheet");
            ReadSheet(part, sharedStrings, sections, limits.CsvRowsPerSection, cancellationToken);
        }

        return sections.Build();
    }

    private static void ReadSheet(WorksheetPart part, List<string> sharedStrings, SectionListBuilder sections, int rowsPerSection, CancellationToken cancellationToken)
    {
        TableRecordWriter? records = null;
        foreach (var row in part.Worksheet?.GetFirstChild<SheetData>()?.Elements<Row>() ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = RowValues(row, sharedStrings);
            if (values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (records is null)
            {
                records = new TableRecordWriter(sections, values, rowsPerSection);
                continue;
            }

            records.Add(values);
        }

        records?.Finish();
    }

    /// <summary>The row's cell values by column (from each cell's reference, so skipped empty cells keep their place).</summary>
    private static List<string> RowValues(Row row, List<string> sharedStrings)
    {
        var values = new List<string>();
        foreach (var cell in row.Elements<Cell>())
        {
            var column = ColumnIndex(cell.CellReference?.Value) ?? values.Count;
            if (column >= MaxColumns)
            {
                continue;
            }

            while (values.Count <= column)
            {
                values.Add("");
            }

            values[column] = CellText(cell, sharedStrings);
        }

        return values;
    }

    private static string CellText(Cell cell, List<string> sharedStrings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count ? sharedStrings[index] : "";
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw;
        }

        return raw;
    }

    /// <summary>The 0-based column of a reference such as "C7", or null when there is none.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
                if (column > MaxColumns)
                {
                    return MaxColumns;
                }
            }
            else
            {
                break;
            }
        }

        return column == 0 ? null : column - 1;
    }
}
