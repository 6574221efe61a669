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

    [Fact]
    public async Task Turns_appended_at_once_are_all_stored_each_session_numbered_in_each_callers_order()
    {
        // Turns arriving together are committed together: none may be lost or share a number, the turns of one
        // client stay in the order it sent them, and a second store on the same file (another process) is not blocked.
        var other = NewStore();
        var clients = Enumerable.Range(0, 24).Select(c => Task.Run(async () =>
        {
            var store = c % 2 == 0 ? _store : other;
            for (var i = 0; i < 10; i++)
            {
                await store.AppendTurnAsync($"shared-{c % 3}", null, Turn($"c{c}-q{i}"), Token);
                await store.AppendTurnAsync($"own-{c}", "key", Turn($"q{i}"), Token);
            }
        }, Token));
        await Task.WhenAll(clients);

        for (var c = 0; c < 24; c++)
        {
            var own = (await _store.GetAsync($"own-{c}", Token))!;
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"q{i}"), own.Turns.Select(t => t.Question));
            Assert.Equal("key", own.Owner);
        }

        for (var s = 0; s < 3; s++)
        {
            var shared = (await _store.GetAsync($"shared-{s}", Token))!.Turns.Select(t => t.Question).ToList();
            Assert.Equal(80, shared.Count);
            foreach (var c in Enumerable.Range(0, 24).Where(c => c % 3 == s))
            {
                Assert.Equal(Enumerable.Range(0, 10).Select(i => $"c{c}-q{i}"), shared.Where(q => q.StartsWith($"c{c}-", StringComparison.Ordinal)));
            }
        }
    }

    [Fact]
    public async Task A_caller_that_gave_up_gets_a_cancellation_and_the_others_turns_are_stored()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var waiting = Enumerable.Range(0, 8).Select(i => _store.AppendTurnAsync("s5", null, Turn($"q{i}"), Token)).ToList();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.AppendTurnAsync("s5", null, Turn("abandoned"), cancelled.Token));
        await Task.WhenAll(waiting);

        var stored = (await _store.GetAsync("s5", Token))!.Turns.Select(t => t.Question).ToList();
        Assert.Equal(8, stored.Count);
        Assert.DoesNotContain("abandoned", stored);
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
