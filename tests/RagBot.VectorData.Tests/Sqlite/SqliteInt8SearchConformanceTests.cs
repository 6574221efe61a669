using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteInt8SearchConformanceTests(SqliteInt8Fixture fixture)
    : SearchConformanceTests<SqliteInt8Fixture>(fixture), IClassFixture<SqliteInt8Fixture>;
