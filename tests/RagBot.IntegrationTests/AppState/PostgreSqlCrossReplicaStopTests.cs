using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RagBot.AppState.PostgreSql;
using RagBot.Core.Documents;
using RagBot.IntegrationTests.Api;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.AppState;

/// <summary>
/// Two replicas on one PostgreSQL (two API hosts sharing the database and, standing in for Qdrant, one vector
/// file): a DELETE on the replica that does not run a document's job stops that job on the one that does.
/// </summary>
public sealed class PostgreSqlCrossReplicaStopTests(PostgreSqlCluster cluster) : IAsyncLifetime
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();
    private readonly List<JobsApiFactory> _replicas = [];
    private string _connectionString = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var target = new PostgreSqlAppStateTarget(cluster, nameof(PostgreSqlCrossReplicaStopTests));
        await target.ResetAsync();
        _connectionString = target.ConnectionString;
        await target.DisposeAsync();
        for (var i = 0; i < 2; i++)
        {
            var replica = new JobsApiFactory(_dataDirectory, new Dictionary<string, string?>
            {
                ["RagBot:AppState:Provider"] = "PostgreSql",
                ["RagBot:AppState:PostgreSql:ConnectionString"] = _connectionString,
                ["RagBot:Ingestion:Workers"] = "1",
            });
            replica.Embedder.HangOnMarker = true; // whichever replica claims the update hangs on it
            _replicas.Add(replica);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        JobsClient.DeleteDataDirectory(_dataDirectory);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("document")]
    [InlineData("job")]
    public async Task Deleting_on_one_replica_stops_the_job_another_replica_runs(string deleted)
    {
        var client = _replicas[0].CreateClient();
        (await client.UploadAsync("harbor.md", JobsClient.Markdown("harbor", 2), documentId: "harbor")).EnsureSuccessStatusCode();
        var update = Encoding.UTF8.GetBytes(JobsClient.Markdown("harbor", 3, FaultyEmbedder.HangMarker));
        var (_, jobId) = await client.EnqueueAsync("harbor.md", update, "harbor");
        await client.WaitForJobAsync(jobId, job => job.GetProperty("status").GetString() == "running");
        var holder = await LeaseOwnerAsync(jobId);
        var runner = _replicas.Single(r => r.Services.GetRequiredService<PostgreSqlAppStateDatabase>().InstanceId == holder);
        var other = _replicas.Single(r => r != runner).CreateClient();

        var response = await other.DeleteAsync(new Uri(deleted == "document" ? "/api/documents/harbor" : $"/api/jobs/{jobId}", UriKind.Relative), Ct);

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
        var job = await other.GetJobAsync(jobId);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains(deleted == "document" ? "was deleted while this job ran" : "was cancelled", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        var sha = Convert.ToHexStringLower(SHA256.HashData(update));
        Assert.Null(await runner.Services.GetRequiredService<IOriginalStore>().ReadAsync(sha, Ct));
        if (deleted == "document")
        {
            Assert.Null(await runner.Services.GetDocumentAsync("harbor"));
            Assert.Equal(0, await runner.Services.CountStoredChunksAsync("harbor"));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(new Uri("/api/documents/harbor", UriKind.Relative), Ct)).StatusCode);
        }

        // The runner's worker is free again.
        runner.Embedder.HangOnMarker = false;
        var (_, next) = await runner.CreateClient().EnqueueAsync("tide.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("tide", 2)), "tide");
        Assert.Equal("succeeded", (await client.WaitForJobAsync(next)).GetProperty("status").GetString());
    }

    private async Task<string> LeaseOwnerAsync(string jobId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT lease_owner FROM jobs WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", jobId);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
