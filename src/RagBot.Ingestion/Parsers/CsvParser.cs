using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads CSV as readable text: the first record is the header, every further row becomes a line
/// "Header: value; Header: value", and rows are grouped into table sections of a configured size.
/// </summary>
public sealed class CsvParser(IOptions<DocumentParsingOptions> options) : IDocumentParser
{
    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Csv];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        var text = StrictTextDecoder.Decode(bytes, "CSV");
        return ParserFailure.Run("CSV", () => Parse(text, cancellationToken), cancellationToken);
    }

    private ParsedDocument Parse(string text, CancellationToken cancellationToken)
    {
        var reader = new CsvRecordReader(text, CsvRecordReader.DetectDelimiter(text));
        var sections = new SectionListBuilder();
        var header = reader.ReadRecord();
        if (header is null)
        {
            return sections.Build();
        }

        var columns = header.Select((name, i) => Clean(name) is { Length: > 0 } clean ? clean : ColumnName(i)).ToList();
        var rowsPerSection = options.Value.CsvRowsPerSection;
        var batch = new StringBuilder();
        var rowsInBatch = 0;
        var anyRow = false;
        while (reader.ReadRecord() is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = FormatRow(columns, record);
            if (line.Length == 0)
            {
                continue;
            }

            anyRow = true;
            batch.Append(line).Append('\n');
            if (++rowsInBatch == rowsPerSection)
            {
                sections.AddLines(batch.ToString(), SectionKind.Table);
                batch.Clear();
                rowsInBatch = 0;
            }
        }

        if (rowsInBatch > 0)
        {
            sections.AddLines(batch.ToString(), SectionKind.Table);
        }

        if (!anyRow)
        {
            sections.AddText("Columns: " + string.Join("; ", columns), SectionKind.Table);
        }

        return sections.Build();
    }

    private static string FormatRow(List<string> columns, List<string> record)
    {
        var pairs = new List<string>(record.Count);
        for (var i = 0; i < record.Count; i++)
        {
            var value = Clean(record[i]);
            if (value.Length == 0)
            {
                continue;
            }

            if (i >= columns.Count)
            {
                columns.Add(ColumnName(i));
            }

            pairs.Add($"{columns[i]}: {value}");
        }

        return string.Join("; ", pairs);
    }

    private static string ColumnName(int index) => "Column " + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static string Clean(string value) => SectionListBuilder.CollapseWhitespace(value);
}
