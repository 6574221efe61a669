using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;
using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>The same suite with int8 quantization and a forced parallel scan, so both search paths are exercised.</summary>
public sealed class SqliteInt8Fixture : VectorStoreFixture
{
    private readonly TempDirectory directory = new();

    public override VectorStore CreateStore() => new SqliteVectorStore(new SqliteVectorStoreOptions
    {
        DatabasePath = directory.File("conformance-int8.db"),
        Quantization = SqliteVectorQuantization.Int8,
        MaxSearchParallelism = 2,
        MinimumVectorsPerPartition = 2,
    });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            directory.Dispose();
        }

        base.Dispose(disposing);
    }
}
