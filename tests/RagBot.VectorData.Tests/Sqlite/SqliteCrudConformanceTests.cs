using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteCrudConformanceTests(SqliteFixture fixture)
    : CrudConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
