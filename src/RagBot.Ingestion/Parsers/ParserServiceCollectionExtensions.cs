using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

public static class ParserServiceCollectionExtensions
{
    /// <summary>
    /// Registers every document parser (txt, md, html, pdf, docx, pptx, xlsx, csv, json), the <see cref="ContentTypeDetector"/>
    /// and the <see cref="DocumentParserRegistry"/> as singletons, with <see cref="DocumentParsingOptions"/> bound
    /// and validated at start. Needs an <c>IConfiguration</c> in the container (every host has one). Config shape:
    /// <code>
    /// "RagBot": { "Ingestion": { "Parsing": {
    ///   "MaxDocxUncompressedBytes": 209715200, "MaxDocxCompressionRatio": 200,
    ///   "CsvRowsPerSection": 20, "JsonLinesPerSection": 50, "MaxJsonDepth": 64 } } }
    /// </code>
    /// </summary>
    public static IServiceCollection AddRagBotParsers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DocumentParsingOptions>().BindConfiguration(DocumentParsingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<ContentTypeDetector>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IDocumentParser, PlainTextParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, MarkdownParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, HtmlParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, PdfParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, DocxParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, PptxParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, XlsxParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, CsvParser>(),
            ServiceDescriptor.Singleton<IDocumentParser, JsonParser>(),
        ]);
        services.TryAddSingleton<DocumentParserRegistry>();
        return services;
    }
}
