using System.Security.Cryptography;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>One upload of the crash test: a document id and bytes, with the SHA-256 RagBot records as its version.</summary>
internal sealed record PlannedUpload(string DocumentId, byte[] Content, string Sha256)
{
    public static PlannedUpload Of(string documentId, byte[] content) => new(documentId, content, Convert.ToHexStringLower(SHA256.HashData(content)));
}
