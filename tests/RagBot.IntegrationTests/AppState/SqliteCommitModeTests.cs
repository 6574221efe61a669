using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Core.Chat;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// Review of the app state's commit modes through the real stores: a chat turn leaves its pooled connection at
/// <c>synchronous = NORMAL</c>, the chat's reads keep it so, and every durable write that the pool hands the very same
/// connection must still commit with <c>FULL</c>.
/// </summary>
public sealed class SqliteCommitModeTests : IDisposable
{
    private const long Normal = 1;
    private const long Full = 2;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ragbot-commit-mode", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_durable_write_on_the_connection_a_chat_turn_relaxed_commits_with_full_sync()
    {
        var database = new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _root }));
        var catalog = new SqliteDocumentCatalog(database);
        var jobs = new SqliteJobStore(database);
        var sessions = new SqliteChatSessionStore(database, TimeProvider.System);
        var generations = new IndexGenerationStore(database, TimeProvider.System);
        var spec = new IndexSpecification("model-a", 384, "chunking-1");
        Func<Task>[] durableWrites =
        [
            () => jobs.CreateAsync(TestJobs.Queued("job-1", "doc-1", T0), Ct),
            () => catalog.SaveAsync(Document("doc-1"), Ct),
            () => generations.EnsureActiveAsync("chunks", spec, Ct),
            async () => await jobs.TryClaimNextAsync(T0.AddMinutes(1), Ct),
            () => jobs.CompleteAsync("job-1", RagBot.Core.Jobs.IngestionJobStatus.Succeeded, "ok", 3, [], T0.AddMinutes(2), Ct),
            async () => await generations.CreateBuildingAsync("chunks", spec with { ChunkingFingerprint = "chunking-2" }, Ct),
            async () => await catalog.DeleteAsync("doc-1", Ct),
            async () => await sessions.DeleteAsync("other-session", Ct),
        ];

        var handles = new HashSet<IntPtr>();
        foreach (var write in durableWrites)
        {
            // A chat: its turn relaxes the pooled connection, then the next chat's reads take it as it is.
            await sessions.AppendTurnAsync("s-1", "alice", Turn(), Ct);
            await sessions.GetRecentTurnsAsync("s-1", 4, Ct);
            await catalog.GetCurrentVersionsAsync(["doc-1"], Ct);
            await generations.GetActiveAsync(Ct);
            handles.Add(await ObserveAsync(database, Normal));

            await write();
            handles.Add(await ObserveAsync(database, Full));
        }

        // Sequential calls reuse one pooled connection: each write above ran on the connection the turn had relaxed.
        Assert.Single(handles);
    }

    /// <summary>The pooled connection a read gets next (the one the last call returned), checked for its commit mode.</summary>
    private static async Task<IntPtr> ObserveAsync(AppStateDatabase database, long expected)
    {
        using var connection = await database.OpenForReadAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(expected, (long)(await command.ExecuteScalarAsync(Ct))!);
        return connection.Handle!.DangerousGetHandle();
    }

    private static DocumentRecord Document(string id) => new()
    {
        Id = id,
        Source = id + ".md",
        ContentType = "text/markdown",
        Sha256 = AppStateConformanceTests.Sha(id),
        SizeBytes = 42,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static ChatTurn Turn() => new()
    {
        Question = "q",
        StandaloneQuery = "q?",
        Answer = "a",
        Mode = "extractive",
        Citations = [],
        CreatedAt = T0,
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
