using System.Collections.Frozen;

namespace RagBot.Ingestion.ContentTypes;

/// <summary>The content types RagBot ingests and the file extensions that name them.</summary>
public static class DocumentContentTypes
{
    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Csv = "text/csv";
    public const string Json = "application/json";

    /// <summary>Extension (lower case, with the dot) to content type.</summary>
    public static FrozenDictionary<string, string> ByExtension { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = PlainText,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".html"] = Html,
        [".htm"] = Html,
        [".pdf"] = Pdf,
        [".docx"] = Docx,
        [".pptx"] = Pptx,
        [".xlsx"] = Xlsx,
        [".csv"] = Csv,
        [".json"] = Json,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Office Open XML (ZIP) types and the part that proves a package is of that kind.</summary>
    public static FrozenDictionary<string, string> OfficeMainParts { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Docx] = "word/document.xml",
        [Pptx] = "ppt/presentation.xml",
        [Xlsx] = "xl/workbook.xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
