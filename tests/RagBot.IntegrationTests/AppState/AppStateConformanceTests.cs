using System.Text;
using RagBot.Core.Chat;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// What every app-state provider must do for documents, originals, chat sessions and index generations; run
/// against SQLite and PostgreSQL by the subclasses, so a provider cannot drift from the other.
/// </summary>
public abstract class AppStateConformanceTests(IAppStateTarget target) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private AppStateStores _state = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await target.ResetAsync();
        _state = target.Open();
    }

    public async ValueTask DisposeAsync()
    {
        await target.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Documents_round_trip_list_by_source_and_delete()
    {
        await _state.Catalog.SaveAsync(Document("b", "zeta.md", "1"), Ct);
        await _state.Catalog.SaveAsync(Document("a", "Alpha.md", "2") with { Tags = ["x", "y"], ChunkCount = 7 }, Ct);

        var a = await _state.Catalog.GetAsync("a", Ct);
        Assert.NotNull(a);
        Assert.Equal(["x", "y"], a.Tags);
        Assert.Equal(7, a.ChunkCount);
        Assert.Equal(T0, a.CreatedAt);
        Assert.Equal(["Alpha.md", "zeta.md"], (await _state.Catalog.ListAsync(Ct)).Select(d => d.Source));
        Assert.True(await _state.Catalog.DeleteAsync("a", Ct));
        Assert.False(await _state.Catalog.DeleteAsync("a", Ct));
        Assert.Null(await _state.Catalog.GetAsync("a", Ct));
    }

    [Fact]
    public async Task Saving_again_makes_the_new_version_current_and_keeps_the_creation_time()
    {
        await _state.Catalog.SaveAsync(Document("a", "a.md", "1"), Ct);
        await _state.Catalog.SaveAsync(Document("a", "a.md", "2") with { CreatedAt = T0.AddDays(1), UpdatedAt = T0.AddDays(1) }, Ct);

        var current = await _state.Catalog.GetAsync("a", Ct);
        Assert.Equal(Sha("2"), current!.Sha256);
        Assert.Equal(T0, current.CreatedAt);
        Assert.Equal(T0.AddDays(1), current.UpdatedAt);
        var versions = await _state.Catalog.GetCurrentVersionsAsync(["a", "missing"], Ct);
        Assert.Equal(Sha("2"), Assert.Single(versions).Value);
        Assert.Empty(await _state.Catalog.GetCurrentVersionsAsync([], Ct));
        Assert.True(await _state.Catalog.IsVersionInUseAsync(Sha("2"), Ct));
        Assert.False(await _state.Catalog.IsVersionInUseAsync(Sha("1"), Ct));
    }

    [Fact]
    public async Task A_batch_of_documents_is_saved_at_once_and_replaces_existing_ones_keeping_their_creation_time()
    {
        await _state.Catalog.SaveAsync(Document("a", "a.md", "1"), Ct);
        List<DocumentRecord> batch =
        [
            Document("a", "a.md", "2") with { CreatedAt = T0.AddDays(1), UpdatedAt = T0.AddDays(1), ChunkCount = 3 },
            .. Enumerable.Range(0, 40).Select(i => Document($"n{i:D2}", $"n{i:D2}.txt", $"n{i}") with { Tags = [$"team:{i % 3}"], ChunkCount = i }),
        ];

        await _state.Catalog.SaveManyAsync(batch, Ct);
        await _state.Catalog.SaveManyAsync([], Ct);

        var all = await _state.Catalog.ListAsync(Ct);
        Assert.Equal(41, all.Count);
        var a = all.Single(d => d.Id == "a");
        Assert.Equal((Sha("2"), 3, T0, T0.AddDays(1)), (a.Sha256, a.ChunkCount, a.CreatedAt, a.UpdatedAt));
        var n7 = all.Single(d => d.Id == "n07");
        Assert.Equal((Sha("n7"), 7, "n07.txt"), (n7.Sha256, n7.ChunkCount, n7.Source));
        Assert.Equal(["team:1"], n7.Tags);
    }

    [Fact]
    public async Task A_batch_of_originals_is_stored_whole_once_each()
    {
        var contents = Enumerable.Range(0, 20).Select(i => Encoding.UTF8.GetBytes($"original {i} " + new string('x', i * 100))).ToList();
        var batch = contents.Select((bytes, i) => (Sha($"b{i}"), new ReadOnlyMemory<byte>(bytes))).ToList();

        await _state.Originals.SaveManyAsync([.. batch, batch[0]], Ct);
        await _state.Originals.SaveManyAsync(batch, Ct);

        for (var i = 0; i < contents.Count; i++)
        {
            Assert.Equal(contents[i], await target.Open().Originals.ReadAsync(Sha($"b{i}"), Ct));
        }
    }

    [Fact]
    public async Task Originals_are_stored_once_read_by_another_process_and_deleted()
    {
        var bytes = new byte[300_000];
        new Random(5).NextBytes(bytes);
        await _state.Originals.SaveAsync(Sha("o"), bytes, Ct);
        await _state.Originals.SaveAsync(Sha("o"), bytes, Ct);

        Assert.Equal(bytes, await target.Open().Originals.ReadAsync(Sha("o").ToUpperInvariant(), Ct));
        await _state.Originals.DeleteAsync(Sha("o"), Ct);
        Assert.Null(await _state.Originals.ReadAsync(Sha("o"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _state.Originals.ReadAsync("../../etc/passwd", Ct));
    }

    [Fact]
    public async Task An_original_opened_for_download_reads_whole_even_when_deleted_meanwhile()
    {
        var bytes = new byte[1_000_000];
        new Random(7).NextBytes(bytes);
        await _state.Originals.SaveAsync(Sha("d"), bytes, Ct);

        await using var download = await _state.Originals.OpenReadAsync(Sha("d"), Ct);
        Assert.NotNull(download);
        var first = new byte[1000];
        await download.ReadExactlyAsync(first, Ct);
        await _state.Originals.DeleteAsync(Sha("d"), Ct);
        using var rest = new MemoryStream();
        await download.CopyToAsync(rest, Ct);

        Assert.Equal(bytes, first.Concat(rest.ToArray()).ToArray());
        Assert.Null(await _state.Originals.OpenReadAsync(Sha("d"), Ct));
    }

    [Fact]
    public async Task Session_turns_keep_order_owner_and_citations_and_continue_in_another_process()
    {
        await _state.Sessions.AppendTurnAsync("s1", "key-1", Turn("first"), Ct);
        await target.Open().Sessions.AppendTurnAsync("s1", "key-2", Turn("second"), Ct);
        await _state.Sessions.AppendTurnAsync("s1", null, Turn("third"), Ct);

        var session = await target.Open().Sessions.GetAsync("s1", Ct);
        Assert.NotNull(session);
        Assert.Equal("key-1", session.Owner);
        Assert.Equal(["first", "second", "third"], session.Turns.Select(t => t.Question));
        Assert.Equal("doc-1", Assert.Single(session.Turns[0].Citations).DocumentId);
        Assert.Equal(["second", "third"], (await _state.Sessions.GetRecentTurnsAsync("s1", 2, Ct)).Select(t => t.Question));
        Assert.Empty(await _state.Sessions.GetRecentTurnsAsync("s1", 0, Ct));
        Assert.Empty(await _state.Sessions.GetRecentTurnsAsync("unknown", 3, Ct));
        Assert.True(await _state.Sessions.DeleteAsync("s1", Ct));
        Assert.Null(await _state.Sessions.GetAsync("s1", Ct));
        Assert.False(await _state.Sessions.DeleteAsync("s1", Ct));
    }

    [Fact]
    public async Task Turns_appended_at_once_by_two_processes_are_all_kept_with_distinct_numbers()
    {
        var other = target.Open();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? _state : other).Sessions.AppendTurnAsync("busy", null, Turn($"q{i}"), Ct)));

        var session = await _state.Sessions.GetAsync("busy", Ct);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"q{i}").Order(), session!.Turns.Select(t => t.Question).Order());
    }

    [Fact]
    public async Task The_first_active_generation_is_recorded_once()
    {
        var spec = new IndexSpecification("model-a", 384, "chunking-1");
        var first = await _state.Generations.EnsureActiveAsync("chunks", spec, Ct);
        var again = await target.Open().Generations.EnsureActiveAsync("other", spec, Ct);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("chunks", again.CollectionName);
        Assert.Equal(IndexGenerationStatus.Active, again.Status);
        Assert.True(spec.Matches(again));
        Assert.NotNull(again.ActivatedAt);
        Assert.Single(await _state.Generations.ListAsync(Ct));
    }

    [Fact]
    public async Task A_building_generation_records_progress_and_switches_in_one_step()
    {
        var spec = new IndexSpecification("model-a", 384, "chunking-1");
        var old = await _state.Generations.EnsureActiveAsync("chunks", spec, Ct);
        var building = await _state.Generations.CreateBuildingAsync("chunks", spec with { ChunkingFingerprint = "chunking-2" }, Ct);
        Assert.Equal($"chunks-g{old.Id + 1}", building.CollectionName);
        Assert.Equal(building, await _state.Generations.GetBuildingAsync(Ct));

        await _state.Generations.RecordProgressAsync(building.Id, "a", new IndexedDocumentVersion(Sha("1"), 3, ["t"]), Ct);
        await _state.Generations.RecordProgressAsync(building.Id, "b", new IndexedDocumentVersion(Sha("2"), 1, null), Ct);
        await _state.Generations.RecordProgressAsync(building.Id, "a", new IndexedDocumentVersion(Sha("3"), 4, ["t", "u"]), Ct);
        await _state.Generations.RemoveProgressAsync(building.Id, "b", Ct);
        var progress = await target.Open().Generations.GetProgressAsync(building.Id, Ct);
        Assert.Equal(Sha("3"), Assert.Single(progress).Value.Sha256);
        Assert.Equal(["t", "u"], progress["a"].Tags);

        var retired = await _state.Generations.ActivateAsync(building.Id, Ct);
        Assert.Equal(old.Id, retired!.Id);
        Assert.Equal(building.Id, (await target.Open().Generations.GetActiveAsync(Ct))!.Id);
        Assert.Null(await _state.Generations.GetBuildingAsync(Ct));
        Assert.Equal(IndexGenerationStatus.Retired, (await _state.Generations.ListAsync(Ct)).Single(g => g.Id == old.Id).Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _state.Generations.ActivateAsync(old.Id, Ct));
        Assert.Equal(building.Id, (await _state.Generations.GetActiveAsync(Ct))!.Id);
    }

    [Fact]
    public async Task A_retired_building_generation_is_no_longer_resumed()
    {
        var spec = new IndexSpecification("model-a", 384, "chunking-1");
        await _state.Generations.EnsureActiveAsync("chunks", spec, Ct);
        var building = await _state.Generations.CreateBuildingAsync("chunks", spec, Ct);

        await _state.Generations.RetireBuildingAsync(building.Id, Ct);

        Assert.Null(await _state.Generations.GetBuildingAsync(Ct));
        var next = await _state.Generations.CreateBuildingAsync("chunks", spec, Ct);
        Assert.Equal(building.Id + 1, next.Id);
    }

    internal static string Sha(string seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    private static DocumentRecord Document(string id, string source, string version) => new()
    {
        Id = id,
        Source = source,
        ContentType = "text/markdown",
        Sha256 = Sha(version),
        SizeBytes = 42,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static ChatTurn Turn(string question) => new()
    {
        Question = question,
        StandaloneQuery = question + "?",
        Answer = "answer to " + question,
        Mode = "extractive",
        Citations = [new Citation { Index = 1, DocumentId = "doc-1", Source = "a.md", Snippet = "s", Score = 0.5, Page = 2 }],
        CreatedAt = T0,
    };
}
