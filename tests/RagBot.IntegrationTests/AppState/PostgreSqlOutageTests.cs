using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using RagBot.AppState.PostgreSql;
using RagBot.IntegrationTests.Api;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// A replica that starts while its PostgreSQL is down: readiness says the app state cannot be read, and once the
/// database is back the replica serves (schema migrated, worker running) without a restart. The cluster is this
/// class's own, since stopping the run's shared one would fail other classes' tests.
/// </summary>
public sealed class PostgreSqlOutageTests : IAsyncLifetime
{
    private readonly PostgreSqlCluster _cluster = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_replica_started_during_an_outage_reports_it_and_recovers_when_the_database_returns()
    {
        var connectionString = await _cluster.RequireAsync(nameof(PostgreSqlOutageTests));
        await _cluster.StopAsync();
        using var factory = new ConfiguredApiFactory(new Dictionary<string, string?>
        {
            ["RagBot:AppState:Provider"] = "PostgreSql",
            ["RagBot:AppState:PostgreSql:ConnectionString"] = connectionString + ";Timeout=3",
        });
        var client = factory.CreateClient();

        var down = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var appState = (await down.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("checks").GetProperty("app-state");
        Assert.Equal("Unhealthy", appState.GetProperty("status").GetString());
        Assert.Contains("PostgreSQL 127.0.0.1", appState.GetProperty("reason").GetString(), StringComparison.Ordinal);

        await _cluster.StartAgainAsync();

        // No restart of the replica: the next uses migrate the schema, and the worker (which could not recover at start) runs jobs.
        var ready = await WaitForReadyAsync(client);
        Assert.Contains("0 documents (PostgreSQL", ready.GetProperty("checks").GetProperty("app-state").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var (_, jobId) = await client.EnqueueAsync("outage.md", Encoding.UTF8.GetBytes("# Outage\n\nThe replica came back once PostgreSQL did."));
        var job = await client.WaitForJobAsync(jobId);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_schema_migration_that_failed_for_an_outage_is_tried_again_on_the_next_use()
    {
        var connectionString = await _cluster.RequireAsync("migration" + nameof(PostgreSqlOutageTests));
        await _cluster.StopAsync();
        await using var database = new PostgreSqlAppStateDatabase(Options.Create(new PostgreSqlAppStateOptions { ConnectionString = connectionString + ";Timeout=3" }));

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => new PostgreSqlAppStateProbe(database).CountDocumentsAsync(Ct));
        await _cluster.StartAgainAsync();

        Assert.Equal(0, await new PostgreSqlAppStateProbe(database).CountDocumentsAsync(Ct));
    }

    private static async Task<JsonElement> WaitForReadyAsync(HttpClient client)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(1); // a safety net, not a speed assertion
        while (true)
        {
            var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > giveUp)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
                return body;
            }

            await Task.Delay(200, Ct);
        }
    }
}
