using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RagBot.Api.Security;
using RagBot.Api.Contracts;
using RagBot.Api.Infrastructure;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Core.Jobs;
using RagBot.Ingestion;
using RagBot.Ingestion.Jobs;

namespace RagBot.Api.Endpoints;

internal static class DocumentEndpoints
{
    public static RouteGroupBuilder MapDocumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization(RagBotRoles.UserPolicy);
        group.MapPost("/", UploadAsync)
            .WithName("UploadDocument")
            .WithSummary("Queue a document for indexing (multipart/form-data: file, optional documentId and repeatable tags); 202 with its job, or with ?wait=true the job's outcome.")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery()
            .RequireAuthorization(RagBotRoles.AdminPolicy)
            .RequireRateLimiting(SecurityServiceCollectionExtensions.UploadRateLimit);
        group.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("List stored documents.");
        group.MapGet("/{id}", GetAsync).WithName("GetDocument").WithSummary("Get one document's metadata.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/content", GetContentAsync).WithName("GetDocumentContent").WithSummary("Download a document's original bytes.").Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteDocument").WithSummary("Delete a document and all its chunks, or cancel the uploads of a document not indexed yet.").ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(RagBotRoles.AdminPolicy);
        return group;
    }

    private static async Task<Results<Accepted<UploadAccepted>, Created<UploadResponse>, Ok<UploadResponse>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, bool? wait, DocumentIngestor ingestor, IngestionJobQueue queue, IDocumentCatalog catalog, UploadMemoryBudget budget, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        IngestionJob? queued;
        ProblemHttpResult? forbidden;
        var (reservation, refusal) = await budget.ReserveAsync(request.ContentLength ?? options.Value.MaxUploadBytes, CallerIdentity.Of(request.HttpContext), cancellationToken);
        using (reservation)
        {
            if (reservation is null)
            {
                request.HttpContext.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    type: "https://ragbot.dev/problems/uploads-busy",
                    title: "Too many uploads at once",
                    detail: refusal == UploadMemoryBudget.Refusal.CallerShareUsed
                        ? $"This key's uploads in progress already hold half of the {options.Value.MaxUploadBytesInFlight} bytes the server receives at once ({IngestionOptions.SectionName}:MaxUploadBytesInFlight). Wait for them to finish, then try again."
                        : $"Uploads of more than {options.Value.MaxUploadBytesInFlight} bytes in total are already being received ({IngestionOptions.SectionName}:MaxUploadBytesInFlight) and this one could not start within {options.Value.UploadQueueSeconds} s ({IngestionOptions.SectionName}:UploadQueueSeconds). Try again after the Retry-After delay.");
            }

            (queued, forbidden) = await QueueAsync(request, ingestor, queue, options.Value.MaxUploadBytes, cancellationToken);
        }

        if (queued is not { } job)
        {
            return forbidden!;
        }

        if (wait == true)
        {
            job = await queue.WaitUntilFinishedAsync(job.Id, TimeSpan.FromSeconds(options.Value.WaitTimeoutSeconds), cancellationToken) ?? job;
        }

        return job.Status switch
        {
            IngestionJobStatus.Succeeded when job.Outcome == JobOutcomes.Created =>
                TypedResults.Created($"/api/documents/{Uri.EscapeDataString(job.DocumentId)}", new UploadResponse(job.DocumentId, job.Id, JobOutcomes.Created, job.ChunksTotal)),
            IngestionJobStatus.Succeeded or IngestionJobStatus.Unchanged =>
                TypedResults.Ok(new UploadResponse(job.DocumentId, job.Id, job.Outcome ?? JobOutcomes.Updated, job.ChunksTotal)),
            IngestionJobStatus.Failed => Failed(job),
            _ => TypedResults.Accepted($"/api/jobs/{job.Id}", new UploadAccepted(job.DocumentId, job.Id)),
        };
    }

    /// <summary>
    /// Reads the form and queues its job. A method of its own so that the uploaded bytes are unreachable once the
    /// job is queued: with <c>?wait=true</c> the request would otherwise hold them (a field of the async state
    /// machine) for the whole job, beside the job's own copy (docs/guide/memory.md).
    /// </summary>
    private static async Task<(IngestionJob? Job, ProblemHttpResult? Forbidden)> QueueAsync(
        HttpRequest request, DocumentIngestor ingestor, IngestionJobQueue queue, long maxUploadBytes, CancellationToken cancellationToken)
    {
        var form = await MultipartUploadReader.ReadAsync(request, maxUploadBytes, cancellationToken);
        var user = request.HttpContext.User;
        if (CallerScope.FirstForgedTag(user, form.Tags) is { } forged)
        {
            return (null, ForgedTag(forged, CallerScope.ScopeOf(user)!));
        }

        // A scoped key's documents always carry its scope tag and live in its own id namespace; the job store refuses
        // an id another scope holds (document or unfinished job) atomically with queueing the job.
        var tags = CallerScope.Restrict(user, form.Tags);
        var documentId = TenantDocumentIds.ForUpload(user, form.DocumentId, form.FileName);
        var version = await ingestor.PrepareAsync(new DocumentUpload(form.FileName, form.Content) { DocumentId = documentId, Tags = tags }, cancellationToken);
        return (await queue.EnqueueAsync(version, form.Content, CallerScope.ScopeOf(user), cancellationToken), null);
    }

    private static ProblemHttpResult ForgedTag(string tag, string scope) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: "https://ragbot.dev/problems/forbidden-tag",
        title: "This key may not set that tag",
        detail: $"The tag '{tag}' would place the document in another scope; this key's documents carry '{scope}', which is added for you. Remove the tag.");

    private static ProblemHttpResult Failed(IngestionJob job) => Enum.TryParse<RejectionReason>(job.ErrorCode, out var reason)
        ? throw new IngestionRejectedException(reason, job.Error ?? "The document cannot be read.")
        : TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            type: "https://ragbot.dev/problems/ingestion-failed",
            title: "The document could not be indexed",
            detail: $"{job.Error} (job {job.Id}; upload again once the cause is fixed)");

    /// <summary>Streamed from the store: 40 slow readers of a 48 MB file held 4.1 GB when each download read the file whole.</summary>
    private static async Task<FileStreamHttpResult> GetContentAsync(string id, IDocumentCatalog catalog, IOriginalStore originals, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var document = await VisibleAsync(id, catalog, httpContext, cancellationToken);
        var content = await originals.OpenReadAsync(document.Sha256, cancellationToken) ?? throw new DocumentNotFoundException(id);
        // The stored content type is the detected one, but a browser must not second-guess it (an HTML-looking .txt).
        httpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, document.ContentType, document.Source);
    }

    private static async Task<Ok<List<DocumentResponse>>> ListAsync(IDocumentCatalog catalog, HttpContext httpContext, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(cancellationToken)).Where(d => CallerScope.CanSee(httpContext.User, d.Tags)).Select(DocumentResponse.From).ToList());

    private static async Task<Ok<DocumentResponse>> GetAsync(string id, IDocumentCatalog catalog, HttpContext httpContext, CancellationToken cancellationToken) =>
        TypedResults.Ok(DocumentResponse.From(await VisibleAsync(id, catalog, httpContext, cancellationToken)));

    /// <summary>
    /// The document, or 404 when it does not exist or lies outside the caller's scope (existence is not revealed). A
    /// scoped key may name its documents by the id it uploaded with (see <see cref="TenantDocumentIds"/>).
    /// </summary>
    private static async Task<DocumentRecord> VisibleAsync(string id, IDocumentCatalog catalog, HttpContext httpContext, CancellationToken cancellationToken)
    {
        foreach (var candidate in TenantDocumentIds.Candidates(httpContext.User, id))
        {
            if (await catalog.GetAsync(candidate, cancellationToken) is { } document && CallerScope.CanSee(httpContext.User, document.Tags))
            {
                return document;
            }
        }

        throw new DocumentNotFoundException(id);
    }

    private static async Task<NoContent> DeleteAsync(string id, IngestionJobQueue queue, IDocumentCatalog catalog, HttpContext httpContext, CancellationToken cancellationToken)
    {
        foreach (var candidate in TenantDocumentIds.Candidates(httpContext.User, id))
        {
            if (await catalog.GetAsync(candidate, cancellationToken) is { } document)
            {
                if (!CallerScope.CanSee(httpContext.User, document.Tags))
                {
                    continue;
                }
            }
            else
            {
                // Not indexed yet: its only traces are queued or running uploads, which the caller may cancel when they
                // are all within its scope (a job carries its uploader's scope tag).
                var pending = await queue.ListUnfinishedAsync(candidate, cancellationToken);
                if (pending.Count == 0 || !pending.All(job => CallerScope.CanSee(httpContext.User, job.Tags)))
                {
                    continue;
                }
            }

            await queue.DeleteDocumentAsync(candidate, cancellationToken);
            return TypedResults.NoContent();
        }

        throw new DocumentNotFoundException(id);
    }
}
