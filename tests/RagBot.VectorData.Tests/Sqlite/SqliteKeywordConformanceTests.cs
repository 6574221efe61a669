using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteHybridConformanceTests(SqliteFixture fixture)
    : HybridConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
