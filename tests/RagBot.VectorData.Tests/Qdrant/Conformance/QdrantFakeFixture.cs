using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Tests.Conformance;
using RagBot.VectorData.Tests.Qdrant.Fake;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

/// <summary>
/// Runs the conformance suite against the spec-checking fake Qdrant (always, in CI). Stores are wired by
/// <see cref="ServiceCollectionExtensions.AddQdrantVectorStore"/>, so the resilience pipeline is in the loop.
/// A request that broke Qdrant's OpenAPI spec fails its test (the fake answers 400) and fails the class cleanup.
/// </summary>
public sealed class QdrantFakeFixture : VectorStoreFixture
{
    private readonly FakeQdrantServer _server = FakeQdrantServer.Start();
    private readonly ServiceProvider _services;

    public QdrantFakeFixture()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RagBot:VectorStore:Qdrant:Url"] = _server.Url.ToString(),
            ["RagBot:VectorStore:Qdrant:RetryBaseDelay"] = "00:00:00.010",
        };
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddQdrantVectorStore()
            .BuildServiceProvider();
    }

    public override IReadOnlyList<string> DistanceFunctions { get; } =
        [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance];

    public override VectorStore CreateStore() => new QdrantVectorStore(
        _services.GetRequiredService<IHttpClientFactory>().CreateClient(ServiceCollectionExtensions.HttpClientName),
        _services.GetRequiredService<IOptions<QdrantOptions>>().Value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _services.Dispose();
            _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (!_server.Violations.IsEmpty)
            {
                throw new InvalidOperationException("Requests broke Qdrant's OpenAPI spec:\n" + string.Join('\n', _server.Violations));
            }
        }

        base.Dispose(disposing);
    }
}
