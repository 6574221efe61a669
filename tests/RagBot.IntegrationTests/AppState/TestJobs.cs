using RagBot.Core.Jobs;
using static RagBot.IntegrationTests.AppState.AppStateConformanceTests;

namespace RagBot.IntegrationTests.AppState;

/// <summary>Queued jobs as an upload creates them, for the job store and job lifecycle suites.</summary>
internal static class TestJobs
{
    /// <summary>A queued job of <paramref name="document"/> (tag <c>x</c>, bytes named after the document), created at <paramref name="createdAt"/>.</summary>
    public static IngestionJob Queued(string id, string document, DateTimeOffset createdAt) => new()
    {
        Id = id,
        DocumentId = document,
        Sha256 = Sha(document),
        Source = document + ".md",
        ContentType = "text/markdown",
        Tags = ["x"],
        Status = IngestionJobStatus.Queued,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };
}
