using Microsoft.Extensions.Options;
using Npgsql;
using RagBot.AppState.PostgreSql;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// The PostgreSQL app state: one database per test class in the run's cluster, emptied before each test (a class's
/// tests run one after another). Each <see cref="Open"/> is another replica: its own connection pool and lease identity.
/// </summary>
public sealed class PostgreSqlAppStateTarget(PostgreSqlCluster cluster, string owner, int leaseSeconds = 30) : IAppStateTarget
{
    private readonly List<PostgreSqlAppStateDatabase> _opened = [];
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("ResetAsync first.");

    public async Task ResetAsync()
    {
        _connectionString = await cluster.RequireAsync(owner);
        var database = OpenDatabase();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "TRUNCATE documents, jobs, chat_sessions, chat_turns, index_generations, index_generation_documents, originals, reindex_holder RESTART IDENTITY CASCADE";
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public AppStateStores Open()
    {
        var database = OpenDatabase();
        return new AppStateStores(
            new PostgreSqlDocumentCatalog(database),
            new PostgreSqlJobStore(database),
            new PostgreSqlChatSessionStore(database, TimeProvider.System),
            new PostgreSqlIndexGenerationStore(database, TimeProvider.System),
            new PostgreSqlOriginalStore(database),
            new PostgreSqlAppStateProbe(database));
    }

    /// <summary>A replica's database handle (options built directly, so a test may use a lease shorter than the 5 s the validator allows).</summary>
    public PostgreSqlAppStateDatabase OpenDatabase()
    {
        var database = new PostgreSqlAppStateDatabase(Options.Create(new PostgreSqlAppStateOptions { ConnectionString = ConnectionString, JobLeaseSeconds = leaseSeconds }));
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }
}
