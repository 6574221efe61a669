using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

/// <summary>
/// Runs the conformance suite against a real Qdrant when <c>QDRANT_URL</c> is set (optionally <c>QDRANT_API_KEY</c>);
/// otherwise every test is reported as skipped with the reason. Collections get a per-run prefix and are deleted after each test.
/// </summary>
public sealed class QdrantLiveFixture : VectorStoreFixture
{
    public const string SkipReason =
        "QDRANT_URL is not set: run `docker compose up -d qdrant`, then `QDRANT_URL=http://localhost:6333 dotnet test --project tests/RagBot.VectorData.Tests/RagBot.VectorData.Tests.csproj`.";

    private static readonly string? Url = Environment.GetEnvironmentVariable("QDRANT_URL");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _prefix = $"ragbot_conf_{Guid.NewGuid():N}"[..20] + "_";

    public override IReadOnlyList<string> DistanceFunctions { get; } =
        [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance];

    public override VectorStore CreateStore()
    {
        Assert.SkipWhen(string.IsNullOrWhiteSpace(Url), SkipReason);
        return new QdrantVectorStore(_http, new QdrantOptions
        {
            Url = new Uri(Url!),
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            CollectionPrefix = _prefix,
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http.Dispose();
        }

        base.Dispose(disposing);
    }
}
