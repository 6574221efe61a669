using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteFilterConformanceTests(SqliteFixture fixture)
    : FilterConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
