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

        var document = await registry.ParseAsync("people.csv", csv, TestContext.Current.CancellationToken);

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
    public async Task Parses_by_file_name_and_bytes_even_from_a_forward_only_stream()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<DocumentParserRegistry>();
        using var markdown = new ForwardOnlyStream(SampleDocuments.Utf8("# Title\n\nBody"));

        var document = await registry.ParseAsync("notes.md", markdown, TestContext.Current.CancellationToken);

        Assert.Equal(["Title", "Body"], document.Texts());
    }

    [Fact]
    public async Task Rejects_a_mismatched_file_before_parsing()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<DocumentParserRegistry>();
        using var pdf = new MemoryStream(SampleDocuments.Pdf());

        var rejected = await Assert.ThrowsAsync<IngestionRejectedException>(
            () => registry.ParseAsync("notes.md", pdf, TestContext.Current.CancellationToken));

        Assert.Equal(RejectionReason.UnsupportedType, rejected.Reason);
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

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
