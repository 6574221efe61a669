using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RagBot.IntegrationTests.Cli;

/// <summary>
/// A batch of `ragbot ingest` whose originals cannot all be stored (here one original's folder is blocked by a file,
/// as a full or broken disk would fail it) fails only the file concerned: the batch falls back to one document at a
/// time, the others are added, and the run reports each file instead of aborting.
/// </summary>
public sealed class BatchedIngestFailureTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _files = Directory.CreateTempSubdirectory("ragbot-cli-batchfail-").FullName;

    [Fact]
    public async Task An_original_that_cannot_be_stored_fails_its_file_alone()
    {
        // Only note-1's original may land in the blocked folder: redraw until the other two hash elsewhere (1 in 128 otherwise).
        List<string> texts;
        do
        {
            texts = Enumerable.Range(0, 3).Select(i => $"Note {i}: how to re-chain a bicycle, number {i}, {Guid.NewGuid():N}.\n").ToList();
        }
        while (OriginalsFolder(texts[0]) == OriginalsFolder(texts[1]) || OriginalsFolder(texts[2]) == OriginalsFolder(texts[1]));

        for (var i = 0; i < texts.Count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(_files, $"note-{i}.txt"), texts[i], TestContext.Current.CancellationToken);
        }

        // The originals of note-1 go under originals/<first two hex digits>/: a file there makes that folder impossible.
        var blocked = OriginalsFolder(texts[1]);
        Directory.CreateDirectory(Path.Combine(_cli.DataDirectory, "originals"));
        await File.WriteAllTextAsync(Path.Combine(_cli.DataDirectory, "originals", blocked), "not a folder", TestContext.Current.CancellationToken);

        var run = await _cli.RunAsync("ingest", _files, "--batch", "8", "--output", "json");

        Assert.Equal(1, run.ExitCode);
        using var summary = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2, summary.RootElement.GetProperty("added").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("failed").GetInt32());
        Assert.Contains("note-1.txt", run.Stderr, StringComparison.Ordinal);
    }

    private static string OriginalsFolder(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..2];

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_files, recursive: true);
    }
}
