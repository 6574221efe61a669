using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteSearchConformanceTests(SqliteFixture fixture)
    : SearchConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
