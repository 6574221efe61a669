using Microsoft.Extensions.Options;
using RagBot.AppState;

namespace RagBot.UnitTests.AppState;

public sealed class AppStateDatabaseTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Processes_opening_a_new_file_at_once_create_the_schema_once_without_errors()
    {
        // Each database object is another process's view of the same new file; before the fix, two of them could both
        // read version 0 and the second failed with "table documents already exists".
        for (var round = 0; round < 10; round++)
        {
            var options = Options.Create(new DataDirectoryOptions { DataDirectory = Path.Combine(_root, round.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
            var opening = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await using var connection = await new AppStateDatabase(options).OpenAsync(TestContext.Current.CancellationToken);
            }, TestContext.Current.CancellationToken));

            await Task.WhenAll(opening);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}
