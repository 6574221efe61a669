using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteInt8FilterConformanceTests(SqliteInt8Fixture fixture)
    : FilterConformanceTests<SqliteInt8Fixture>(fixture), IClassFixture<SqliteInt8Fixture>;
