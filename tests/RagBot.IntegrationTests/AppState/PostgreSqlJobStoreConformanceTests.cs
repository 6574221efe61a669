namespace RagBot.IntegrationTests.AppState;

/// <summary>The JobStore conformance suite on PostgreSQL (skipped where PostgreSQL is not installed).</summary>
public sealed class PostgreSqlJobStoreConformanceTests(PostgreSqlCluster cluster) : JobStoreConformanceTests(new PostgreSqlAppStateTarget(cluster, nameof(PostgreSqlJobStoreConformanceTests)));
