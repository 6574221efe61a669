using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.ContentTypes;
using RagBot.Ingestion.Parsers;

namespace RagBot.UnitTests.Ingestion.Parsers;

public sealed class DocumentParserRegistryTests
{
    [Fact]
    public void Registers_a_parser_for_every_supported_extension()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<DocumentParserRegistry>();

        foreach (var contentType in DocumentContentTypes.ByExtension.Values.Distinct())
        {
            Assert.Contains(contentType, registry.GetParser(contentType).ContentTypes);
        }

        Assert.IsType<MarkdownParser>(registry.GetParser("Text/Markdown; charset=utf-8"));
        Assert.Equal(9, services.GetServices<IDocumentParser>().Count());
    }

    [Fact]
    public void Registering_twice_adds_nothing()
    {
        var collection = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        collection.AddRagBotParsers().AddRagBotParsers();
        using var services = collection.BuildServiceProvider();

        Assert.Equal(9, services.GetServices<IDocumentParser>().Count());
    }

    [Fact]
    public async Task Binds_options_from_configuration()
    {
        using var services = BuildServices(new() { ["RagBot:Ingestion:Parsing:CsvRowsPerSection"] = "2" });
        var registry = services.GetRequiredService<DocumentParserRegistry>();
        using var csv = new MemoryStream(SampleDocuments.Utf8(SampleDocuments.Csv(5)));

        var document = await registry.GetParser(DocumentContentTypes.Csv).ParseAsync(csv, "people.csv", TestContext.Current.CancellationToken);

        Assert.Equal(3, document.Sections.Count);
    }

    [Fact]
    public void Refuses_invalid_options()
    {
        using var services = BuildServices(new() { ["RagBot:Ingestion:Parsing:CsvRowsPerSection"] = "0" });

        var failure = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<DocumentParsingOptions>>().Value);

        Assert.Contains("CsvRowsPerSection", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_content_type_without_parser()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<DocumentParserRegistry>();

        var rejected = Assert.Throws<IngestionRejectedException>(() => registry.GetParser("image/png"));

        Assert.Equal(RejectionReason.UnsupportedType, rejected.Reason);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddRagBotParsers()
            .BuildServiceProvider();
    }
}
