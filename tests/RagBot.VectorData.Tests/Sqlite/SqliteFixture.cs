using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>Runs the conformance suite on the embedded SQLite store's exact float32 scan: one temp file per test class.</summary>
public sealed class SqliteFixture : VectorStoreFixture
{
    private readonly TempDirectory directory = new();

    public string DatabasePath => directory.File("conformance.db");

    public override IReadOnlyList<string> DistanceFunctions { get; } =
    [
        DistanceFunction.CosineSimilarity, DistanceFunction.CosineDistance, DistanceFunction.DotProductSimilarity,
        DistanceFunction.NegativeDotProductSimilarity, DistanceFunction.EuclideanDistance, DistanceFunction.EuclideanSquaredDistance,
    ];

    public override VectorStore CreateStore() =>
        new SqliteVectorStore(new SqliteVectorStoreOptions { DatabasePath = DatabasePath, Quantization = SqliteVectorQuantization.None });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            directory.Dispose();
        }

        base.Dispose(disposing);
    }
}
