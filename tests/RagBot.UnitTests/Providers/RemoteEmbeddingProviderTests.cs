using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Embeddings;
using RagBot.Core.Errors;

namespace RagBot.UnitTests.Providers;

public sealed class RemoteEmbeddingProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ragbot-embed-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task OpenAI_embeddings_post_the_inputs_and_report_model_and_dimensions()
    {
        await using var server = new FakeProviderServer(request => OpenAIWire.Embeddings(request, OpenAIWire.VectorOf));
        await using var services = ProviderTestHost.Build(OpenAIEmbeddings(server));
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await embedder.GenerateAsync(["alpha", "beta"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(OpenAIWire.VectorOf("alpha"), embeddings[0].Vector.ToArray());
        Assert.Equal(OpenAIWire.VectorOf("beta"), embeddings[1].Vector.ToArray());
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/embeddings", request.PathAndQuery);
        Assert.Equal("Bearer sk-embed", request.Header("Authorization"));
        Assert.Equal("text-embedding-3-small", request.Json["model"]!.GetValue<string>());
        Assert.Equal(["alpha", "beta"], request.Json["input"]!.AsArray().Select(n => n!.GetValue<string>()));
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal("text-embedding-3-small", metadata?.DefaultModelId);
        Assert.Equal(1536, metadata?.DefaultModelDimensions);
    }

    [Fact]
    public async Task OpenAI_embeddings_send_the_configured_dimensions()
    {
        await using var server = new FakeProviderServer(request => OpenAIWire.Embeddings(request, OpenAIWire.VectorOf));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Embeddings:Provider"] = "OpenAI",
            ["RagBot:Embeddings:Cache:Enabled"] = "false",
            ["RagBot:Embeddings:OpenAI:ApiKey"] = "sk-embed",
            ["RagBot:Embeddings:OpenAI:Model"] = "text-embedding-3-large",
            ["RagBot:Embeddings:OpenAI:Dimensions"] = "256",
            ["RagBot:Embeddings:OpenAI:Endpoint"] = new Uri(server.BaseUri, "v1").ToString(),
        });
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await embedder.GenerateAsync(["alpha"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(256, Assert.Single(server.Requests).Json["dimensions"]!.GetValue<int>());
        Assert.Equal(256, embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    [Fact]
    public async Task The_role_and_interactive_marks_stay_local_and_an_interactive_passage_is_served_from_the_passage_cache()
    {
        await using var server = new FakeProviderServer(request => OpenAIWire.Embeddings(request, OpenAIWire.VectorOf));
        await using var services = ProviderTestHost.Build(OpenAIEmbeddings(server));
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var ct = TestContext.Current.CancellationToken;

        var interactive = await embedder.GenerateAsync(["alpha"], EmbeddingRoles.InteractivePassage(), ct);
        var passage = await embedder.GenerateAsync(["alpha", "beta"], EmbeddingRoles.Passage(), ct);

        // Same vectors as a passage (the cache serves the second call's "alpha"), and no RagBot key reaches the wire.
        Assert.Equal(interactive[0].Vector.ToArray(), passage[0].Vector.ToArray());
        Assert.Equal([["alpha"], ["beta"]], server.Requests.Select(r => r.Json["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray()));
        Assert.All(server.Requests, r => Assert.DoesNotContain(r.Json.AsObject(), property => property.Key.StartsWith("ragbot", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Azure_embeddings_call_the_deployment_path_with_api_version_and_api_key()
    {
        await using var server = new FakeProviderServer(request => OpenAIWire.Embeddings(request, OpenAIWire.VectorOf));
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Embeddings:Provider"] = "AzureOpenAI",
            ["RagBot:Embeddings:Cache:Enabled"] = "false",
            ["RagBot:Embeddings:AzureOpenAI:Endpoint"] = server.BaseUri.ToString(),
            ["RagBot:Embeddings:AzureOpenAI:Deployment"] = "text-embedding-3-small",
            ["RagBot:Embeddings:AzureOpenAI:ApiKey"] = "azure-key",
            ["RagBot:Embeddings:AzureOpenAI:ApiVersion"] = "2024-06-01",
        });
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await embedder.GenerateAsync(["gamma"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(OpenAIWire.VectorOf("gamma"), embeddings[0].Vector.ToArray());
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-06-01", request.PathAndQuery);
        Assert.Equal("azure-key", request.Header("api-key"));
        Assert.Equal(1536, embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    [Fact]
    public async Task The_cache_sends_only_unseen_texts_and_survives_a_restart()
    {
        await using var server = new FakeProviderServer(request => OpenAIWire.Embeddings(request, OpenAIWire.VectorOf));
        var settings = CompatibleEmbeddings(server);
        var cancellationToken = TestContext.Current.CancellationToken;

        await using (var services = ProviderTestHost.Build(settings))
        {
            var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            await embedder.GenerateAsync(["one", "two", "one"], cancellationToken: cancellationToken);
            var second = await embedder.GenerateAsync(["two", "three"], cancellationToken: cancellationToken);
            Assert.Equal(OpenAIWire.VectorOf("two"), second[0].Vector.ToArray());
            Assert.Equal(OpenAIWire.VectorOf("three"), second[1].Vector.ToArray());
            Assert.Equal("nomic-embed-text", second[0].ModelId);
        }

        var inputs = server.Requests.Select(r => r.Json["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray()).ToList();
        Assert.Equal([["one", "two"], ["three"]], inputs);

        await using (var restarted = ProviderTestHost.Build(settings))
        {
            var embedder = restarted.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            var again = await embedder.GenerateAsync(["three", "one", "two"], cancellationToken: cancellationToken);
            Assert.Equal(OpenAIWire.VectorOf("one"), again[1].Vector.ToArray());
        }

        Assert.Equal(2, server.Requests.Count);
        Assert.True(File.Exists(Path.Combine(_directory, "embedding-cache.db")));
    }

    [Fact]
    public async Task Disabling_the_cache_sends_every_call_to_the_provider()
    {
        await using var server = new FakeProviderServer(request => OpenAIWire.Embeddings(request, OpenAIWire.VectorOf));
        await using var services = ProviderTestHost.Build(CompatibleEmbeddings(server).Append(new("RagBot:Embeddings:Cache:Enabled", "false")));
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await embedder.GenerateAsync(["one"], cancellationToken: TestContext.Current.CancellationToken);
        await embedder.GenerateAsync(["one"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests.Count);
        Assert.False(File.Exists(Path.Combine(_directory, "embedding-cache.db")));
    }

    [Fact]
    public async Task A_throttled_embedding_call_becomes_ProviderThrottledException()
    {
        await using var server = new FakeProviderServer(_ => OpenAIWire.Error(
            429, "Slow down.", "requests", "rate_limit_exceeded", new Dictionary<string, string> { ["Retry-After"] = "45" }));
        await using var services = ProviderTestHost.Build(CompatibleEmbeddings(server));
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var error = await Assert.ThrowsAsync<ProviderThrottledException>(() => embedder.GenerateAsync(["one"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(45), error.RetryAfter);
        Assert.Contains("OpenAI-compatible embedding server", error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> OpenAIEmbeddings(FakeProviderServer server) => new()
    {
        ["RagBot:DataDirectory"] = _directory,
        ["RagBot:Embeddings:Provider"] = "OpenAI",
        ["RagBot:Embeddings:OpenAI:ApiKey"] = "sk-embed",
        ["RagBot:Embeddings:OpenAI:Endpoint"] = new Uri(server.BaseUri, "v1").ToString(),
    };

    private Dictionary<string, string?> CompatibleEmbeddings(FakeProviderServer server) => new()
    {
        ["RagBot:DataDirectory"] = _directory,
        ["RagBot:Embeddings:Provider"] = "OpenAICompatible",
        ["RagBot:Embeddings:OpenAICompatible:BaseUrl"] = new Uri(server.BaseUri, "v1").ToString(),
        ["RagBot:Embeddings:OpenAICompatible:Model"] = "nomic-embed-text",
        ["RagBot:Embeddings:OpenAICompatible:Dimensions"] = "4",
    };
}
