using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagBot.IntegrationTests.Api;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Security;

/// <summary>
/// Issue 14's attack with two tenants' admin keys: forged tenant tags, a document id raced through a queued job, jobs
/// read across tenants, ids that reveal another tenant, and index administration by a scoped admin.
/// </summary>
public sealed class TenantIsolationTests : IDisposable
{
    private readonly JobsApiFactory _factory;

    public TenantIsolationTests()
    {
        _factory = new JobsApiFactory(JobsClient.NewDataDirectory(), SecuredApiFactory.KeySettings());
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _factory.Dispose();
        JobsClient.DeleteDataDirectory(_factory.SharedDataDirectory);
    }

    private HttpClient Client(string key) => SecuredApiFactory.WithKey(_factory.CreateClient(), key);

    [Theory]
    [InlineData("tenant:beta")]
    [InlineData("TENANT:beta")]
    [InlineData("tenant:Acme")]
    public async Task A_scoped_key_cannot_tag_a_document_into_another_tenant_on_upload_or_update(string forged)
    {
        var acme = Client(SecuredApiFactory.AcmeAdmin);
        var betaUser = Client(SecuredApiFactory.BetaUser);

        var refused = await acme.UploadAsync("plant.md", "# Policy\n\nRetention lasts 99 years says the acme plant.", "plant", forged);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(forged, (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Update (re-upload of an existing document) is checked the same way, and leaves the document as it was.
        Assert.Equal(HttpStatusCode.Created, (await acme.UploadAsync("plant.md", "# Policy\n\nRetention lasts 99 years says the acme plant.", "plant", "team:ops")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.UploadAsync("plant.md", "# Policy\n\nRetention lasts 99 years, updated.", "plant", forged)).StatusCode);
        var stored = await acme.GetFromJsonAsync<JsonElement>("/api/documents/plant", Cancel);
        Assert.Equal(["team:ops", "tenant:acme"], stored.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        // Beta sees nothing of it.
        Assert.Empty(await betaUser.GetFromJsonAsync<JsonElement[]>("/api/documents", Cancel) ?? []);
        var answer = await betaUser.AskAsync(new { message = "How long does retention last?" });
        Assert.Empty(answer.CitedDocumentIds());
    }

    [Fact]
    public async Task A_queued_upload_cannot_be_overwritten_by_another_tenant_using_the_same_id()
    {
        var admin = Client(SecuredApiFactory.Admin);
        var acme = Client(SecuredApiFactory.AcmeAdmin);
        var beta = Client(SecuredApiFactory.BetaAdmin);

        // Keep the worker busy, so both tenants' uploads are still queued when the second one arrives.
        var blocker = await BlockWorkerAsync(admin);
        var (betaId, betaJob) = await beta.EnqueueAsync("race.md", "# Race\n\nBeta's retention is 3 years."u8.ToArray(), "race-doc");
        var (acmeId, acmeJob) = await acme.EnqueueAsync("race.md", "# Race\n\nAcme's retention is 9 years."u8.ToArray(), "race-doc");
        Assert.NotEqual(betaId, acmeId);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/documents/{blocker}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal("succeeded", (await beta.WaitForJobAsync(betaJob)).GetProperty("status").GetString());
        Assert.Equal("succeeded", (await acme.WaitForJobAsync(acmeJob)).GetProperty("status").GetString());

        // Each tenant reads back its own bytes under the id it uploaded with.
        Assert.Contains("3 years", await beta.GetStringAsync(new Uri("/api/documents/race-doc/content", UriKind.Relative), Cancel), StringComparison.Ordinal);
        Assert.Contains("9 years", await acme.GetStringAsync(new Uri("/api/documents/race-doc/content", UriKind.Relative), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_another_tenant_holds_is_neither_refused_nor_revealed()
    {
        var acme = Client(SecuredApiFactory.AcmeAdmin);
        var beta = Client(SecuredApiFactory.BetaAdmin);
        Assert.Equal(HttpStatusCode.Created, (await beta.UploadAsync("plan.md", "# Plan\n\nBeta plans.", "secret-plan")).StatusCode);

        // Same explicit id, and the same file name (derived id): both simply create acme's own document.
        var sameId = await acme.UploadAsync("plan.md", "# Plan\n\nAcme plans.", "secret-plan");
        Assert.Equal(HttpStatusCode.Created, sameId.StatusCode);
        var sameName = await acme.UploadAsync("plan.md", "# Plan\n\nAcme plans again.");
        Assert.Equal(HttpStatusCode.Created, sameName.StatusCode);
        var ids = await acme.GetFromJsonAsync<JsonElement[]>("/api/documents", Cancel) ?? [];
        Assert.All(ids, d => Assert.StartsWith("tenant.acme.", d.GetProperty("id").GetString(), StringComparison.Ordinal));

        // Beta's full id, asked for by acme, is as unknown as an id nobody holds.
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync(new Uri("/api/documents/tenant.beta.secret-plan", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await acme.UploadAsync("plan.md", "# Plan\n\nAcme again.", "tenant.beta.secret-plan")).StatusCode);
        Assert.Contains("Beta plans", await beta.GetStringAsync(new Uri("/api/documents/secret-plan/content", UriKind.Relative), Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_claimed_by_an_unfinished_job_of_another_owner_is_refused_atomically()
    {
        var admin = Client(SecuredApiFactory.Admin);
        var acme = Client(SecuredApiFactory.AcmeAdmin);

        // The unscoped admin's upload into acme's namespace, without acme's tag, is queued behind a stuck job.
        var blocker = await BlockWorkerAsync(admin);
        var (adminId, adminJob) = await admin.EnqueueAsync("ops.md", "# Ops\n\nOperators only."u8.ToArray(), "tenant.acme.ops");
        var originalsBefore = OriginalFiles();

        var refused = await acme.UploadAsync("ops.md", "# Ops\n\nAcme wants it.", "ops");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(originalsBefore, OriginalFiles());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/documents/{blocker}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal("succeeded", (await admin.WaitForJobAsync(adminJob)).GetProperty("status").GetString());
        Assert.Empty((await _factory.Services.GetDocumentAsync(adminId))!.Tags);
    }

    [Fact]
    public async Task A_job_belongs_to_the_scope_that_uploaded_it()
    {
        var admin = Client(SecuredApiFactory.Admin);
        var acme = Client(SecuredApiFactory.AcmeAdmin);
        var beta = Client(SecuredApiFactory.BetaAdmin);
        var (_, betaJob) = await beta.EnqueueAsync("job.md", "# Job\n\nBeta's job."u8.ToArray(), "job-doc");

        var foreign = await acme.GetAsync(new Uri($"/api/jobs/{betaJob}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("job-doc", await foreign.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await beta.GetAsync(new Uri($"/api/jobs/{betaJob}", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/api/jobs/{betaJob}", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Index_administration_is_for_unscoped_admins_only()
    {
        var acme = Client(SecuredApiFactory.AcmeAdmin);
        var admin = Client(SecuredApiFactory.Admin);

        var status = await acme.GetAsync(new Uri("/api/admin/index", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal("https://ragbot.dev/problems/unscoped-admin-required", (await status.ProblemAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.PostAsync(new Uri("/api/admin/reindex", UriKind.Relative), null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/admin/index", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Readiness_without_a_key_or_with_a_tenant_key_shows_only_each_dependencys_status()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client(SecuredApiFactory.Admin).UploadAsync("count.md", "# Count\n\nOne document.", "count")).StatusCode);

        var anonymous = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready", Cancel);
        // Reasons count every tenant's documents and name server paths: a tenant would watch the others' uploads.
        var tenant = await Client(SecuredApiFactory.BetaUser).GetFromJsonAsync<JsonElement>("/health/ready", Cancel);
        var keyed = await Client(SecuredApiFactory.User).GetFromJsonAsync<JsonElement>("/health/ready", Cancel);

        foreach (var entry in anonymous.GetProperty("checks").EnumerateObject().Concat(tenant.GetProperty("checks").EnumerateObject()))
        {
            Assert.Equal(["status"], entry.Value.EnumerateObject().Select(p => p.Name));
        }

        Assert.Contains(keyed.GetProperty("checks").EnumerateObject(), e => e.Value.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Originals_are_served_with_nosniff()
    {
        var acme = Client(SecuredApiFactory.AcmeAdmin);
        Assert.Equal(HttpStatusCode.Created, (await acme.UploadAsync("page.txt", "<html><script>alert(1)</script></html>", "page")).StatusCode);

        var content = await acme.GetAsync(new Uri("/api/documents/page/content", UriKind.Relative), Cancel);

        Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());
    }

    /// <summary>
    /// Leaves the worker stuck on an update of a document (deleting the document later stops it): jobs queued meanwhile
    /// stay queued. Returns the document's id.
    /// </summary>
    private async Task<string> BlockWorkerAsync(HttpClient admin)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.UploadAsync("blocker.md", JobsClient.Markdown("blocker", 2), "blocker")).StatusCode);
        _factory.Embedder.HangOnMarker = true;
        var (blocker, job) = await admin.EnqueueAsync("blocker.md", Encoding.UTF8.GetBytes(JobsClient.Markdown("blocker", 2, FaultyEmbedder.HangMarker)), "blocker");
        await admin.WaitForJobAsync(job, j => j.GetProperty("status").GetString() == "running");
        return blocker;
    }

    private string[] OriginalFiles()
    {
        var root = Path.Combine(_factory.SharedDataDirectory, "originals");
        return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }
}
