namespace RagBot.IntegrationTests.AppState;

/// <summary>The job-state owner's conformance suite on PostgreSQL (skipped where PostgreSQL is not installed).</summary>
public sealed class PostgreSqlJobLifecycleTests(PostgreSqlCluster cluster) : JobLifecycleConformanceTests(new PostgreSqlAppStateTarget(cluster, nameof(PostgreSqlJobLifecycleTests)));
