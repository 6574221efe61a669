using RagBot.Hosting.Configuration;

namespace RagBot.IntegrationTests.Operability;

public sealed class ConfigurationCheckerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-config-check", Guid.NewGuid().ToString("N"));

    public ConfigurationCheckerTests()
    {
        Directory.CreateDirectory(_directory);
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
            // A file still held by a pooled connection; the OS cleans the temp folder.
        }
    }

    [Fact]
    public async Task The_default_configuration_is_valid()
    {
        var report = await CheckAsync(probe: false);

        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("Configuration is valid", report.ToString(), StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Setting == "RagBot:Chat:Provider" && f.Message.Contains("Local", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--RagBot:Chat:Provider=OpenAI", "RagBot:Chat:OpenAI:ApiKey")]
    [InlineData("--RagBot:Chat:Provider=Bogus", "RagBot:Chat:Provider")]
    [InlineData("--RagBot:Chat:MaxContextTokens=5", "RagBot:Chat:MaxContextTokens")]
    [InlineData("--RagBot:Chat:PromptsDirectory=/no/such/prompts", "RagBot:Chat:PromptsDirectory")]
    [InlineData("--RagBot:Embeddings:Onnx:ModelPath=/no/such/model.onnx", "RagBot:Embeddings:Onnx:ModelPath")]
    [InlineData("--RagBot:Embeddings:Onnx:Model=MiniLM --RagBot:Embeddings:Onnx:ModelPath=/no/such/model.onnx", "RagBot:Embeddings:Onnx:Model")]
    [InlineData("--RagBot:Chat:Provider=OpenAICompatible --RagBot:Chat:OpenAICompatible:BaseUrl=localhost-11434 --RagBot:Chat:OpenAICompatible:Model=llama", "RagBot:Chat:OpenAICompatible:BaseUrl")]
    [InlineData("--OTEL_EXPORTER_OTLP_ENDPOINT=collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("--RagBot:VectorStore:CollectionName=bad/name", "RagBot:VectorStore:CollectionName")]
    public async Task A_broken_setting_fails_the_check_with_a_message_naming_it(string args, string setting)
    {
        var report = await CheckAsync(probe: false, args.Split(' '));

        Assert.False(report.IsValid);
        Assert.Equal(1, report.ExitCode);
        Assert.Contains(report.Errors, e => e.Setting == setting);
        Assert.Contains(setting, report.ToString(), StringComparison.Ordinal);
        Assert.Contains("INVALID", report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ragbot.db")]
    [InlineData("vectors.db")]
    public async Task An_embedding_cache_pointed_at_the_app_state_or_vector_store_file_is_refused(string file)
    {
        var report = await CheckAsync(false, "--RagBot:Embeddings:Provider=Onnx", $"--RagBot:Embeddings:Cache:Path={Path.Combine(_directory, "data", file)}");

        Assert.False(report.IsValid);
        Assert.Contains(report.Errors, e => e.Setting == "RagBot:Embeddings:Cache:Path" && e.Message.Contains("file of its own", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_embedding_cache_file_of_its_own_passes()
    {
        var report = await CheckAsync(false, "--RagBot:Embeddings:Provider=Onnx", $"--RagBot:Embeddings:Cache:Path={Path.Combine(_directory, "data", "my-cache.db")}");

        Assert.DoesNotContain(report.Errors, e => e.Setting == "RagBot:Embeddings:Cache:Path");
    }

    [Fact]
    public async Task An_onnx_model_path_that_does_not_exist_is_named()
    {
        var vocab = Path.Combine(_directory, "vocab.txt");
        await File.WriteAllTextAsync(vocab, "[PAD]\n[UNK]\n", TestContext.Current.CancellationToken);

        var report = await CheckAsync(false, "--RagBot:Embeddings:Provider=Onnx", $"--RagBot:Embeddings:Onnx:ModelPath={Path.Combine(_directory, "missing.onnx")}", $"--RagBot:Embeddings:Onnx:VocabPath={vocab}");

        Assert.False(report.IsValid);
        Assert.Contains(report.Errors, e => e.Message.Contains("RagBot:Embeddings:Onnx:ModelPath", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probing_the_local_setup_opens_the_stores_and_reports_the_embedder_dimension()
    {
        var report = await CheckAsync(probe: true);

        Assert.True(report.IsValid, report.ToString());
        Assert.Contains(report.Findings, f => f.Setting == "RagBot:VectorStore" && f.Message.Contains("matches the embedder", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Setting == "RagBot:DataDirectory" && f.Message.StartsWith("probe:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probing_after_changing_the_embedder_dimension_reports_the_index_mismatch()
    {
        Assert.True((await CheckAsync(true, "--RagBot:Embeddings:Provider=Hashing", "--RagBot:Embeddings:Local:Dimensions=256")).IsValid);

        var report = await CheckAsync(true, "--RagBot:Embeddings:Provider=Hashing", "--RagBot:Embeddings:Local:Dimensions=384");

        Assert.False(report.IsValid, report.ToString());
        var error = Assert.Single(report.Errors);
        Assert.Equal("RagBot:Embeddings", error.Setting);
        Assert.Contains("384", error.Message, StringComparison.Ordinal);
        Assert.Contains("ragbot reindex", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probing_a_remote_provider_that_refuses_the_key_fails_without_printing_the_key()
    {
        const string key = "sk-test-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";
        await using var server = await FakeModelsServer.StartAsync("another-key");

        var report = await CheckAsync(true, "--RagBot:Chat:Provider=OpenAI", $"--RagBot:Chat:OpenAI:ApiKey={key}", $"--RagBot:Chat:OpenAI:Endpoint={server.BaseUrl}");

        Assert.False(report.IsValid);
        Assert.Contains(report.Errors, e => e.Setting == "RagBot:Chat:OpenAI" && e.Message.Contains("RagBot:Chat:OpenAI:ApiKey", StringComparison.Ordinal));
        Assert.DoesNotContain(key, report.ToString(), StringComparison.Ordinal);
    }

    private Task<ConfigurationReport> CheckAsync(bool probe, params string[] args) =>
        ConfigurationChecker.CheckAsync(
            new ConfigurationCheckRequest
            {
                Args = [$"--RagBot:DataDirectory={Path.Combine(_directory, "data")}", .. args],
                Probe = probe,
                EnvironmentName = "Testing",
                ContentRoot = _directory,
            },
            TestContext.Current.CancellationToken);
}
