using System.Text.Json;
using RagBot.UnitTests.Ingestion.Parsers;

namespace RagBot.IntegrationTests.Cli;

/// <summary>PowerPoint and Excel files through `ragbot ingest` and `ragbot ask`.</summary>
public sealed class OfficeFormatsCliTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _files = Directory.CreateTempSubdirectory("ragbot-cli-office-").FullName;

    [Fact]
    public async Task Pptx_and_xlsx_are_ingested_and_answered_with_pages_and_headings()
    {
        await File.WriteAllBytesAsync(Path.Combine(_files, "review.pptx"), OfficeSamples.Pptx(
            new OfficeSamples.SampleSlide("Welcome", ["Quarterly review of the Lindqvist account"]),
            new OfficeSamples.SampleSlide("Budget", ["The marketing budget for Lindqvist rises to 40000 euros"])), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(_files, "sites.xlsx"), OfficeSamples.Xlsx(
            ("Warehouses", [["Site", "Manager"], ["Tromsø", "Sigrid Aas"], ["Bergen", "Ola Nilsen"]])), TestContext.Current.CancellationToken);

        var ingest = await _cli.RunAsync("ingest", _files, "--output", "json");
        var slide = await _cli.RunAsync("ask", "What is the marketing budget for Lindqvist?");
        var sheet = await _cli.RunAsync("ask", "Who is the manager of the Tromsø site?", "--output", "json");

        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        using (var summary = JsonDocument.Parse(ingest.Stdout))
        {
            Assert.Equal(2, summary.RootElement.GetProperty("added").GetInt32());
        }

        Assert.True(slide.ExitCode == 0, slide.Stderr);
        Assert.Contains("40000 euros", slide.Stdout, StringComparison.Ordinal);
        Assert.Contains("[1] review.pptx p.2", slide.Stdout, StringComparison.Ordinal);
        using var answer = JsonDocument.Parse(sheet.Stdout);
        Assert.Contains("Sigrid Aas", answer.RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("Warehouses", answer.RootElement.GetProperty("citations")[0].GetProperty("headingPath").GetString());
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_files, recursive: true);
    }
}
