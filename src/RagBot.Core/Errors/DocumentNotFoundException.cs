namespace RagBot.Core.Errors;

/// <summary>No document has the requested id (HTTP 404).</summary>
public sealed class DocumentNotFoundException : Exception
{
    public DocumentNotFoundException(string documentId)
        : base($"No document has the id '{documentId}'. List documents with GET /api/documents.")
    {
        DocumentId = documentId;
    }

    public string DocumentId { get; }
}
