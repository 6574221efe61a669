namespace RagBot.IntegrationTests.AppState;

/// <summary>The job-state owner's conformance suite on SQLite.</summary>
public sealed class SqliteJobLifecycleTests() : JobLifecycleConformanceTests(new SqliteAppStateTarget());
