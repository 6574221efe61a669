using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteConcurrencyConformanceTests(SqliteFixture fixture)
    : ConcurrencyConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
