namespace RagBot.IntegrationTests.AppState;

/// <summary>The JobStore conformance suite on SQLite.</summary>
public sealed class SqliteJobStoreConformanceTests() : JobStoreConformanceTests(new SqliteAppStateTarget());
