using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RagBot.Api.Contracts;
using RagBot.Api.Infrastructure;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion;

namespace RagBot.Api.Endpoints;

internal static class DocumentEndpoints
{
    public static RouteGroupBuilder MapDocumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/documents").WithTags("Documents");
        group.MapPost("/", UploadAsync)
            .WithName("UploadDocument")
            .WithSummary("Upload a document (multipart/form-data: file, optional documentId and repeatable tags).")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        group.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("List stored documents.");
        group.MapGet("/{id}", GetAsync).WithName("GetDocument").WithSummary("Get one document's metadata.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteDocument").WithSummary("Delete a document and all its chunks.").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<UploadResponse>, Ok<UploadResponse>>> UploadAsync(
        HttpRequest request, DocumentIngestor ingestor, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        var form = await MultipartUploadReader.ReadAsync(request, options.Value.MaxUploadBytes, cancellationToken);
        var result = await ingestor.IngestAsync(new DocumentUpload(form.FileName, form.Content) { DocumentId = form.DocumentId, Tags = form.Tags }, cancellationToken);
        var response = new UploadResponse(result.DocumentId, result.Status.ToString().ToLowerInvariant(), result.ChunkCount);
        return result.Status == IngestionStatus.Created
            ? TypedResults.Created($"/api/documents/{Uri.EscapeDataString(result.DocumentId)}", response)
            : TypedResults.Ok(response);
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
