using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
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
        var group = endpoints.MapGroup("/api/documents").WithTags("Documents");
        group.MapPost("/", UploadAsync)
            .WithName("UploadDocument")
            .WithSummary("Queue a document for indexing (multipart/form-data: file, optional documentId and repeatable tags); 202 with its job, or with ?wait=true the job's outcome.")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        group.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("List stored documents.");
        group.MapGet("/{id}", GetAsync).WithName("GetDocument").WithSummary("Get one document's metadata.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/content", GetContentAsync).WithName("GetDocumentContent").WithSummary("Download a document's original bytes.").Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteDocument").WithSummary("Delete a document and all its chunks.").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Accepted<UploadAccepted>, Created<UploadResponse>, Ok<UploadResponse>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, bool? wait, DocumentIngestor ingestor, IngestionJobQueue queue, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        var form = await MultipartUploadReader.ReadAsync(request, options.Value.MaxUploadBytes, cancellationToken);
        var version = await ingestor.PrepareAsync(new DocumentUpload(form.FileName, form.Content) { DocumentId = form.DocumentId, Tags = form.Tags }, cancellationToken);
        var job = await queue.EnqueueAsync(version, form.Content, cancellationToken);
        if (wait == true)
        {
            job = await queue.WaitUntilFinishedAsync(job.Id, TimeSpan.FromSeconds(options.Value.WaitTimeoutSeconds), cancellationToken) ?? job;
        }

        return job.Status switch
        {
            IngestionJobStatus.Succeeded when job.Outcome == "created" =>
                TypedResults.Created($"/api/documents/{Uri.EscapeDataString(job.DocumentId)}", new UploadResponse(job.DocumentId, job.Id, "created", job.ChunksTotal)),
            IngestionJobStatus.Succeeded or IngestionJobStatus.Unchanged =>
                TypedResults.Ok(new UploadResponse(job.DocumentId, job.Id, job.Outcome ?? "updated", job.ChunksTotal)),
            IngestionJobStatus.Failed => Failed(job),
            _ => TypedResults.Accepted($"/api/jobs/{job.Id}", new UploadAccepted(job.DocumentId, job.Id)),
        };
    }

    private static ProblemHttpResult Failed(IngestionJob job) => Enum.TryParse<RejectionReason>(job.ErrorCode, out var reason)
        ? throw new IngestionRejectedException(reason, job.Error ?? "The document cannot be read.")
        : TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            type: "https://ragbot.dev/problems/ingestion-failed",
            title: "The document could not be indexed",
            detail: $"{job.Error} (job {job.Id}; upload again once the cause is fixed)");

    private static async Task<FileContentHttpResult> GetContentAsync(string id, IDocumentCatalog catalog, IOriginalStore originals, CancellationToken cancellationToken)
    {
        var document = await catalog.GetAsync(id, cancellationToken) ?? throw new DocumentNotFoundException(id);
        var bytes = await originals.ReadAsync(document.Sha256, cancellationToken) ?? throw new DocumentNotFoundException(id);
        return TypedResults.File(bytes, document.ContentType, document.Source);
    }

    private static async Task<Ok<List<DocumentResponse>>> ListAsync(IDocumentCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(cancellationToken)).Select(DocumentResponse.From).ToList());

    private static async Task<Ok<DocumentResponse>> GetAsync(string id, IDocumentCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(DocumentResponse.From(await catalog.GetAsync(id, cancellationToken) ?? throw new DocumentNotFoundException(id)));

    private static async Task<NoContent> DeleteAsync(string id, DocumentIngestor ingestor, CancellationToken cancellationToken)
    {
        await ingestor.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
