using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Chat;
using RagBot.Core.Chat;

namespace RagBot.UnitTests.Chat;

/// <summary>The session-ownership rule inside Chat, on the real SQLite session store.</summary>
public sealed class OwnedChatSessionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));
    private readonly SqliteChatSessionStore _store;
    private readonly OwnedChatSessions _sessions;

    public OwnedChatSessionsTests()
    {
        _store = new SqliteChatSessionStore(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory })), TimeProvider.System);
        _sessions = new OwnedChatSessions(_store);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_id_from_two_owners_is_two_sessions_each_shown_under_the_client_s_id()
    {
        await _sessions.AppendTurnAsync("alice", "plans", Turn("alice asks"), Token);
        await _sessions.AppendTurnAsync("bob", "plans", Turn("bob asks"), Token);

        var alice = await _sessions.GetAsync("alice", "plans", Token);
        Assert.Equal(("plans", "alice"), (alice!.Id, alice.Owner));
        Assert.Equal(["alice asks"], alice.Turns.Select(t => t.Question));
        Assert.Equal(["bob asks"], (await _sessions.GetRecentTurnsAsync("bob", "plans", 5, Token)).Select(t => t.Question));
        Assert.False(await _sessions.DeleteAsync("mallory", "plans", Token));
        Assert.True(await _sessions.DeleteAsync("bob", "plans", Token));
        Assert.NotNull(await _sessions.GetAsync("alice", "plans", Token));
    }

    [Theory]
    [InlineData(null, "alice/plans")] // an unowned caller (the CLI) naming the stored key
    [InlineData("alice%2F", "plans")] // an owner spelled like an escaped one
    [InlineData("", "alice/plans")]
    public async Task No_other_owner_or_id_reaches_a_session(string? owner, string sessionId)
    {
        await _sessions.AppendTurnAsync("alice", "plans", Turn("alice asks"), Token);
        await _sessions.AppendTurnAsync("alice/", "plans", Turn("slash owner asks"), Token);

        Assert.Null(await _sessions.GetAsync(owner, sessionId, Token));
        Assert.Empty(await _sessions.GetRecentTurnsAsync(owner, sessionId, 5, Token));
        Assert.Equal(["alice asks"], (await _sessions.GetAsync("alice", "plans", Token))!.Turns.Select(t => t.Question));
        Assert.Equal(["slash owner asks"], (await _sessions.GetAsync("alice/", "plans", Token))!.Turns.Select(t => t.Question));
    }

    [Fact]
    public async Task Unowned_sessions_are_their_own_namespace()
    {
        await _sessions.AppendTurnAsync(null, "cli", Turn("from the CLI"), Token);

        Assert.Equal(["from the CLI"], (await _sessions.GetAsync(null, "cli", Token))!.Turns.Select(t => t.Question));
        Assert.Null(await _sessions.GetAsync("anonymous", "cli", Token));
    }

    [Fact]
    public async Task Sessions_stored_under_bare_ids_by_the_previous_version_keep_their_ids_after_the_upgrade()
    {
        // Written as the previous version did (the bare client id), then the schema is set back one version, so that
        // the next process to open the file runs the last migration, as an upgrade does.
        await _store.AppendTurnAsync("plans", "alice", Turn("asked before the upgrade"), Token);
        await _store.AppendTurnAsync("cli-chat", null, Turn("asked without a key"), Token);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "ragbot.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = $"PRAGMA user_version = {version - 1};";
            command.ExecuteNonQuery();
        }

        var upgraded = new OwnedChatSessions(new SqliteChatSessionStore(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory })), TimeProvider.System));
        await upgraded.AppendTurnAsync("alice", "plans", Turn("asked after it"), Token);

        Assert.Equal(["asked before the upgrade", "asked after it"], (await upgraded.GetAsync("alice", "plans", Token))!.Turns.Select(t => t.Question));
        Assert.Equal(["asked without a key"], (await upgraded.GetAsync(null, "cli-chat", Token))!.Turns.Select(t => t.Question));
        Assert.Null(await upgraded.GetAsync("bob", "plans", Token));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    private static ChatTurn Turn(string question) => new()
    {
        Question = question,
        StandaloneQuery = question,
        Answer = "answer",
        Mode = AnswerMode.Extractive,
        Citations = [],
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
