using System.Text;
using System.Text.Json;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// Documents with the same bytes share one original. An outside attack lost 10 of 50 acknowledged uploads by deleting
/// another document with those bytes while they were queued: the deletion found the original unused just before the
/// upload's job row named it, and removed it after. Here one client keeps creating and deleting a document while
/// another uploads the same bytes under new ids: every acknowledged upload must be indexed.
/// </summary>
public sealed class SharedOriginalRaceTests : IDisposable
{
    private const int Rounds = 60;
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();

    public void Dispose() => JobsClient.DeleteDataDirectory(_dataDirectory);

    [Fact]
    public async Task Deleting_a_document_never_removes_the_original_of_an_acknowledged_upload_of_the_same_bytes()
    {
        using var factory = new JobsApiFactory(_dataDirectory);
        var client = factory.CreateClient();
        var bytes = Encoding.UTF8.GetBytes(JobsClient.Markdown("shared", 1));
        var cancellationToken = TestContext.Current.CancellationToken;

        var churn = Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var (id, job) = await client.EnqueueAsync("churn.md", bytes, "churn");
                await client.WaitForJobAsync(job);
                await client.DeleteAsync(new Uri($"/api/documents/{id}", UriKind.Relative), cancellationToken);
            }
        }, cancellationToken);

        var failures = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var (id, job) = await client.EnqueueAsync("kept.md", bytes, $"kept-{round}");
            var ended = await client.WaitForJobAsync(job);
            if (ended.GetProperty("status").GetString() != "succeeded")
            {
                failures.Add(JsonSerializer.Serialize(ended));
            }

            // Deleted again so the bytes are unused whenever the other client deletes its copy.
            await client.DeleteAsync(new Uri($"/api/documents/{id}", UriKind.Relative), cancellationToken);
        }

        await churn;
        Assert.True(failures.Count == 0, $"{failures.Count} of {Rounds} acknowledged uploads did not succeed; first: {failures.FirstOrDefault()}");
    }
}
