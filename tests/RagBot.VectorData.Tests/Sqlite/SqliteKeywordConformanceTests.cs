using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Sqlite;

public sealed class SqliteKeywordConformanceTests(SqliteFixture fixture)
    : KeywordConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
