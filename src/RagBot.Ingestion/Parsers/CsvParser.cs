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

        var records = new TableRecordWriter(sections, header, options.Value.CsvRowsPerSection);
        while (reader.ReadRecord() is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            records.Add(record);
        }

        records.Finish();
        return sections.Build();
    }
}
