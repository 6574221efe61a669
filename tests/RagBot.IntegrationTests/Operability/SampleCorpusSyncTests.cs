using System.Text.RegularExpressions;

namespace RagBot.IntegrationTests.Operability;

/// <summary>
/// data/ is RagBot's own user guide, written from the README and docs/guide. It must never teach something they do
/// not: every setting, route and CLI command it names has to exist there. Other changes to the README do not break
/// this test; renaming or removing something data/ names does, and then data/ is updated to say what the README now says.
/// </summary>
public sealed partial class SampleCorpusSyncTests
{
    private static readonly string Documentation = Normalize(string.Join(
        "\n",
        new[] { RepositoryFiles.Read("README.md") }
            .Concat(Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "docs", "guide"), "*.md").Select(File.ReadAllText))));

    public static TheoryData<string> CorpusFiles => [.. Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "data"), "*.md")
        .Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_setting_route_and_command_the_sample_corpus_names_is_documented(string fileName)
    {
        var text = Normalize(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "data", fileName)));
        var named = Setting().Matches(text).Select(m => m.Value.TrimEnd(':', '.'))
            .Concat(Route().Matches(text).Select(m => m.Value.TrimEnd('.', ',')))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var commands = Command().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

        // The README's CLI table lists each command as `verb ...`; prose elsewhere says `ragbot verb`.
        var missing = named.Where(name => !Documentation.Contains(name, StringComparison.Ordinal))
            .Concat(commands.Where(verb => !Documentation.Contains("`" + verb, StringComparison.Ordinal) && !Documentation.Contains("ragbot " + verb, StringComparison.Ordinal))
                .Select(verb => "ragbot " + verb))
            .ToList();

        Assert.True(missing.Count == 0, $"data/{fileName} names what the README and docs/guide do not: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_seeded_corpus_covers_the_main_tasks_of_the_readme()
    {
        var corpus = string.Join("\n", Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "data"), "*.md").Select(File.ReadAllText));

        Assert.All(
            ["dotnet run --project src/RagBot.Api", "RagBot:Chat:Provider", "/api/documents", "DELETE /api/documents/{id}", "ragbot reindex", "RagBot:Auth:Keys", "RagBot:Ingestion:MaxUploadBytes"],
            topic => Assert.Contains(topic, corpus, StringComparison.Ordinal));
    }

    /// <summary>Environment-variable spelling (RagBot__Chat__Provider) is the same setting as RagBot:Chat:Provider.</summary>
    private static string Normalize(string text) => text.Replace("__", ":", StringComparison.Ordinal);

    [GeneratedRegex(@"RagBot(:[A-Za-z][A-Za-z0-9]*)+")]
    private static partial Regex Setting();

    [GeneratedRegex(@"/(api|v1)(/[A-Za-z0-9{}._-]+)*")]
    private static partial Regex Route();

    [GeneratedRegex(@"ragbot (ingest|ask|reindex|stats|eval|config check|documents (list|show|delete))")]
    private static partial Regex Command();
}
