using Microsoft.AspNetCore.Http.Metadata;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// The largest body a JSON endpoint reads. Kestrel's own limit is the upload limit (50 MB by default) so that
/// documents fit; without this, a question could be 50 MB of JSON, buffered whole: 16 such requests at once held
/// 2.2 GB. Routing applies it to the request before the body is read (413 once the body passes it).
/// </summary>
internal sealed class JsonBodyLimit(long maxBytes) : IRequestSizeLimitMetadata
{
    /// <summary>Questions, search requests: 1 MB holds the longest question RagBot accepts (8,000 characters) many times over.</summary>
    public static readonly JsonBodyLimit Question = new(1024 * 1024);

    /// <summary>OpenAI clients send the whole conversation with each request.</summary>
    public static readonly JsonBodyLimit Conversation = new(4 * 1024 * 1024);

    public long? MaxRequestBodySize => maxBytes;
}
