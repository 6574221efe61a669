using System.ComponentModel.DataAnnotations;

namespace RagBot.Ingestion.Parsers;

/// <summary>Limits and layout choices for the document parsers, bound from <c>RagBot:Ingestion:Parsing</c>.</summary>
public sealed class DocumentParsingOptions
{
    public const string SectionName = "RagBot:Ingestion:Parsing";

    /// <summary>A DOCX whose parts decompress to more than this many bytes in total is refused (zip bomb guard).</summary>
    [Range(1L, long.MaxValue)]
    public long MaxDocxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>A DOCX part larger than 1 MB that is compressed more than this many times over is refused.</summary>
    [Range(2, 100_000)]
    public int MaxDocxCompressionRatio { get; set; } = 200;

    /// <summary>How many CSV rows go into one section.</summary>
    [Range(1, 10_000)]
    public int CsvRowsPerSection { get; set; } = 20;

    /// <summary>How many <c>path: value</c> lines of JSON go into one section at most.</summary>
    [Range(1, 100_000)]
    public int JsonLinesPerSection { get; set; } = 50;

    /// <summary>Deepest nesting of JSON objects and arrays accepted.</summary>
    [Range(1, 1_000)]
    public int MaxJsonDepth { get; set; } = 64;
}
