using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Core.Chat;

namespace RagBot.UnitTests.Chat;

public sealed class SqliteChatSessionStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-unit", Guid.NewGuid().ToString("N"));
    private readonly SqliteChatSessionStore _store;

    public SqliteChatSessionStoreTests()
    {
        _store = NewStore();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Turns_round_trip_in_order_with_citations_and_owner()
    {
        await _store.AppendTurnAsync("s1", "key-1", Turn("first"), Token);
        await _store.AppendTurnAsync("s1", "key-2", Turn("second"), Token);

        var session = await _store.GetAsync("s1", Token);
        Assert.NotNull(session);
        Assert.Equal("key-1", session.Owner);
        Assert.Equal(["first", "second"], session.Turns.Select(t => t.Question));
        var citation = Assert.Single(session.Turns[0].Citations);
        Assert.Equal("doc-1", citation.DocumentId);
        Assert.Equal(3, citation.Page);
        Assert.Equal("Guide > Limits", citation.HeadingPath);
        Assert.Equal(0.5, citation.Score);
        Assert.Equal("first standalone", session.Turns[0].StandaloneQuery);
        Assert.Equal("extractive", session.Turns[0].Mode);
    }

    [Fact]
    public async Task Recent_turns_are_the_last_ones_oldest_first_and_survive_a_reopen()
    {
        foreach (var question in new[] { "a", "b", "c", "d" })
        {
            await _store.AppendTurnAsync("s2", null, Turn(question), Token);
        }

        var reopened = NewStore();
        Assert.Equal(["c", "d"], (await reopened.GetRecentTurnsAsync("s2", 2, Token)).Select(t => t.Question));
        Assert.Empty(await reopened.GetRecentTurnsAsync("unknown", 2, Token));
        Assert.Null((await reopened.GetAsync("s2", Token))!.Owner);
    }

    [Fact]
    public async Task Delete_removes_the_session_and_its_turns()
    {
        await _store.AppendTurnAsync("s3", null, Turn("q"), Token);
        Assert.True(await _store.DeleteAsync("s3", Token));
        Assert.Null(await _store.GetAsync("s3", Token));
        Assert.Empty(await _store.GetRecentTurnsAsync("s3", 5, Token));
        Assert.False(await _store.DeleteAsync("s3", Token));

        await _store.AppendTurnAsync("s3", null, Turn("again"), Token);
        Assert.Equal(["again"], (await _store.GetAsync("s3", Token))!.Turns.Select(t => t.Question));
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

    private SqliteChatSessionStore NewStore() =>
        new(new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory })), TimeProvider.System);

    private static ChatTurn Turn(string question) => new()
    {
        Question = question,
        StandaloneQuery = question + " standalone",
        Answer = "answer [1]",
        Mode = AnswerMode.Extractive,
        Citations = [new Citation { Index = 1, DocumentId = "doc-1", Source = "a.md", Page = 3, HeadingPath = "Guide > Limits", Snippet = "text", Score = 0.5 }],
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
