using System.Text.Json;

namespace RagBot.IntegrationTests.Cli;

public sealed class CliCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _files = Directory.CreateTempSubdirectory("ragbot-cli-files-").FullName;

    [Fact]
    public async Task Ingest_reports_added_then_unchanged_and_documents_lists_them()
    {
        WriteSampleFiles();

        var first = await _cli.RunAsync("ingest", _files, "--recursive", "--tag", "team:garden");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("3 added", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("MB/s", first.Stdout, StringComparison.Ordinal);

        var again = await _cli.RunAsync("ingest", _files, "--recursive", "--output", "json");
        Assert.Equal(0, again.ExitCode);
        using (var summary = JsonDocument.Parse(again.Stdout))
        {
            Assert.Equal(0, summary.RootElement.GetProperty("added").GetInt32());
            Assert.Equal(3, summary.RootElement.GetProperty("updated").GetInt32() + summary.RootElement.GetProperty("unchanged").GetInt32());
        }

        var list = await _cli.RunAsync("documents", "list", "--output", "json");
        Assert.Equal(0, list.ExitCode);
        using var documents = JsonDocument.Parse(list.Stdout);
        Assert.Equal(3, documents.RootElement.GetArrayLength());
        var id = documents.RootElement[0].GetProperty("id").GetString()!;

        var show = await _cli.RunAsync("documents", "show", id);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains(id, show.Stdout, StringComparison.Ordinal);

        var delete = await _cli.RunAsync("documents", "delete", id);
        Assert.Equal(0, delete.ExitCode);
        var missing = await _cli.RunAsync("documents", "show", id);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(id, missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_of_many_files_in_parallel_adds_each_once()
    {
        for (var i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(_files, $"note-{i}.md"), $"# Note {i}\n\nNote {i} says the shed key hangs on hook {i}.\n");
        }

        var run = await _cli.RunAsync("ingest", _files, "--parallel", "4", "--output", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(12, json.RootElement.GetProperty("added").GetInt32());
        var list = await _cli.RunAsync("documents", "list", "--output", "json");
        using var documents = JsonDocument.Parse(list.Stdout);
        Assert.Equal(12, documents.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Ask_prints_an_answer_with_its_mode_and_citations()
    {
        WriteSampleFiles();
        Assert.Equal(0, (await _cli.RunAsync("ingest", _files, "--tag", "team:garden")).ExitCode);

        var answer = await _cli.RunAsync("ask", "How often should tomatoes be watered?");

        Assert.True(answer.ExitCode == 0, answer.Stderr);
        Assert.Contains("mode: extractive", answer.Stdout, StringComparison.Ordinal);
        Assert.Contains("[1] tomatoes.md", answer.Stdout, StringComparison.Ordinal);

        var filtered = await _cli.RunAsync("ask", "How often should tomatoes be watered?", "--tag", "team:kitchen", "--output", "json");
        Assert.Equal(0, filtered.ExitCode);
        using var json = JsonDocument.Parse(filtered.Stdout);
        Assert.Equal("not-found", json.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task User_errors_exit_with_1_and_a_message()
    {
        var missingPath = await _cli.RunAsync("ingest", Path.Combine(_files, "nope"));
        Assert.Equal(1, missingPath.ExitCode);
        Assert.Contains("neither a file nor a folder", missingPath.Stderr, StringComparison.Ordinal);

        var noWorkers = await _cli.RunAsync("ingest", _files, "--parallel", "0");
        Assert.Equal(1, noWorkers.ExitCode);
        Assert.Contains("--parallel must be at least 1", noWorkers.Stderr, StringComparison.Ordinal);

        var unknownCommand = await _cli.RunAsync("frobnicate");
        Assert.Equal(1, unknownCommand.ExitCode);

        var badMode = await _cli.RunAsync("eval", "--dataset", _files, "--mode", "psychic");
        Assert.Equal(1, badMode.ExitCode);

        var notADataset = await _cli.RunAsync("eval", "--dataset", _files);
        Assert.Equal(1, notADataset.ExitCode);
        Assert.Contains("corpus.jsonl", notADataset.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_json_prints_exactly_one_object_with_the_metrics()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");

        var result = await _cli.RunAsync("eval", "--dataset", dataset, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["ndcg@10", "recall@10", "recall@100", "mrr@10", "queries", "ingest_s", "reused_index", "p50_ms", "p99_ms", "stages", "answered", "answered_relevant", "false_answers", "negatives", "gate_threshold"], keys);
        Assert.Equal(3, json.RootElement.GetProperty("queries").GetInt32());

        // Per-stage latency from the retrieval's spans: every stage listed, and the two legs of hybrid search timed.
        var stages = json.RootElement.GetProperty("stages");
        Assert.Equal(
            ["query embedding", "vector leg", "keyword leg", "record fetch (in the legs)", "fusion", "feedback (between rounds)", "catalog version check", "de-duplication"],
            stages.EnumerateObject().Select(p => p.Name));
        Assert.True(stages.GetProperty("vector leg").GetProperty("p50_ms").GetDouble() > 0);
        Assert.True(stages.GetProperty("keyword leg").GetProperty("p50_ms").GetDouble() > 0);
        // Six documents: every relevant one is somewhere in the top 100, and the keyword leg puts one on top.
        Assert.Equal(1.0, json.RootElement.GetProperty("recall@100").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("mrr@10").GetDouble());
        Assert.False(Directory.Exists(_cli.DataDirectory), "eval must not touch the live data directory");
    }

    [Fact]
    public async Task Eval_keep_index_reuses_the_index_until_an_index_setting_changes()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");

        var first = await _cli.RunAsync("eval", "--dataset", dataset, "--json", "--keep-index");
        _cli.Settings["RagBot:Retrieval:VectorWeight"] = "0.5";
        var retrievalChanged = await _cli.RunAsync("eval", "--dataset", dataset, "--json", "--keep-index");
        _cli.Settings["RagBot:Chunking:TargetTokens"] = "100";
        var chunkingChanged = await _cli.RunAsync("eval", "--dataset", dataset, "--json", "--keep-index");

        Assert.True(first.ExitCode == 0, first.Stderr);
        using var firstJson = JsonDocument.Parse(first.Stdout);
        using var reusedJson = JsonDocument.Parse(retrievalChanged.Stdout);
        using var rebuiltJson = JsonDocument.Parse(chunkingChanged.Stdout);
        Assert.False(firstJson.RootElement.GetProperty("reused_index").GetBoolean());
        Assert.True(reusedJson.RootElement.GetProperty("reused_index").GetBoolean(), "a retrieval setting does not change the index");
        Assert.Equal(0.0, reusedJson.RootElement.GetProperty("ingest_s").GetDouble(), 1);
        Assert.Equal(firstJson.RootElement.GetProperty("recall@100").GetDouble(), reusedJson.RootElement.GetProperty("recall@100").GetDouble());
        Assert.False(rebuiltJson.RootElement.GetProperty("reused_index").GetBoolean(), "a chunking setting changes the index");
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_cli.DataDirectory, "eval", "indexes")).Length);
    }

    [Fact]
    public async Task Eval_save_keeps_the_result_in_the_data_directory_for_the_api()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");

        var result = await _cli.RunAsync("eval", "--dataset", dataset, "--json", "--save");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var printed = JsonDocument.Parse(result.Stdout);
        var saved = await RagBot.Evaluation.LastEvaluationFile.ReadAsync(_cli.DataDirectory, TestContext.Current.CancellationToken);
        Assert.NotNull(saved);
        Assert.Equal("tiny-beir", saved.Dataset);
        Assert.Equal("hybrid", saved.Mode);
        Assert.Equal(3, saved.Queries);
        Assert.Equal(printed.RootElement.GetProperty("ndcg@10").GetDouble(), saved.Metrics["ndcg@10"]);
        Assert.Equal(["ndcg@10", "recall@10", "recall@100", "mrr@10"], saved.Metrics.Keys);
    }

    [Fact]
    public async Task Eval_runs_judged_and_off_topic_questions_through_the_chat_path()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");
        var outcomes = Path.Combine(_files, "outcomes.jsonl");
        Directory.CreateDirectory(_files);

        var result = await _cli.RunAsync("eval", "--dataset", dataset, "--json", "--negatives", Path.Combine(dataset, "negatives.jsonl"), "--outcomes", outcomes);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        // Judged questions share words with their documents; no negative shares any with the corpus.
        Assert.InRange(json.RootElement.GetProperty("answered").GetDouble(), 0.6, 1.0);
        Assert.InRange(json.RootElement.GetProperty("answered_relevant").GetDouble(), 0.6, 1.0);
        Assert.Equal(0.0, json.RootElement.GetProperty("false_answers").GetDouble());
        Assert.Equal(3, json.RootElement.GetProperty("negatives").GetInt32());
        var lines = await File.ReadAllLinesAsync(outcomes, TestContext.Current.CancellationToken);
        Assert.Equal(6, lines.Length);
        Assert.All(lines.Select(l => JsonDocument.Parse(l).RootElement), o => Assert.True(o.TryGetProperty("topSimilarity", out _)));
    }

    [Fact]
    public async Task Eval_reports_a_missing_negatives_file_as_a_user_error()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");

        var result = await _cli.RunAsync("eval", "--dataset", dataset, "--negatives", Path.Combine(dataset, "no-such.jsonl"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such.jsonl", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vector")]
    [InlineData("keyword")]
    public async Task Eval_runs_each_retrieval_mode(string mode)
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");

        var result = await _cli.RunAsync("eval", "--dataset", dataset, "--json", "--mode", mode);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.InRange(json.RootElement.GetProperty("ndcg@10").GetDouble(), 0.01, 1.0);
    }

    [Fact]
    public async Task Stats_and_reindex_switch_to_the_next_generation()
    {
        WriteSampleFiles();
        Assert.Equal(0, (await _cli.RunAsync("ingest", _files)).ExitCode);

        var dryRun = await _cli.RunAsync("reindex", "--dry-run");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("Would build ragbot-chunks-g2", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 to index", dryRun.Stdout, StringComparison.Ordinal);

        var reindex = await _cli.RunAsync("reindex");
        Assert.True(reindex.ExitCode == 0, reindex.Stderr);
        Assert.Contains("Generation 2 (ragbot-chunks-g2) is active", reindex.Stdout, StringComparison.Ordinal);

        var stats = await _cli.RunAsync("stats", "--output", "json");
        Assert.Equal(0, stats.ExitCode);
        using var json = JsonDocument.Parse(stats.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("documents").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("activeGeneration").GetProperty("id").GetInt64());
        Assert.StartsWith("ragbot-hash", json.RootElement.GetProperty("activeGeneration").GetProperty("embedderModelId").GetString(), StringComparison.Ordinal);
        Assert.False(json.RootElement.GetProperty("reindexNeeded").GetBoolean());

        var answer = await _cli.RunAsync("ask", "How often should tomatoes be watered?");
        Assert.Contains("[1] tomatoes.md", answer.Stdout, StringComparison.Ordinal);
    }

    private void WriteSampleFiles()
    {
        File.WriteAllText(Path.Combine(_files, "tomatoes.md"), "# Tomatoes\n\nWater tomatoes deeply twice a week, early in the morning, so the leaves dry by noon.\n");
        File.WriteAllText(Path.Combine(_files, "compost.txt"), "Compost needs green and brown material in equal parts, turned every two weeks.\n");
        var sub = Directory.CreateDirectory(Path.Combine(_files, "more"));
        File.WriteAllText(Path.Combine(sub.FullName, "roses.md"), "# Roses\n\nPrune roses in late winter, just above an outward-facing bud.\n");
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_files, recursive: true);
    }
}
