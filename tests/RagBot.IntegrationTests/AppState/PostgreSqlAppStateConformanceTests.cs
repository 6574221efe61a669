namespace RagBot.IntegrationTests.AppState;

/// <summary>The AppState conformance suite on PostgreSQL (skipped where PostgreSQL is not installed).</summary>
public sealed class PostgreSqlAppStateConformanceTests(PostgreSqlCluster cluster) : AppStateConformanceTests(new PostgreSqlAppStateTarget(cluster, nameof(PostgreSqlAppStateConformanceTests)));
