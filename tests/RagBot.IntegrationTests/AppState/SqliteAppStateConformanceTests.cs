namespace RagBot.IntegrationTests.AppState;

/// <summary>The AppState conformance suite on SQLite.</summary>
public sealed class SqliteAppStateConformanceTests() : AppStateConformanceTests(new SqliteAppStateTarget());
