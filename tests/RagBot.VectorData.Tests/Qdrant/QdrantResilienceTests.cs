using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagBot.VectorData.Qdrant;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantResilienceTests
{
    [Fact]
    public async Task Transient_503s_are_retried_until_qdrant_answers()
    {
        await using var context = QdrantTestContext.Start();
        context.Server.FailNext(503, times: 2);

        var exists = await context.Store.CollectionExistsAsync("x", TestContext.Current.CancellationToken);

        Assert.False(exists);
        Assert.Equal(3, context.Server.RequestsTo("GET", "/collections/x/exists").Count);
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task A_failed_upsert_is_resent_with_its_body()
    {
        await using var context = QdrantTestContext.Start();
        var hotels = context.Hotels();
        await hotels.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        context.Server.FailNext(502);

        await hotels.UpsertAsync(QdrantCollectionTests.NewHotel(1, "retried", [1, 0, 0, 0]), TestContext.Current.CancellationToken);

        var upserts = context.Server.RequestsTo("PUT", "/collections/hotels/points");
        Assert.Equal(2, upserts.Count);
        Assert.Equal(upserts[0].Body, upserts[1].Body);
        Assert.Equal("retried", (await hotels.GetAsync(1UL, cancellationToken: TestContext.Current.CancellationToken))!.Name);
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried()
    {
        await using var context = QdrantTestContext.Start();
        context.Server.FailNext(429, times: 1, retryAfter: "1");

        await context.Store.ListCollectionNamesAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, context.Server.RequestsTo("GET", "/collections").Count);
        context.AssertSpecCompliant();
    }

    [Fact]
    public async Task When_retries_run_out_the_error_carries_status_message_and_retry_after()
    {
        await using var context = QdrantTestContext.Start(new() { ["MaxRetries"] = "1" });
        context.Server.FailNext(429, times: 2, retryAfter: "0");

        var error = await Assert.ThrowsAsync<QdrantVectorStoreException>(
            () => context.Store.CollectionExistsAsync("x", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("scripted failure 429", error.QdrantError);
        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
        Assert.Equal(2, context.Server.RequestsTo("GET", "/collections/x/exists").Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        await using var context = QdrantTestContext.Start();
        context.Server.FailNext(400, times: 1);

        await Assert.ThrowsAsync<QdrantVectorStoreException>(() => context.Store.CollectionExistsAsync("x", TestContext.Current.CancellationToken));

        Assert.Single(context.Server.RequestsTo("GET", "/collections/x/exists"));
    }

    [Fact]
    public async Task The_api_key_is_sent_as_the_api_key_header()
    {
        await using var context = QdrantTestContext.Start(new() { ["ApiKey"] = "s3cret" }, requiredApiKey: "s3cret");

        Assert.False(await context.Store.CollectionExistsAsync("x", TestContext.Current.CancellationToken));

        Assert.All(context.Server.Requests, request => Assert.Equal("s3cret", request.ApiKey));
    }

    [Fact]
    public async Task A_wrong_api_key_surfaces_as_401()
    {
        await using var context = QdrantTestContext.Start(new() { ["ApiKey"] = "wrong" }, requiredApiKey: "s3cret");

        var error = await Assert.ThrowsAsync<QdrantVectorStoreException>(() => context.Store.CollectionExistsAsync("x", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public void A_missing_url_fails_validation_with_the_config_path()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddQdrantVectorStore()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QdrantOptions>>().Value);

        Assert.Contains("RagBot:VectorStore:Qdrant:Url", error.Message, StringComparison.Ordinal);
    }
}
